package io.maintkit.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NodeCursorsTest {

    private static final String A = "1234ebb3d08b0294b5ae159b0532af8e31b60b6a";
    private static final String B = "39c22cb89ffbcc9ae7273856136fd370ae96f12c";

    @Test
    void aClusterPositionRoundTripsAndLeavesNodesNotStartedOut() {
        Map<String, String> cursors = new LinkedHashMap<>();
        cursors.put(A, "0");
        cursors.put(B, "4988");
        cursors.put("c0ffee", "");
        String position = NodeCursors.format(cursors);
        assertThat(position).isEqualTo(A + ":0," + B + ":4988");
        assertThat(NodeCursors.done(position)).isFalse();
        assertThat(NodeCursors.parse(position, true)).containsExactly(Map.entry(A, "0"), Map.entry(B, "4988"));
        assertThat(NodeCursors.format(Map.of(A, "0", B, "0"))).isEqualTo("0");
    }

    @Test
    void anythingElseIsRefusedBeforeAServerIsTouched() {
        assertThat(NodeCursors.parse("0", true)).isEmpty();
        assertThat(NodeCursors.parse("1234", false)).containsExactly(Map.entry("", "1234"));
        assertThatThrownBy(() -> NodeCursors.parse(A + ":12;FLUSHALL", true))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> NodeCursors.parse("x".repeat(10_000), false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a SCAN cursor");
    }
}

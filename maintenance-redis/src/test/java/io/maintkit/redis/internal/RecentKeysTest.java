package io.maintkit.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RecentKeysTest {

    private static byte[] key(int i) {
        return ("k:" + i).getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aKeySeenAgainWithinTheWindowIsADuplicateAndOldKeysAreForgotten() {
        RecentKeys recent = new RecentKeys(3);
        assertThat(recent.firstTime(key(1))).isTrue();
        assertThat(recent.firstTime(key(2))).isTrue();
        assertThat(recent.firstTime(key(1))).isFalse();
        assertThat(recent.firstTime(key(3))).isTrue();
        assertThat(recent.firstTime(key(4))).isTrue();
        assertThat(recent.firstTime(key(1))).as("forgotten: out of the window").isTrue();
    }

    @Test
    void aLongScanWithRepeatsAnswersExactlyLikeAWindowOfTheLastDistinctKeys() {
        int capacity = 1_000;
        RecentKeys recent = new RecentKeys(capacity);
        java.util.LinkedHashSet<Integer> window = new java.util.LinkedHashSet<>();
        java.util.Random random = new java.util.Random(42);
        int duplicates = 0;
        for (int i = 0; i < 200_000; i++) {
            int k = random.nextInt(5_000);
            boolean expected = !window.contains(k);
            if (expected) {
                window.add(k);
                if (window.size() > capacity) {
                    window.remove(window.iterator().next());
                }
            } else {
                duplicates++;
            }
            assertThat(recent.firstTime(key(k))).as("key %d at step %d", k, i).isEqualTo(expected);
        }
        assertThat(duplicates).as("the keys repeat within the window often").isGreaterThan(20_000);
    }

    @Test
    void globsEscapeEveryMetacharacterAndPrefixesSplitOnBytes() {
        byte[] escaped = KeyNames.escapeGlob("a*b?[c]\\".getBytes(StandardCharsets.UTF_8));
        assertThat(new String(escaped, StandardCharsets.UTF_8)).isEqualTo("a\\*b\\?\\[c\\]\\\\");
        assertThat(KeyNames.prefix(new byte[] {'x', (byte) 0xff, ':', 'y'}, new byte[] {':'}))
                .containsExactly('x', (byte) 0xff);
        assertThat(KeyNames.prefix("nosep".getBytes(StandardCharsets.UTF_8), new byte[] {':'})).isNull();
        assertThat(KeyNames.display("plain:text".getBytes(StandardCharsets.UTF_8))).isEqualTo("plain:text");
        assertThat(KeyNames.display(new byte[] {'a', (byte) 0xc3})).isEqualTo("\"a\\xc3\"");
    }
}

package io.maintkit.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class RedisClusterTest {

    @Test
    void sixNodesServeEverySlotAndAReplicaTakesOverAStoppedPrimary() throws IOException {
        assumeTrue(RedisCluster.isAvailable(), "Debian's redis-server and redis-cli are not installed");
        try (RedisCluster cluster = RedisCluster.start()) {
            List<RedisProcess> primaries = cluster.primaries();
            assertThat(primaries).hasSize(3);
            assertThat(cluster.replicas()).hasSize(3);
            RedisProcess stopped = primaries.get(0);
            cluster.stop(stopped);
            cluster.awaitHealthy();
            assertThat(cluster.primaries()).hasSize(3).doesNotContain(stopped);
            assertThat(cluster.replicas()).hasSize(2);
            RedisProcess survivor = cluster.primaries().get(0);
            String info = Resp.exchange(survivor.host(), survivor.port(), false, new String[] {"CLUSTER", "INFO"});
            assertThat(Resp.infoField(info, "cluster_state")).isEqualTo("ok");
        }
    }
}

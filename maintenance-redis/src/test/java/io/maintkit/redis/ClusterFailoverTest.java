package io.maintkit.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisAdvancedClusterCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.maintkit.core.ActionExecution;
import io.maintkit.core.ExecutionListener;
import io.maintkit.core.ExecutionOptions;
import io.maintkit.core.MaintenanceAction;
import io.maintkit.core.MaintenancePlan;
import io.maintkit.core.Outcome;
import io.maintkit.testkit.RedisCluster;
import io.maintkit.testkit.RedisProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** A pattern deletion on a Redis Cluster whose primary is stopped mid-run, and the re-run after the failover. */
class ClusterFailoverTest {

    private static final int MATCHING = 24_000;
    private static final int OTHERS = 3_000;

    @Test
    void aPrimaryStoppedMidRunIsReportedAndARerunAfterTheFailoverFinishesTheJob() throws Exception {
        assumeTrue(RedisCluster.isAvailable(), "Debian's redis-server and redis-cli are not installed");
        try (RedisCluster cluster = RedisCluster.start()) {
            RedisClusterClient client = RedisClusterClient.create(cluster.seeds().stream().map(RedisURI::create)
                    .toList());
            try (StatefulRedisClusterConnection<byte[], byte[]> connection = client.connect(ByteArrayCodec.INSTANCE)) {
                run(cluster, client, connection.sync());
            } finally {
                client.shutdown();
            }
        }
    }

    private void run(RedisCluster cluster, RedisClusterClient client, RedisAdvancedClusterCommands<byte[], byte[]> c)
            throws Exception {
        Map<byte[], byte[]> keys = ClusterTest.keys(MATCHING, OTHERS);
        List<byte[]> matching = new ArrayList<>();
        List<byte[]> others = new ArrayList<>();
        keys.keySet().forEach(k -> (k[0] == 'd' ? matching : others).add(k));
        c.mset(keys);
        PatternDeletion deletion = PatternDeletion.on(client).prefix(ClusterTest.PREFIX)
                .scan(ScanSettings.forChanges().withCount(100).withPause(Duration.ofMillis(25))
                        .withCommandTimeout(Duration.ofSeconds(2)));
        MaintenancePlan plan = deletion.plan();
        assertThat(plan.actions().get(0).reason()).contains("24,000 of 24,000 matching keys");

        AtomicReference<RedisProcess> stopped = new AtomicReference<>();
        List<String> progress = new CopyOnWriteArrayList<>();
        ExecutionListener stopTheScannedPrimary = new ExecutionListener() {
            @Override
            public void progress(MaintenanceAction action, String message) {
                progress.add(message);
                if (stopped.get() == null && message.startsWith("redis://") && !message.endsWith("done")) {
                    String node = message.substring(0, message.indexOf(": "));
                    RedisProcess primary = cluster.nodes().stream().filter(n -> n.uri().equals(node))
                            .findFirst().orElseThrow();
                    stopped.set(primary);
                    cluster.stop(primary);
                }
            }
        };
        ActionExecution first = plan.execute(ExecutionOptions.defaults().allowDestructive(true)
                .listener(stopTheScannedPrimary)).executions().get(0);
        assertThat(stopped.get()).as("a primary was stopped while it was being scanned").isNotNull();
        assertThat(first.outcome()).isEqualTo(Outcome.FAILED);
        String lost = stopped.get().uri();
        // The stopped primary fails at the cursor it reached; when its scan ends while it shuts down, the other
        // primaries' commands fail instead while the cluster is down (CLUSTERDOWN), and are counted as not confirmed.
        assertThat(first.detail()).contains(lost + ": ").containsAnyOf("then failed at cursor", "not confirmed")
                .contains("a re-run takes the keys left");
        assertThat(progress).last().asString().endsWith("finished with failures: a re-run takes the keys left");
        java.util.regex.Matcher totals = java.util.regex.Pattern
                .compile("^([\\d,]+) keys matched, ([\\d,]+) unlinked(?:, ([\\d,]+) not confirmed)?")
                .matcher(first.detail());
        assertThat(totals.find()).as(first.detail()).isTrue();
        long unlinked = number(totals.group(2));
        long notConfirmed = totals.group(3) == null ? 0 : number(totals.group(3));

        cluster.awaitHealthy();
        assertThat(cluster.primaries()).hasSize(3).doesNotContain(stopped.get());
        client.refreshPartitions();
        long left = c.exists(matching.toArray(new byte[0][]));
        assertThat(left).as("every key counted as unlinked is gone, every other one accounted for")
                .isBetween((long) MATCHING - unlinked - notConfirmed, (long) MATCHING - unlinked);
        assertThat(left).as("the stopped primary's scan did not finish").isPositive();

        io.maintkit.core.CheckResult memory = MemoryCheck.on(client).asCheck().run();
        assertThat(memory.completed()).isTrue();
        assertThat(memory.findings()).filteredOn(f -> f.kind().equals(NodeReports.NODE_UNREACHABLE))
                .singleElement().satisfies(f -> {
                    assertThat(f.subject()).isEqualTo(lost);
                    assertThat(f.severity()).isEqualTo(io.maintkit.core.Severity.UNKNOWN);
                });

        MaintenancePlan rerun = deletion.plan();
        assertThat(rerun.actions().get(0).reason()).contains(String.format("%,d of %,d matching keys", left, left));
        ActionExecution second = rerun.execute(ExecutionOptions.defaults().allowDestructive(true)).executions()
                .get(0);
        assertThat(second.outcome()).as(second.detail()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(second.detail()).startsWith(String.format("%,d keys matched, %,d unlinked on 3 primaries", left,
                left));
        assertThat(c.exists(matching.toArray(new byte[0][]))).isZero();
        assertThat(c.exists(others.toArray(new byte[0][]))).isEqualTo(OTHERS);
        assertThat(KeyspaceAudit.on(client).audit().keys()).as("keys left on the primaries now serving")
                .isEqualTo(OTHERS);
    }

    private static long number(String digits) {
        return Long.parseLong(digits.replace(",", ""));
    }
}

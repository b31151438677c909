package io.maintkit.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisAdvancedClusterCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.maintkit.core.ActionExecution;
import io.maintkit.core.CheckResult;
import io.maintkit.core.ExecutionListener;
import io.maintkit.core.ExecutionOptions;
import io.maintkit.core.Finding;
import io.maintkit.core.MaintenanceAction;
import io.maintkit.core.MaintenancePlan;
import io.maintkit.core.Outcome;
import io.maintkit.core.Severity;
import io.maintkit.core.SuiteResult;
import io.maintkit.testkit.RedisCluster;
import io.maintkit.testkit.RedisProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every primitive on one Redis Cluster of three primaries and three replicas (Debian's redis-server). */
class ClusterTest {

    /** A literal prefix that is not UTF-8 and holds glob metacharacters. */
    static final byte[] PREFIX = {'d', 'e', 'l', ':', (byte) 0xff, '*', '?', '[', '\\'};
    /** A key the glob {@code del:\xff*?[\*} (unescaped) would match, but the literal prefix does not. */
    static final byte[] DECOY = {'d', 'e', 'l', ':', (byte) 0xff, 'X', 'Y', '[', '\\', '1'};
    static final int MATCHING = 3_000;
    static final int OTHERS = 1_000;

    private static RedisCluster cluster;
    private static RedisClusterClient client;
    private static StatefulRedisClusterConnection<byte[], byte[]> connection;

    @BeforeAll
    static void start() {
        assumeTrue(RedisCluster.isAvailable(), "Debian's redis-server and redis-cli are not installed");
        cluster = RedisCluster.start();
        client = RedisClusterClient.create(cluster.seeds().stream().map(RedisURI::create).toList());
        connection = client.connect(ByteArrayCodec.INSTANCE);
    }

    @AfterAll
    static void stop() {
        if (connection != null) {
            connection.close();
        }
        if (client != null) {
            client.shutdown();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @BeforeEach
    void fill() {
        RedisAdvancedClusterCommands<byte[], byte[]> c = connection.sync();
        c.flushall();
        c.mset(keys(MATCHING, OTHERS));
        c.set(DECOY, new byte[] {1});
    }

    /** {@code matching} keys under {@link #PREFIX} and {@code others} under {@code keep:}, spread over every slot. */
    static Map<byte[], byte[]> keys(int matching, int others) {
        Map<byte[], byte[]> keys = new HashMap<>();
        for (int i = 0; i < matching; i++) {
            keys.put(matching(i), new byte[] {(byte) i});
        }
        for (int i = 0; i < others; i++) {
            keys.put(("keep:" + i).getBytes(java.nio.charset.StandardCharsets.UTF_8), new byte[] {(byte) i});
        }
        return keys;
    }

    static byte[] matching(int i) {
        byte[] suffix = Integer.toString(i).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] key = java.util.Arrays.copyOf(PREFIX, PREFIX.length + suffix.length + 1);
        System.arraycopy(suffix, 0, key, PREFIX.length, suffix.length);
        key[key.length - 1] = (byte) 0xfe;
        return key;
    }

    @Test
    void healthReadsEveryNodeAndEachFindingNamesItsNode() {
        Set<String> nodes = new HashSet<>();
        cluster.nodes().forEach(n -> nodes.add(n.uri()));
        SuiteResult result = RedisHealth.on(client).target("cache-cluster").suite().run();
        assertThat(result.results()).hasSize(7)
                .allSatisfy(r -> assertThat(r.completed()).as(r.toString()).isTrue())
                .extracting(CheckResult::target).containsOnly("cache-cluster");
        CheckResult memory = result.results().get(0);
        assertThat(memory.findings()).filteredOn(f -> f.kind().equals("no-previous-sample"))
                .extracting(Finding::subject).containsExactlyInAnyOrderElementsOf(nodes);
        CheckResult security = result.results().stream().filter(r -> r.checkId().equals(SecurityCheck.ID))
                .findFirst().orElseThrow();
        assertThat(security.findings()).filteredOn(f -> f.kind().equals("no-authentication"))
                .extracting(Finding::subject).containsExactlyInAnyOrderElementsOf(nodes);
    }

    @Test
    void replicationReportsThreePrimariesAndThreeLinkedReplicas() throws Exception {
        NodeReports<ReplicationReport> reports = ReplicationCheck.on(client).inspectEveryNode();
        assertThat(reports.unreachable()).isEmpty();
        assertThat(reports.reports()).extracting(ReplicationReport::role)
                .containsExactlyInAnyOrder("master", "master", "master", "slave", "slave", "slave");
        assertThat(reports.worst()).isIn(Severity.OK, Severity.INFO);
    }

    @Test
    void deletionCoversEveryPrimaryPerSlotAndTouchesNothingElse() throws Exception {
        RedisAdvancedClusterCommands<byte[], byte[]> c = connection.sync();
        Set<Integer> slots = new HashSet<>();
        for (int i = 0; i < MATCHING; i++) {
            slots.add(SlotHash.getSlot(matching(i)));
        }
        assertThat(slots).as("the keys spread over many slots: each batch spans slots").hasSizeGreaterThan(2_000);
        PatternDeletion deletion = PatternDeletion.on(client).prefix(PREFIX)
                .scan(ScanSettings.forChanges().withCount(200));
        assertThat(deletion.dryRun().selected()).isEqualTo(MATCHING);
        MaintenancePlan plan = deletion.plan();
        assertThat(plan.actions().get(0).reason()).contains("3,000 of 3,000 matching keys");
        List<String> progress = new CopyOnWriteArrayList<>();
        ActionExecution done = plan.execute(ExecutionOptions.defaults().allowDestructive(true)
                .listener(listener(progress))).executions().get(0);
        assertThat(done.outcome()).as(done.detail()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(done.detail()).startsWith("3,000 keys matched, 3,000 unlinked on 3 primaries (");
        assertThat(done.measurements()).anySatisfy(m -> {
            assertThat(m.name()).isEqualTo("unlinked");
            assertThat(m.value()).isEqualTo(3_000.0);
        });
        for (RedisProcess primary : cluster.primaries()) {
            assertThat(progress).anySatisfy(p -> assertThat(p).startsWith(primary.uri() + ": ").endsWith("done"));
        }
        assertThat(c.dbsize()).isEqualTo(OTHERS + 1);
        assertThat(c.exists(DECOY)).isEqualTo(1);
        assertThat(deletion.plan().isEmpty()).isTrue();
    }

    @Test
    void ttlCleanupGivesATtlOnlyToMatchingKeysWithoutOne() throws Exception {
        RedisAdvancedClusterCommands<byte[], byte[]> c = connection.sync();
        c.expire(matching(7), 100);
        MaintenancePlan plan = TtlCleanup.on(client).prefix(PREFIX).ttl(Duration.ofDays(1)).plan();
        assertThat(plan.actions().get(0).reason()).contains("2,999 of 3,000 matching keys have no TTL");
        ActionExecution done = plan.execute(ExecutionOptions.defaults().allowDestructive(true)).executions().get(0);
        assertThat(done.outcome()).as(done.detail()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(done.detail()).startsWith("3,000 keys matched, 2,999 given a TTL");
        assertThat(c.ttl(matching(7))).isBetween(1L, 100L);
        assertThat(c.ttl(matching(8))).isGreaterThan(86_000L);
        assertThat(c.ttl(DECOY)).isEqualTo(-1L);
        assertThat(c.ttl("keep:1".getBytes(java.nio.charset.StandardCharsets.UTF_8))).isEqualTo(-1L);
    }

    @Test
    void auditCoversEveryPrimaryAndResumesNodeByNode() throws Exception {
        long total = connection.sync().dbsize();
        KeyspaceReport whole = KeyspaceAudit.on(client).audit();
        assertThat(whole.keys()).isEqualTo(total);
        assertThat(whole.complete()).isTrue();
        assertThat(whole.prefix("keep").orElseThrow().keys()).isEqualTo(OTHERS);
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            KeyspaceReport parallel = KeyspaceAudit.on(client).executor(pool).audit();
            assertThat(parallel.keys()).isEqualTo(total);
            assertThat(parallel.keysByType()).isEqualTo(whole.keysByType());
        } finally {
            pool.shutdown();
        }
        long seen = 0;
        int parts = 0;
        KeyspaceAudit limited = KeyspaceAudit.on(client).scan(ScanSettings.defaults().withCount(100)).maxKeys(700);
        KeyspaceReport part = limited.audit();
        List<String> cursors = new ArrayList<>();
        while (true) {
            seen += part.keys();
            parts++;
            if (part.complete()) {
                break;
            }
            assertThat(part.findings()).anySatisfy(f -> assertThat(f.kind()).isEqualTo("audit-incomplete"));
            cursors.add(part.cursor());
            part = limited.resumeFrom(part.cursor()).audit();
        }
        assertThat(parts).isGreaterThan(3);
        assertThat(cursors).allSatisfy(k -> assertThat(k).matches("[0-9a-f]{40}:[0-9]+(,[0-9a-f]{40}:[0-9]+)*"));
        assertThat(seen).isEqualTo(total);
    }

    @Test
    void snapshotAndFlushCoverEveryPrimary() throws Exception {
        NodeReports<SnapshotReport> snapshots = RedisSnapshot.on(client).take();
        Set<String> primaries = new HashSet<>();
        cluster.primaries().forEach(p -> primaries.add(p.uri()));
        assertThat(snapshots.reports()).extracting(SnapshotReport::node).containsExactlyInAnyOrderElementsOf(primaries);
        assertThat(snapshots.reports()).allSatisfy(s -> assertThat(s.localFile()).isPresent());
        MaintenancePlan flush = RedisFlush.on(client).plan();
        assertThat(flush.actions()).hasSize(3).allSatisfy(a -> assertThat(a.destructive()).isTrue());
        assertThat(flush.actions().stream().mapToLong(a -> Long.parseLong(a.reason().split(" ")[1]
                .replace(",", ""))).sum()).isEqualTo(MATCHING + OTHERS + 1);
        assertThat(flush.execute(ExecutionOptions.defaults().allowDestructive(true)).allSucceeded()).isTrue();
        assertThat(connection.sync().dbsize()).isZero();
    }

    static ExecutionListener listener(List<String> progress) {
        return new ExecutionListener() {
            @Override
            public void progress(MaintenanceAction action, String message) {
                progress.add(message);
            }
        };
    }
}

package io.maintkit.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.maintkit.core.DataSize;
import io.maintkit.core.Finding;
import io.maintkit.core.Severity;
import io.maintkit.core.Threshold;
import io.maintkit.testkit.RedisBinary;
import io.maintkit.testkit.RedisProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class KeyspaceAuditTest {

    private final Servers servers = new Servers();

    @AfterEach
    void stop() throws Exception {
        servers.close();
    }

    @ParameterizedTest
    @MethodSource("io.maintkit.redis.Servers#binaries")
    void oneScanSaysWhereTheMemoryIsByKeyByTypeAndByPrefix(RedisBinary binary) throws Exception {
        RedisProcess redis = servers.start(binary);
        RedisClient client = servers.client(redis);
        Keyspaces.fill(client);
        KeyspaceReport report = KeyspaceAudit.on(client).scan(ScanSettings.defaults().withCount(100))
                .bigKeys(Threshold.above(DataSize.ofKilobytes(200), DataSize.ofMegabytes(100)),
                        Threshold.above(4_000L, 1_000_000L))
                .audit();
        assertThat(report.complete()).isTrue();
        assertThat(report.keys()).isEqualTo(Keyspaces.TOTAL);
        assertThat(report.keysByType()).containsEntry("hash", 1L).containsEntry("list", 1L)
                .containsEntry("set", 1L).containsEntry("zset", 1L).containsEntry("stream", 1L);
        assertThat(report.largestByBytes().get(0).name()).isIn("big:hash", "blob");
        assertThat(report.largestByElements().get("hash").get(0).name()).isEqualTo("big:hash");
        assertThat(report.largestByElements().get("hash").get(0).elements()).isEqualTo(Keyspaces.BIG_HASH_FIELDS);
        assertThat(report.largestByElements().get("list").get(0).elements()).isEqualTo(2_000);
        assertThat(report.largestByElements().get("string").get(0).name()).isEqualTo("blob");
        KeyspaceReport.PrefixStats users = report.prefix("user").orElseThrow();
        assertThat(users.keys()).isEqualTo(Keyspaces.USERS);
        assertThat(users.withoutTtlShare().value()).isEqualTo(100.0);
        KeyspaceReport.PrefixStats sessions = report.prefix("session").orElseThrow();
        assertThat(sessions.keys()).isEqualTo(Keyspaces.SESSIONS);
        assertThat(sessions.keysWithoutTtl()).isZero();
        assertThat(report.prefix(KeyspaceReport.PrefixStats.NONE).orElseThrow().keys()).isEqualTo(1);
        assertThat(report.withoutTtl().keys()).isEqualTo(Keyspaces.TOTAL - Keyspaces.SESSIONS);
        assertThat(report.accounted()).isPresent();
        assertThat(report.accountedShare().orElseThrow().value()).isBetween(1.0, 100.0);
        assertThat(report.findings()).extracting(Finding::kind).contains("big-key", "big-collection");
        assertThat(report.findings()).filteredOn(f -> f.kind().equals("big-collection"))
                .extracting(f -> f.details().get("key")).containsExactly("big:hash");
    }

    @ParameterizedTest
    @MethodSource("io.maintkit.redis.Servers#binaries")
    void binaryNamesAreShownQuotedAndPrefixesBeyondTheCapAreSummed(RedisBinary binary) throws Exception {
        RedisProcess redis = servers.start(binary);
        RedisClient client = servers.client(redis);
        Keyspaces.fill(client);
        KeyspaceReport report = KeyspaceAudit.on(client).maxPrefixes(3).top(1_000).audit();
        assertThat(report.prefixes()).hasSize(4);
        KeyspaceReport.PrefixStats other = report.prefixes().get(3);
        assertThat(other.prefix()).isEqualTo(KeyspaceReport.PrefixStats.OTHER);
        assertThat(report.prefixes().stream().mapToLong(KeyspaceReport.PrefixStats::keys).sum())
                .isEqualTo(Keyspaces.TOTAL);
        assertThat(report.largestByElements().get("string")).extracting(KeyspaceReport.BigKey::name)
                .contains("\"bin:\\xff\\xfe*?[]\\\\\\x00\"");
    }

    @ParameterizedTest
    @MethodSource("io.maintkit.redis.Servers#binaries")
    void aPassStoppedAtALimitResumesFromItsCursorAndCoversEveryKey(RedisBinary binary) throws Exception {
        RedisProcess redis = servers.start(binary);
        RedisClient client = servers.client(redis);
        Keyspaces.fill(client);
        KeyspaceAudit audit = KeyspaceAudit.on(client).scan(ScanSettings.defaults().withCount(20)).maxKeys(100);
        KeyspaceReport part = audit.audit();
        assertThat(part.complete()).isFalse();
        assertThat(part.findings()).extracting(Finding::kind).contains("audit-incomplete");
        long total = part.keys();
        int parts = 1;
        while (!part.complete()) {
            part = audit.resumeFrom(part.cursor()).audit();
            total += part.keys();
            parts++;
        }
        assertThat(parts).isGreaterThan(2);
        assertThat(total).isEqualTo(Keyspaces.TOTAL);
    }

    @ParameterizedTest
    @MethodSource("io.maintkit.redis.Servers#binaries")
    void keysOfEveryTypeUnderOnePrefixEachGetTheirOwnTypeAndLength(RedisBinary binary) throws Exception {
        RedisProcess redis = servers.start(binary);
        RedisClient client = servers.client(redis);
        var c = servers.commands(client);
        String[] types = {"string", "hash", "list", "set", "zset", "stream"};
        java.util.Map<String, java.util.Map<String, Long>> expected = new java.util.TreeMap<>();
        for (int i = 0; i < 600; i++) {
            String key = "mixed:" + i;
            int length = 1 + i % 37;
            String type = types[i % types.length];
            for (int e = 0; e < length; e++) {
                switch (type) {
                    case "string" -> c.append(key, "x");
                    case "hash" -> c.hset(key, "f" + e, "v");
                    case "list" -> c.rpush(key, "v");
                    case "set" -> c.sadd(key, "m" + e);
                    case "zset" -> c.zadd(key, e, "m" + e);
                    default -> c.xadd(key, java.util.Map.of("n", "v"));
                }
            }
            expected.computeIfAbsent(type, t -> new java.util.TreeMap<>()).put(key, (long) length);
        }
        KeyspaceReport report = KeyspaceAudit.on(client).top(100).audit();
        assertThat(report.keysByType()).containsOnlyKeys(types).allSatisfy((type, n) -> assertThat(n).isEqualTo(100));
        for (String type : types) {
            assertThat(report.largestByElements().get(type)).as(type).hasSize(100).allSatisfy(k -> {
                assertThat(k.type()).isEqualTo(type);
                assertThat(k.elements()).as(k.name()).isEqualTo(expected.get(type).get(k.name()));
            });
        }
    }

    @ParameterizedTest
    @MethodSource("io.maintkit.redis.Servers#binaries")
    void keysThatVanishMidScanAreSkippedAndCounted(RedisBinary binary) throws Exception {
        RedisProcess redis = servers.start(binary);
        RedisClient client = servers.client(redis);
        Keyspaces.fill(client);
        var commands = servers.commands(client);
        Thread flusher = new Thread(() -> {
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                return;
            }
            commands.flushall();
        });
        flusher.start();
        KeyspaceReport report = KeyspaceAudit.on(client)
                .scan(ScanSettings.defaults().withCount(20).withPause(java.time.Duration.ofMillis(100))).audit();
        flusher.join();
        assertThat(report.complete()).isTrue();
        assertThat(report.vanished()).isPositive();
        assertThat(report.keys() + report.vanished()).isLessThanOrEqualTo(Keyspaces.TOTAL);
        assertThat(report.prefixes().stream().mapToLong(KeyspaceReport.PrefixStats::keys).sum())
                .isEqualTo(report.keys());
    }

    @ParameterizedTest
    @MethodSource("io.maintkit.redis.Servers#binaries")
    void whereMemoryIsBlockedTheAuditStillCountsAndSaysBytesAreUnknown(RedisBinary binary) throws Exception {
        RedisProcess redis = servers.start(binary, "--rename-command", "MEMORY", "");
        Keyspaces.fill(servers.client(redis));
        KeyspaceReport report = KeyspaceAudit.on(RedisURI.create(redis.uri()))
                .scan(ScanSettings.defaults().withLatencyBudget(java.time.Duration.ofMillis(50))).audit();
        assertThat(report.keys()).isEqualTo(Keyspaces.TOTAL);
        assertThat(report.accounted()).isEmpty();
        Finding unknown = report.findings().get(0);
        assertThat(unknown.kind()).isEqualTo("memory-usage-unreadable");
        assertThat(unknown.severity()).isEqualTo(Severity.UNKNOWN);
        assertThat(report.largestByElements().get("hash").get(0).name()).isEqualTo("big:hash");
    }
}

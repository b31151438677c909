package io.maintkit.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;
import io.maintkit.core.CheckResult;
import io.maintkit.core.DataSize;
import io.maintkit.core.Finding;
import io.maintkit.core.Percent;
import io.maintkit.core.Severity;
import io.maintkit.core.SuiteResult;
import io.maintkit.core.Threshold;
import io.maintkit.testkit.RedisBinary;
import io.maintkit.testkit.RedisProcess;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Each condition provoked for real on every Redis executable of this machine. */
class RedisHealthTest {

    private final Servers servers = new Servers();

    @AfterEach
    void stop() throws Exception {
        servers.close();
    }

    private static List<String> kinds(io.maintkit.core.Report report) {
        return report.findings().stream().map(Finding::kind).toList();
    }

    private static Finding only(io.maintkit.core.Report report, String kind) {
        List<Finding> found = report.findings().stream().filter(f -> f.kind().equals(kind)).toList();
        assertThat(found).as("findings of kind %s in %s", kind, report.findings()).hasSize(1);
        return found.get(0);
    }

    @ParameterizedTest
    @MethodSource("io.maintkit.redis.Servers#binaries")
    void evictionsAreARateBetweenTwoRunsOfTheSameCheck(RedisBinary binary) throws Exception {
        RedisProcess redis = servers.start(binary, "--maxmemory", "4mb", "--maxmemory-policy", "allkeys-lru");
        RedisClient client = servers.client(redis);
        MemoryCheck check = MemoryCheck.on(client).evictionRate(Threshold.above(0.001, 1e9));
        MemoryReport first = check.inspect();
        assertThat(kinds(first)).contains("no-previous-sample").doesNotContain("evictions");
        assertThat(first.evictionsSinceLastCheck()).isEmpty();
        fill(servers.commands(client), "cache:", 20_000, 512);
        MemoryReport second = check.inspect();
        assertThat(second.evictionsSinceLastCheck()).isPresent();
        assertThat(second.evictionsSinceLastCheck().getAsLong()).isPositive();
        assertThat(only(second, "evictions").severity()).isEqualTo(Severity.WARNING);
        assertThat(second.maxmemory()).contains(DataSize.ofMegabytes(4));
        assertThat(second.policy()).isEqualTo("allkeys-lru");
        assertThat(only(second, "memory-used").severity()).isEqualTo(Severity.INFO);
    }

    @ParameterizedTest
    @MethodSource("io.maintkit.redis.Servers#binaries")
    void noevictionRejectingWritesIsCritical(RedisBinary binary) throws Exception {
        RedisProcess redis = servers.start(binary, "--maxmemory", "4mb", "--maxmemory-policy", "noeviction");
        RedisClient client = servers.client(redis);
        RedisCommands<String, String> commands = servers.commands(client);
        Throwable refused = catchThrowable(() -> fill(commands, "session:", 40_000, 512));
        assertThat(refused).hasMessageContaining("OOM");
        MemoryReport report = MemoryCheck.on(client).inspect();
        Finding rejected = only(report, "writes-rejected");
        assertThat(rejected.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(rejected.measurement("oom_errors").orElseThrow().value()).isPositive();
        assertThat(only(report, "memory-used").severity()).isEqualTo(Severity.CRITICAL);
    }

    @ParameterizedTest
    @MethodSource("io.maintkit.redis.Servers#binaries")
    void unlimitedMemoryWithAnEvictionPolicyIsAWarning(RedisBinary binary) throws Exception {
        RedisProcess redis = servers.start(binary, "--maxmemory-policy", "allkeys-lfu");
        MemoryReport report = MemoryCheck.on(RedisURI.create(redis.uri())).inspect();
        assertThat(only(report, "maxmemory-unlimited").severity()).isEqualTo(Severity.WARNING);
        assertThat(report.maxmemory()).isEmpty();
        assertThat(kinds(report)).doesNotContain("fragmentation");
    }

    @ParameterizedTest
    @MethodSource("io.maintkit.redis.Servers#binaries")
    void aFailedBackgroundSaveIsCritical(RedisBinary binary) throws Exception {
        Path doomed = Files.createTempDirectory("maintkit-redis-dir-");
        RedisProcess redis = servers.start(binary, "--dir", doomed.toString());
        Files.delete(doomed); // the server's working directory is gone: the save cannot create its file
        RedisClient client = servers.client(redis);
        RedisCommands<String, String> commands = servers.commands(client);
        commands.set("order:1", "paid");
        commands.bgsave();
        awaitSaveEnd(commands);
        PersistenceReport report = PersistenceCheck.on(client).inspect();
        assertThat(report.lastBgsaveStatus()).isEqualTo("err");
        assertThat(only(report, "bgsave-failed").severity()).isEqualTo(Severity.CRITICAL);
        assertThat(report.changesSinceSave()).isPositive();
    }

    @ParameterizedTest
    @MethodSource("io.maintkit.redis.Servers#binaries")
    void aCacheWithoutPersistenceSaysSoAndOldUnsavedChangesAreJudgedWhereSavingIsOn(RedisBinary binary)
            throws Exception {
        RedisProcess cache = servers.start(binary);
        RedisClient cacheClient = servers.client(cache);
        servers.commands(cacheClient).set("k", "v");
        assertThat(kinds(PersistenceCheck.on(cacheClient).inspect())).containsExactly("persistence-disabled");
        RedisProcess store = servers.start(binary, "--save", "3600", "1000000");
        RedisClient storeClient = servers.client(store);
        servers.commands(storeClient).set("k", "v");
        java.time.Clock twoHoursLater = java.time.Clock.offset(java.time.Clock.systemUTC(), Duration.ofHours(2));
        PersistenceReport report = PersistenceCheck.on(storeClient).clock(twoHoursLater).inspect();
        assertThat(only(report, "unsaved-changes").severity()).isEqualTo(Severity.WARNING);
    }

    @ParameterizedTest
    @MethodSource("io.maintkit.redis.Servers#binaries")
    void blockedClientsAndALargeOutputBufferAreFound(RedisBinary binary) throws Exception {
        RedisProcess redis = servers.start(binary);
        RedisClient client = servers.client(redis);
        RedisCommands<String, String> commands = servers.commands(client);
        java.util.concurrent.Future<?> waiting = client.connect().async().blpop(30, "jobs");
        commands.set("big", "x".repeat(1024 * 1024));
        try (Socket slowReader = new Socket(redis.host(), redis.port())) {
            slowReader.setReceiveBufferSize(4096);
            OutputStream out = slowReader.getOutputStream();
            byte[] get = "*2\r\n$3\r\nGET\r\n$3\r\nbig\r\n".getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < 40; i++) {
                out.write(get);
            }
            out.flush();
            ClientsCheck check = ClientsCheck.on(client).outputBuffer(
                    Threshold.above(DataSize.ofMegabytes(8), DataSize.ofMegabytes(1024)));
            ClientsReport report = awaitBuffer(check);
            assertThat(only(report, "blocked-clients").severity()).isEqualTo(Severity.INFO);
            assertThat(report.blocked()).isEqualTo(1);
            Finding buffer = only(report, "client-output-buffer");
            assertThat(buffer.severity()).isEqualTo(Severity.WARNING);
            assertThat(report.largestBuffers().get(0).command()).isEqualTo("get");
        } finally {
            commands.lpush("jobs", "done");
            waiting.get(10, TimeUnit.SECONDS);
        }
    }

    private static ClientsReport awaitBuffer(ClientsCheck check) throws Exception {
        ClientsReport report = check.inspect();
        for (int i = 0; i < 50 && !kinds(report).contains("client-output-buffer"); i++) {
            Thread.sleep(100);
            report = check.inspect();
        }
        return report;
    }

    @ParameterizedTest
    @MethodSource("io.maintkit.redis.Servers#binaries")
    void aServerWithoutPasswordIsFoundAndAPasswordSilencesIt(RedisBinary binary) throws Exception {
        RedisProcess open = servers.start(binary);
        SecurityReport report = SecurityCheck.on(servers.client(open)).inspect();
        assertThat(only(report, "no-authentication").severity()).isEqualTo(Severity.WARNING);
        assertThat(report.loopbackOnly()).contains(true);
        assertThat(report.exposedCommands()).contains("FLUSHALL", "KEYS");
        RedisProcess guarded = servers.start(binary, "--requirepass", "s3cret-pw", "--rename-command", "FLUSHALL", "");
        RedisURI uri = RedisURI.Builder.redis(guarded.host(), guarded.port()).withPassword("s3cret-pw".toCharArray())
                .build();
        SecurityReport safe = SecurityCheck.on(uri).inspect();
        assertThat(kinds(safe)).doesNotContain("no-authentication");
        assertThat(safe.authenticationRequired()).contains(true);
        assertThat(safe.exposedCommands()).doesNotContain("FLUSHALL").contains("FLUSHDB");
        assertThat(safe.findings().toString()).doesNotContain("s3cret-pw");
    }

    @ParameterizedTest
    @MethodSource("io.maintkit.redis.Servers#binaries")
    void aReplicaWhoseLinkIsDownIsCritical(RedisBinary binary) throws Exception {
        RedisProcess primary = servers.start(binary);
        RedisProcess replica = servers.start(binary, "--replicaof", primary.host(), Integer.toString(primary.port()));
        RedisClient primaryClient = servers.client(primary);
        RedisClient replicaClient = servers.client(replica);
        ReplicationReport up = awaitLink(ReplicationCheck.on(replicaClient), "up");
        assertThat(up.findings()).isEmpty();
        ReplicationReport seenByPrimary = ReplicationCheck.on(primaryClient).inspect();
        for (int i = 0; i < 100 && !seenByPrimary.replicas().stream().allMatch(r -> r.state().equals("online")); i++) {
            Thread.sleep(100);    // the replica's link is up a moment before the primary counts it online
            seenByPrimary = ReplicationCheck.on(primaryClient).inspect();
        }
        assertThat(seenByPrimary.replicas()).singleElement().satisfies(r -> assertThat(r.state()).isEqualTo("online"));
        primary.stopServer();
        ReplicationReport down = awaitLink(ReplicationCheck.on(replicaClient), "down");
        Finding linkDown = only(down, "replica-link-down");
        assertThat(linkDown.severity()).isIn(Severity.WARNING, Severity.CRITICAL);
        assertThat(linkDown.details()).containsEntry("primary", primary.host() + ":" + primary.port());

        RedisProcess orphan = servers.start(binary, "--replicaof", "127.0.0.1", "1");
        ReplicationReport never = ReplicationCheck.on(servers.client(orphan)).inspect();
        assertThat(only(never, "replica-link-down").severity()).isEqualTo(Severity.CRITICAL);
        assertThat(never.linkDownSeconds()).hasValue(-1);
    }

    private static ReplicationReport awaitLink(ReplicationCheck check, String status) throws Exception {
        ReplicationReport report = check.inspect();
        for (int i = 0; i < 100 && !report.linkStatus().orElse("").equals(status); i++) {
            Thread.sleep(100);
            report = check.inspect();
        }
        assertThat(report.linkStatus()).contains(status);
        return report;
    }

    @ParameterizedTest
    @MethodSource("io.maintkit.redis.Servers#binaries")
    void latencySpikesAreReadWhenTheMonitorIsOnAndItsAbsenceIsSaid(RedisBinary binary) throws Exception {
        RedisProcess redis = servers.start(binary);
        RedisClient client = servers.client(redis);
        assertThat(kinds(LatencyCheck.on(client).inspect())).containsExactly("latency-monitor-off");
        RedisCommands<String, String> commands = servers.commands(client);
        commands.configSet("latency-monitor-threshold", "10");
        commands.eval("local t = redis.call('TIME'); local s = t[1] * 1000000 + t[2]; local n = s "
                + "while n - s < 150000 do local x = redis.call('TIME'); n = x[1] * 1000000 + x[2] end return 1",
                ScriptOutputType.INTEGER);
        LatencyReport report = LatencyCheck.on(client).inspect();
        assertThat(report.monitorThreshold()).contains(Duration.ofMillis(10));
        assertThat(report.events()).isNotEmpty();
        Finding spike = report.findings().get(0);
        assertThat(spike.kind()).isEqualTo("latency-spike");
        assertThat(spike.severity()).isEqualTo(Severity.WARNING);
    }

    @ParameterizedTest
    @MethodSource("io.maintkit.redis.Servers#binaries")
    void aLowHitRateBetweenRunsIsFound(RedisBinary binary) throws Exception {
        RedisProcess redis = servers.start(binary);
        RedisClient client = servers.client(redis);
        HitRateCheck check = HitRateCheck.on(client).minimumLookups(50);
        assertThat(kinds(check.inspect())).containsExactly("no-previous-sample");
        RedisCommands<String, String> commands = servers.commands(client);
        commands.set("present", "1");
        for (int i = 0; i < 100; i++) {
            commands.get(i % 10 == 0 ? "present" : "absent:" + i);
        }
        HitRateReport report = check.inspect();
        assertThat(report.sinceLastCheck()).isPresent();
        assertThat(report.sinceLastCheck().get().value()).isCloseTo(10.0, org.assertj.core.data.Offset.offset(0.1));
        assertThat(only(report, "hit-rate-low").severity()).isEqualTo(Severity.CRITICAL);
        assertThat(only(report, "hit-rate-low-since-start").severity()).isEqualTo(Severity.WARNING);
    }

    @ParameterizedTest
    @MethodSource("io.maintkit.redis.Servers#binaries")
    void blockedCommandsMakeUnknownItemsNotFailedChecks(RedisBinary binary) {
        RedisProcess managed = servers.start(binary, "--rename-command", "CONFIG", "", "--rename-command", "LATENCY",
                "", "--rename-command", "ACL", "", "--rename-command", "CLIENT", "", "--rename-command", "COMMAND", "");
        SuiteResult result = RedisHealth.on(RedisURI.create(managed.uri())).suite().run();
        assertThat(result.results()).allSatisfy(r -> assertThat(r.completed()).as(r.toString()).isTrue());
        assertThat(result.results().stream().flatMap(r -> r.findings().stream()).map(Finding::kind))
                .contains("latency-unreadable", "authentication-unreadable", "client-list-unreadable",
                        "bind-unreadable", "command-unreadable");
        CheckResult latency = result.results().stream().filter(r -> r.checkId().equals(LatencyCheck.ID)).findFirst()
                .orElseThrow();
        assertThat(latency.worst()).isEqualTo(Severity.UNKNOWN);
    }

    @ParameterizedTest
    @MethodSource("io.maintkit.redis.Servers#binaries")
    void theSuiteRunsEveryCheckAndAnUnreachableServerIsUnknown(RedisBinary binary) {
        RedisProcess redis = servers.start(binary);
        RedisHealth health = RedisHealth.on(servers.client(redis)).target("cache-1")
                .memory(m -> m.used(Threshold.above(Percent.of(50), Percent.of(90))));
        SuiteResult result = health.suite().run();
        assertThat(result.results()).extracting(CheckResult::checkId).containsExactly(MemoryCheck.ID, HitRateCheck.ID,
                PersistenceCheck.ID, ReplicationCheck.ID, ClientsCheck.ID, LatencyCheck.ID, SecurityCheck.ID);
        assertThat(result.results()).allSatisfy(r -> assertThat(r.completed()).isTrue());
        assertThat(result.results()).allSatisfy(r -> assertThat(r.target()).isEqualTo("cache-1"));
        RedisURI nowhere = RedisURI.create("redis://127.0.0.1:1");
        nowhere.setTimeout(Duration.ofSeconds(2));
        SuiteResult down = RedisHealth.on(nowhere).suite().run();
        assertThat(down.results()).allSatisfy(r -> assertThat(r.worst()).isEqualTo(Severity.UNKNOWN));
    }

    private static void fill(RedisCommands<String, String> commands, String prefix, int keys, int size) {
        String value = "v".repeat(size);
        for (int i = 0; i < keys; i += 100) {
            java.util.Map<String, String> batch = new java.util.HashMap<>();
            for (int j = i; j < Math.min(keys, i + 100); j++) {
                batch.put(prefix + j, value);
            }
            commands.mset(batch);
        }
    }

    private static void awaitSaveEnd(RedisCommands<String, String> commands) throws InterruptedException {
        for (int i = 0; i < 100 && commands.info("persistence").contains("rdb_bgsave_in_progress:1"); i++) {
            Thread.sleep(50);
        }
    }
}

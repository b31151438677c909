package io.maintkit.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.maintkit.core.ActionExecution;
import io.maintkit.core.Cancellation;
import io.maintkit.core.ExecutionListener;
import io.maintkit.core.ExecutionOptions;
import io.maintkit.core.ExecutionReport;
import io.maintkit.core.MaintenanceAction;
import io.maintkit.core.MaintenancePlan;
import io.maintkit.core.MaintenanceWindow;
import io.maintkit.core.Outcome;
import io.maintkit.testkit.RedisBinary;
import io.maintkit.testkit.RedisProcess;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Pattern deletion and TTL clean-up as plans, on every Redis executable of this machine. */
class KeyChangesTest {

    private final Servers servers = new Servers();

    @AfterEach
    void stop() throws Exception {
        servers.close();
    }

    private static ExecutionOptions destructive(ExecutionListener listener) {
        return ExecutionOptions.defaults().allowDestructive(true).listener(listener);
    }

    private static long count(RedisCommands<String, String> c, String glob) {
        long n = 0;
        io.lettuce.core.ScanCursor cursor = io.lettuce.core.ScanCursor.INITIAL;
        do {
            io.lettuce.core.KeyScanCursor<String> page = c.scan(cursor, io.lettuce.core.ScanArgs.Builder.matches(glob)
                    .limit(1000));
            n += page.getKeys().size();
            cursor = page;
        } while (!cursor.isFinished());
        return n;
    }

    @ParameterizedTest
    @MethodSource("io.maintkit.redis.Servers#binaries")
    void aDeletionPlanCountsFirstRunsOnlyWithTheOptInAndDeletesExactlyTheMatchingKeys(RedisBinary binary)
            throws Exception {
        RedisProcess redis = servers.start(binary);
        RedisClient client = servers.client(redis);
        Keyspaces.fill(client);
        RedisCommands<String, String> c = servers.commands(client);
        PatternDeletion deletion = PatternDeletion.on(client).pattern("user:*")
                .scan(ScanSettings.forChanges().withCount(50));
        KeyCount dryRun = deletion.dryRun();
        assertThat(dryRun.selected()).isEqualTo(Keyspaces.USERS);
        assertThat(dryRun.bytes().bytes()).isPositive();
        MaintenancePlan plan = deletion.plan();
        assertThat(plan.actions()).singleElement().satisfies(a -> {
            assertThat(a.destructive()).isTrue();
            assertThat(a.reason()).contains("300 of 300 matching keys");
            assertThat(a.command()).contains("UNLINK").doesNotContain("KEYS");
        });
        assertThat(plan.execute(ExecutionOptions.defaults()).executions().get(0).outcome()).isEqualTo(Outcome.SKIPPED);
        assertThat(count(c, "user:*")).isEqualTo(Keyspaces.USERS);
        List<String> progress = new CopyOnWriteArrayList<>();
        ExecutionReport report = plan.execute(destructive(new ExecutionListener() {
            @Override
            public void progress(MaintenanceAction action, String message) {
                progress.add(message);
            }
        }));
        ActionExecution done = report.executions().get(0);
        assertThat(done.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(done.detail()).isEqualTo("300 keys matched, 300 unlinked");
        assertThat(progress).last().asString().contains("300 unlinked", "done");
        assertThat(count(c, "user:*")).isZero();
        assertThat(count(c, "*")).isEqualTo(Keyspaces.TOTAL - Keyspaces.USERS);
        assertThat(deletion.plan().isEmpty()).as("nothing left: an empty plan").isTrue();
    }

    @ParameterizedTest
    @MethodSource("io.maintkit.redis.Servers#binaries")
    void filtersKeepKeysWithATtlAndRecentlyUsedKeys(RedisBinary binary) throws Exception {
        RedisProcess redis = servers.start(binary);
        RedisClient client = servers.client(redis);
        Keyspaces.fill(client);
        RedisCommands<String, String> c = servers.commands(client);
        c.set("user:with-ttl", "x", io.lettuce.core.SetArgs.Builder.ex(3600));
        java.util.concurrent.atomic.AtomicBoolean using = new java.util.concurrent.atomic.AtomicBoolean(true);
        Thread application = new Thread(() -> {
            try (var connection = client.connect()) {
                while (using.get()) {
                    for (int i = 0; i < 10; i++) {
                        connection.sync().get("user:" + i);
                    }
                }
            }
        });
        application.start();
        try {
            Thread.sleep(3_100);
            MaintenancePlan plan = PatternDeletion.on(client).pattern("user:*").onlyWithoutTtl()
                    .idleLongerThan(Duration.ofSeconds(3)).plan();
            assertThat(plan.actions().get(0).reason()).contains("290 of 301 matching keys");
            assertThat(plan.actions().get(0).command()).as("a change's default COUNT")
                    .startsWith("SCAN MATCH user:* COUNT " + ScanSettings.DEFAULT_CHANGE_COUNT + " + ");
            assertThat(plan.execute(destructive(new ExecutionListener() { })).executions().get(0).detail())
                    .isEqualTo("301 keys matched, 290 unlinked");
        } finally {
            using.set(false);
            application.join();
        }
        assertThat(count(c, "user:*")).isEqualTo(11);
        assertThat(c.exists("user:with-ttl", "user:0", "user:9")).isEqualTo(3);
    }

    @ParameterizedTest
    @MethodSource("io.maintkit.redis.Servers#binaries")
    void binaryNamesWithGlobCharactersAreMatchedLiterally(RedisBinary binary) throws Exception {
        RedisProcess redis = servers.start(binary);
        RedisClient client = servers.client(redis);
        RedisCommands<byte[], byte[]> c = client.connect(ByteArrayCodec.INSTANCE).sync();
        byte[] literal = {'b', 'i', 'n', ':', (byte) 0xff, '*', '['};
        byte[] target = {'b', 'i', 'n', ':', (byte) 0xff, '*', '[', 1, 2};
        byte[] decoy = {'b', 'i', 'n', ':', (byte) 0xff, 'X', '[', 1, 2};
        c.set(target, new byte[] {1});
        c.set(decoy, new byte[] {1});
        MaintenancePlan plan = PatternDeletion.on(client).prefix(literal).plan();
        assertThat(plan.actions().get(0).command()).contains("\"bin:\\xff\\\\*\\\\[*\"");
        assertThat(plan.execute(destructive(new ExecutionListener() { })).allSucceeded()).isTrue();
        assertThat(c.exists(target)).isZero();
        assertThat(c.exists(decoy)).isEqualTo(1);
        c.getStatefulConnection().close();
    }

    @ParameterizedTest
    @MethodSource("io.maintkit.redis.Servers#binaries")
    void theKeyCapStopsARunAndARerunContinues(RedisBinary binary) throws Exception {
        RedisProcess redis = servers.start(binary);
        RedisClient client = servers.client(redis);
        Keyspaces.fill(client);
        RedisCommands<String, String> c = servers.commands(client);
        PatternDeletion capped = PatternDeletion.on(client).pattern("user:*").maxKeys(120);
        ActionExecution first = capped.plan().execute(destructive(new ExecutionListener() { })).executions().get(0);
        assertThat(first.detail()).contains("120 unlinked", "stopped at the cap of 120 keys");
        assertThat(count(c, "user:*")).isEqualTo(Keyspaces.USERS - 120);
        capped.plan().execute(destructive(new ExecutionListener() { }));
        capped.plan().execute(destructive(new ExecutionListener() { }));
        assertThat(count(c, "user:*")).isZero();
    }

    @ParameterizedTest
    @MethodSource("io.maintkit.redis.Servers#binaries")
    void cancellationAndTheWindowStopARunBetweenBatchesAndAReRunFinishes(RedisBinary binary) throws Exception {
        RedisProcess redis = servers.start(binary);
        RedisClient client = servers.client(redis);
        RedisCommands<String, String> c = servers.commands(client);
        for (int i = 0; i < 20_000; i += 1_000) {
            Map<String, String> batch = new HashMap<>();
            for (int j = i; j < i + 1_000; j++) {
                batch.put("tmp:" + j, "v");
            }
            c.mset(batch);
        }
        PatternDeletion slow = PatternDeletion.on(client).pattern("tmp:*")
                .scan(ScanSettings.forChanges().withCount(100).withPause(Duration.ofMillis(20)));
        MaintenancePlan plan = slow.plan();
        Cancellation cancel = Cancellation.create();
        Thread canceller = new Thread(() -> {
            try {
                Thread.sleep(1_000);
            } catch (InterruptedException e) {
                return;
            }
            cancel.cancel();
        });
        canceller.start();
        ActionExecution cancelled = plan.execute(ExecutionOptions.defaults().allowDestructive(true)
                .cancellation(cancel)).executions().get(0);
        canceller.join();
        assertThat(cancelled.outcome()).isEqualTo(Outcome.CANCELLED);
        assertThat(cancelled.detail()).contains("unlinked", "a re-run finishes the job");
        long left = count(c, "tmp:*");
        assertThat(left).isBetween(1L, 19_999L);

        MaintenanceWindow closing = MaintenanceWindow.once(Instant.now(), Duration.ofSeconds(1));
        ActionExecution windowed = slow.plan().execute(ExecutionOptions.defaults().allowDestructive(true)
                .window(closing)).executions().get(0);
        assertThat(windowed.outcome()).isIn(Outcome.CANCELLED, Outcome.NOT_STARTED);
        assertThat(slow.plan().execute(destructive(new ExecutionListener() { })).allSucceeded()).isTrue();
        assertThat(count(c, "tmp:*")).isZero();
    }

    @ParameterizedTest
    @MethodSource("io.maintkit.redis.Servers#binaries")
    void aDeletionWaitsWhileTheServerIsSlowerThanTheLatencyBudget(RedisBinary binary) throws Exception {
        RedisProcess redis = servers.start(binary);
        RedisClient client = servers.client(redis);
        Keyspaces.fill(client);
        java.util.concurrent.atomic.AtomicBoolean busy = new java.util.concurrent.atomic.AtomicBoolean(true);
        java.util.concurrent.CountDownLatch slowed = new java.util.concurrent.CountDownLatch(1);
        Thread slowScripts = new Thread(() -> {
            try (var connection = client.connect()) {
                long stopAt = Long.MAX_VALUE;
                while (busy.get() && System.nanoTime() < stopAt) {
                    connection.sync().eval("local t = redis.call('TIME'); local s = t[1] * 1000000 + t[2]; local n = s "
                            + "while n - s < 30000 do local x = redis.call('TIME'); n = x[1] * 1000000 + x[2] end "
                            + "return 1", io.lettuce.core.ScriptOutputType.INTEGER);
                    if (slowed.getCount() > 0) {
                        stopAt = System.nanoTime() + Duration.ofSeconds(2).toNanos();
                        slowed.countDown();
                    }
                }
            }
        });
        slowScripts.start();
        // The deletion starts once the server runs the 30 ms scripts back to back, not while the thread connects.
        // They go on for 2 s: a probe is then under budget only when it arrives in a script's last 5 ms, so the
        // deletion waits; after that it finishes at full speed.
        assertThat(slowed.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        ActionExecution done;
        try {
            MaintenanceAction gentle = PatternDeletion.on(client).pattern("user:*")
                    .scan(ScanSettings.forChanges().withCount(50).withLatencyBudget(Duration.ofMillis(5))).asAction();
            done = new MaintenancePlan("within a latency budget", List.of(gentle))
                    .execute(destructive(new ExecutionListener() { })).executions().get(0);
        } finally {
            busy.set(false);
            slowScripts.join();
        }
        assertThat(done.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(done.measurements()).filteredOn(m -> m.name().equals("latency_waits"))
                .singleElement().satisfies(m -> assertThat(m.value()).isPositive());
        assertThat(count(servers.commands(client), "user:*")).isZero();
    }

    @ParameterizedTest
    @MethodSource("io.maintkit.redis.Servers#binaries")
    void ttlCleanUpGivesATtlOnlyToKeysWithoutOne(RedisBinary binary) throws Exception {
        RedisProcess redis = servers.start(binary);
        RedisClient client = servers.client(redis);
        Keyspaces.fill(client);
        RedisCommands<String, String> c = servers.commands(client);
        assertThatThrownBy(() -> TtlCleanup.on(client).plan()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("a pattern").hasMessageContaining("a ttl");
        TtlCleanup cleanup = TtlCleanup.on(client).pattern("*ion:*").ttl(Duration.ofDays(1));
        c.set("session:leaked", "no ttl");
        MaintenancePlan plan = cleanup.plan();
        assertThat(plan.actions().get(0).reason()).contains("1 of 201 matching keys have no TTL");
        ActionExecution done = plan.execute(destructive(new ExecutionListener() { })).executions().get(0);
        assertThat(done.detail()).startsWith("201 keys matched, 1 given a TTL");
        assertThat(c.ttl("session:leaked")).isBetween(86_000L, 86_400L);
        assertThat(c.ttl("session:1")).isLessThanOrEqualTo(3_600L);
        assertThat(c.ttl("user:1")).isEqualTo(-1);
        assertThat(cleanup.plan().isEmpty()).isTrue();
    }

    @ParameterizedTest
    @MethodSource("io.maintkit.redis.Servers#binaries")
    void keysAreBytesAndTheirNamesNeverNeedToBeText(RedisBinary binary) throws Exception {
        RedisProcess redis = servers.start(binary);
        RedisClient client = servers.client(redis);
        Keyspaces.fill(client);
        KeyCount count = PatternDeletion.on(client).pattern("bin:*".getBytes(StandardCharsets.UTF_8)).dryRun();
        assertThat(count.selected()).isEqualTo(1);
    }
}

package io.maintkit.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.sync.RedisCommands;
import io.maintkit.core.ActionExecution;
import io.maintkit.core.ExecutionOptions;
import io.maintkit.core.MaintenancePlan;
import io.maintkit.core.Outcome;
import io.maintkit.testkit.RedisBinary;
import io.maintkit.testkit.RedisProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SnapshotAndFlushTest {

    private final Servers servers = new Servers();

    @AfterEach
    void stop() throws Exception {
        servers.close();
    }

    @ParameterizedTest
    @MethodSource("io.maintkit.redis.Servers#binaries")
    void aSnapshotWaitsForTheSaveAndNamesTheRdbFile(RedisBinary binary) throws Exception {
        RedisProcess redis = servers.start(binary);
        RedisClient client = servers.client(redis);
        Keyspaces.fill(client);
        SnapshotReport taken = RedisSnapshot.on(client).take().single().orElseThrow();
        Path expected = redis.dataDirectory().orElseThrow().resolve("dump.rdb");
        assertThat(taken.file()).contains(expected);
        assertThat(taken.localFile()).contains(expected);
        assertThat(taken.size().orElseThrow().bytes()).isEqualTo(Files.size(expected)).isPositive();
        assertThat(new String(Files.readAllBytes(expected), 0, 5, java.nio.charset.StandardCharsets.US_ASCII))
                .isEqualTo("REDIS");
        assertThat(taken.findings()).isEmpty();

        servers.commands(client).set("after-the-first", "1");
        MaintenancePlan plan = RedisSnapshot.on(client).plan();
        assertThat(plan.actions()).singleElement().satisfies(a -> {
            assertThat(a.destructive()).isFalse();
            assertThat(a.reason()).contains("1 changes since the last save");
        });
        ActionExecution done = plan.execute(ExecutionOptions.defaults()).executions().get(0);
        assertThat(done.outcome()).as(done.detail()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(done.detail()).startsWith("RDB snapshot " + expected);
    }

    @ParameterizedTest
    @MethodSource("io.maintkit.redis.Servers#binaries")
    void aFailedBackgroundSaveFailsTheAction(RedisBinary binary) throws Exception {
        Path doomed = Files.createTempDirectory("maintkit-redis-dir-");
        RedisProcess redis = servers.start(binary, "--dir", doomed.toString());
        Files.delete(doomed); // the server's working directory is gone: the save cannot create its file
        RedisClient client = servers.client(redis);
        servers.commands(client).set("k", "v");
        ActionExecution failed = RedisSnapshot.on(client).plan().execute(ExecutionOptions.defaults())
                .executions().get(0);
        assertThat(failed.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(failed.detail()).contains("rdb_last_bgsave_status:err");
    }

    @ParameterizedTest
    @MethodSource("io.maintkit.redis.Servers#binaries")
    void aSaveQueuedBehindAnAofRewriteIsWaitedForAfterAnEarlierSaveFailed(RedisBinary binary) throws Exception {
        RedisProcess redis = servers.start(binary);
        RedisClient client = servers.client(redis);
        RedisCommands<String, String> c = servers.commands(client);
        Keyspaces.fill(client);
        c.configSet("rdb-key-save-delay", "100000"); // microseconds per key: the child runs long enough to be killed
        c.bgsave();
        awaitInfo(c, "rdb_bgsave_in_progress:1");
        long server = Long.parseLong(c.info("server").replaceAll("(?s).*process_id:(\\d+).*", "$1"));
        ProcessHandle.of(server).orElseThrow().children().forEach(ProcessHandle::destroyForcibly);
        awaitInfo(c, "rdb_last_bgsave_status:err");
        c.configSet("rdb-key-save-delay", Integer.toString(2_000_000 / Keyspaces.TOTAL)); // a rewrite of 2 s
        c.configSet("appendonly", "yes"); // starts an AOF rewrite; BGSAVE SCHEDULE queues behind it
        awaitInfo(c, "aof_rewrite_in_progress:1");
        c.configSet("rdb-key-save-delay", "0");

        SnapshotReport taken = RedisSnapshot.on(client).take().single().orElseThrow();

        assertThat(c.info("persistence")).contains("rdb_last_bgsave_status:ok", "aof_rewrite_in_progress:0");
        assertThat(taken.size().orElseThrow().bytes())
                .isEqualTo(Files.size(redis.dataDirectory().orElseThrow().resolve("dump.rdb")));
    }

    private static void awaitInfo(RedisCommands<String, String> c, String line) throws InterruptedException {
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(30).toNanos();
        while (!c.info("persistence").contains(line)) {
            assertThat(System.nanoTime()).as("INFO persistence shows " + line + " within 30 s").isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    @ParameterizedTest
    @MethodSource("io.maintkit.redis.Servers#binaries")
    void flushIsDestructiveAndRunsOnlyWithTheOptIn(RedisBinary binary) throws Exception {
        RedisProcess redis = servers.start(binary);
        RedisClient client = servers.client(redis);
        Keyspaces.fill(client);
        RedisCommands<String, String> c = servers.commands(client);
        MaintenancePlan plan = RedisFlush.on(client).plan();
        assertThat(plan.actions()).singleElement().satisfies(a -> {
            assertThat(a.destructive()).isTrue();
            assertThat(a.command()).isEqualTo("FLUSHDB ASYNC");
            assertThat(a.reason()).startsWith("drops " + String.format("%,d", Keyspaces.TOTAL) + " keys");
        });
        assertThat(plan.execute(ExecutionOptions.defaults()).executions().get(0).outcome())
                .isEqualTo(Outcome.SKIPPED);
        assertThat(c.dbsize()).isEqualTo(Keyspaces.TOTAL);
        ActionExecution done = RedisFlush.on(client).everyDatabase().plan()
                .execute(ExecutionOptions.defaults().allowDestructive(true)).executions().get(0);
        assertThat(done.outcome()).as(done.detail()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(done.action().command()).isEqualTo("FLUSHALL ASYNC");
        assertThat(c.dbsize()).isZero();
    }
}

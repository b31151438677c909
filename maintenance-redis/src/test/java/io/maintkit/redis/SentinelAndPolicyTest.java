package io.maintkit.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.sync.RedisCommands;
import io.maintkit.core.ActionExecution;
import io.maintkit.core.CheckResult;
import io.maintkit.core.DataSize;
import io.maintkit.core.ExecutionListener;
import io.maintkit.core.ExecutionOptions;
import io.maintkit.core.MaintenanceAction;
import io.maintkit.core.MaintenancePlan;
import io.maintkit.core.Outcome;
import io.maintkit.core.SuiteResult;
import io.maintkit.testkit.RedisBinary;
import io.maintkit.testkit.RedisProcess;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SentinelAndPolicyTest {

    private final Servers servers = new Servers();

    @AfterEach
    void stop() throws Exception {
        servers.close();
    }

    @ParameterizedTest
    @MethodSource("io.maintkit.redis.Servers#binaries")
    void underSentinelTheChecksAndADeletionReachThePrimary(RedisBinary binary) throws Exception {
        RedisProcess primary = servers.start(binary);
        RedisProcess replica = servers.start(binary, "--replicaof", primary.host(), Integer.toString(primary.port()));
        RedisProcess sentinel = RedisProcess.startSentinel(binary, primary, "mymaster");
        try {
            RedisCommands<String, String> onPrimary = servers.commands(servers.client(primary));
            Map<String, String> users = new HashMap<>();
            for (int i = 0; i < 500; i++) {
                users.put("user:" + i, "u" + i);
            }
            onPrimary.mset(users);
            onPrimary.set("keep", "1");
            RedisURI viaSentinel = RedisURI.Builder.sentinel(sentinel.host(), sentinel.port(), "mymaster").build();
            SuiteResult health = RedisHealth.on(viaSentinel).suite().run();
            assertThat(health.results()).allSatisfy(r -> assertThat(r.completed()).as(r.toString()).isTrue());
            assertThat(health.results()).extracting(CheckResult::target)
                    .containsOnly("redis-sentinel://" + sentinel.host() + ":" + sentinel.port() + "/mymaster");
            ReplicationReport seen = ReplicationCheck.on(viaSentinel).inspect();
            assertThat(seen.role()).isEqualTo("master");
            MaintenancePlan plan = PatternDeletion.on(viaSentinel).pattern("user:*").plan();
            assertThat(plan.actions().get(0).reason()).contains("500 of 500");
            assertThat(plan.execute(ExecutionOptions.defaults().allowDestructive(true)).allSucceeded())
                    .isTrue();
            assertThat(onPrimary.dbsize()).isEqualTo(1);
            RedisCommands<String, String> onReplica = servers.commands(servers.client(replica));
            for (int i = 0; i < 100 && onReplica.dbsize() != 1; i++) {
                Thread.sleep(50);
            }
            assertThat(onReplica.dbsize()).isEqualTo(1);
        } finally {
            sentinel.close();
        }
    }

    @ParameterizedTest
    @MethodSource("io.maintkit.redis.Servers#binaries")
    void aMemoryPolicyPlanStatesCurrentAndNewValuesAndAnEvictingLimitNeedsTheOptIn(RedisBinary binary)
            throws Exception {
        RedisProcess redis = servers.start(binary);
        RedisClient client = servers.client(redis);
        RedisCommands<String, String> c = servers.commands(client);
        c.set("big", "x".repeat(3_000_000));
        MaintenancePlan plan = MemoryPolicy.on(client).maxmemory(DataSize.ofMegabytes(2)).policy("allkeys-lru")
                .persist(false).plan();
        assertThat(plan.actions()).extracting(MaintenanceAction::command)
                .containsExactly("CONFIG SET maxmemory 2097152", "CONFIG SET maxmemory-policy allkeys-lru");
        assertThat(plan.actions().get(0).reason()).startsWith("maxmemory 0 (unlimited) -> 2.0 MiB; below the");
        assertThat(plan.actions().get(0).destructive()).isTrue();
        assertThat(plan.actions().get(1).reason()).isEqualTo("maxmemory-policy noeviction -> allkeys-lru");
        var skipped = plan.execute(ExecutionOptions.defaults()).executions();
        assertThat(skipped.get(0).outcome()).isEqualTo(Outcome.SKIPPED);
        assertThat(c.configGet("maxmemory")).containsEntry("maxmemory", "0");
        var applied = plan.execute(ExecutionOptions.defaults().allowDestructive(true)
                .onFailure(ExecutionOptions.OnFailure.CONTINUE).listener(new ExecutionListener() { }));
        assertThat(applied.allSucceeded()).isTrue();
        assertThat(c.configGet("maxmemory-policy")).containsEntry("maxmemory-policy", "allkeys-lru");
        assertThat(MemoryPolicy.on(client).maxmemory(DataSize.ofMegabytes(2)).policy("allkeys-lru").plan().isEmpty())
                .isTrue();
        ActionExecution rewrite = MemoryPolicy.on(client).policy("allkeys-lfu").plan()
                .execute(ExecutionOptions.defaults()).executions().get(1);
        assertThat(rewrite.action().command()).isEqualTo("CONFIG REWRITE");
        assertThat(rewrite.outcome()).as("the test server runs without a config file").isEqualTo(Outcome.FAILED);

        RedisProcess managed = servers.start(binary, "--rename-command", "CONFIG", "");
        MaintenancePlan refused = MemoryPolicy.on(servers.client(managed)).policy("allkeys-lru").plan();
        assertThat(refused.actions()).singleElement().satisfies(a ->
                assertThat(a.reason()).contains("CONFIG is refused on this connection"));
        assertThat(refused.execute(ExecutionOptions.defaults()).executions().get(0).outcome())
                .isEqualTo(Outcome.FAILED);
    }
}

package io.maintkit.examples;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.maintkit.core.ExecutionListener;
import io.maintkit.core.ExecutionOptions;
import io.maintkit.core.ExecutionReport;
import io.maintkit.core.MaintenanceAction;
import io.maintkit.core.MaintenancePlan;
import io.maintkit.core.Suite;
import io.maintkit.core.SuiteResult;
import io.maintkit.core.TextRenderer;
import io.maintkit.redis.KeyspaceAudit;
import io.maintkit.redis.KeyspaceReport;
import io.maintkit.redis.PatternDeletion;
import io.maintkit.redis.RedisHealth;
import io.maintkit.redis.TtlCleanup;
import io.maintkit.testkit.RedisEngine;
import io.maintkit.testkit.TestEngines;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Redis: a realistic cache (sessions with a TTL, leaked cart keys without one, one big hash) checked, audited and
 * cleaned the way a host would. Run alone with {@code main}, or from {@link Demo} with {@link #run(RedisEngine)}.
 */
final class RedisDemo {

    private RedisDemo() {
    }

    /** Starts the embedded Redis and runs the demo on it. */
    public static void main(String[] args) throws InterruptedException {
        run(TestEngines.redis());
    }

    /**
     * Fills the server, prints the health suite (twice: rates need two samples) and the keyspace audit, then
     * plans and executes a pattern deletion and a TTL clean-up.
     */
    static void run(RedisEngine redis) throws InterruptedException {
        RedisClient client = RedisClient.create(RedisURI.create(redis.uri()));
        try {
            fill(client);
            Demo.heading("Redis health suite (redis " + redis.version() + ")");
            Suite suite = RedisHealth.on(client).target("cache-1").suite();
            suite.run();
            touch(client);
            SuiteResult health = suite.run();
            System.out.println(TextRenderer.render(health));

            Demo.heading("Redis keyspace audit");
            KeyspaceReport audit = KeyspaceAudit.on(client).target("cache-1").top(5).audit();
            System.out.printf("%,d keys, %s accounted of %s used_memory (%s)%n", audit.keys(),
                    audit.accounted().map(Object::toString).orElse("?"), audit.usedMemory(),
                    audit.accountedShare().map(Object::toString).orElse("MEMORY blocked"));
            System.out.println("by prefix:");
            audit.prefixes().forEach(p -> System.out.println("  " + p));
            System.out.println("largest keys:");
            audit.largestByBytes().forEach(k -> System.out.printf("  %-10s %-6s %,9d elements  %s%n", k.bytes(),
                    k.type(), k.elements(), k.name()));
            System.out.printf("keys without TTL: %,d (%s)%n", audit.withoutTtl().keys(), audit.withoutTtl().bytes());
            System.out.println();

            Demo.heading("Redis pattern deletion: the leaked cart:* keys without a TTL");
            MaintenancePlan deletion = PatternDeletion.on(client).target("cache-1").pattern("cart:*")
                    .onlyWithoutTtl().plan();
            System.out.println(deletion.describe());
            System.out.println(TextRenderer.render(deletion.execute(ExecutionOptions.defaults())));
            System.out.println(TextRenderer.render(deletion.execute(optIn())));

            Demo.heading("Redis TTL clean-up: every user:* key gets a TTL of 30 days");
            MaintenancePlan ttl = TtlCleanup.on(client).target("cache-1").pattern("user:*")
                    .ttl(Duration.ofDays(30)).plan();
            System.out.println(ttl.describe());
            ExecutionReport done = ttl.execute(optIn());
            System.out.println(TextRenderer.render(done));
        } finally {
            client.shutdown();
        }
    }

    private static ExecutionOptions optIn() {
        return ExecutionOptions.defaults().allowDestructive(true).listener(new ExecutionListener() {
            @Override
            public void progress(MaintenanceAction action, String message) {
                System.out.println("  progress: " + message);
            }
        });
    }

    /** 20,000 sessions with a TTL, 8,000 leaked carts without, 2,000 users, and one hash of 50,000 fields. */
    private static void fill(RedisClient client) {
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            RedisCommands<String, String> c = connection.sync();
            c.flushdb();
            Map<String, String> batch = new HashMap<>();
            for (int i = 0; i < 20_000; i++) {
                c.set("session:" + i, "{\"user\":" + (i % 2_000) + ",\"csrf\":\"" + i + "\"}",
                        SetArgs.Builder.ex(1_800 + i % 600));
            }
            for (int i = 0; i < 8_000; i++) {
                batch.put("cart:" + i, "{\"items\":[" + "{\"sku\":\"A-" + i + "\",\"qty\":1},".repeat(i % 7)
                        + "{}]}");
                if (batch.size() == 1_000) {
                    c.mset(batch);
                    batch.clear();
                }
            }
            for (int i = 0; i < 2_000; i++) {
                c.set("user:" + i, "{\"name\":\"user " + i + "\",\"plan\":\"" + (i % 10 == 0 ? "pro" : "free") + "\"}");
            }
            for (int i = 0; i < 50_000; i += 5_000) {
                Map<String, String> fields = new HashMap<>();
                for (int j = i; j < i + 5_000; j++) {
                    fields.put("product:" + j, "{\"price\":" + j % 97 + ",\"stock\":" + j % 13 + "}");
                }
                c.hset("catalog:products", fields);
            }
        }
    }

    /** Some traffic between the two health runs: hits and misses. */
    private static void touch(RedisClient client) {
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            RedisCommands<String, String> c = connection.sync();
            for (int i = 0; i < 3_000; i++) {
                c.get(i % 3 == 0 ? "session:" + i : "session:missing:" + i);
            }
        }
    }
}

package io.maintkit.runbook;

import io.lettuce.core.RedisClient;
import io.maintkit.core.Check;
import io.maintkit.redis.KeyspaceAudit;
import io.maintkit.redis.RedisHealth;

import java.util.List;

/** The Redis entries; loaded only when the host hands over a Lettuce client. */
final class RedisParts {

    private RedisParts() {
    }

    static List<Part> of(RedisClient client) {
        List<Check> health = RedisHealth.on(client).checks();
        return List.of(
                Part.checks(StandardRunbook.DAILY, "Redis health (" + Part.ids(health) + ")",
                        "memory and eviction, hit rate, persistence, replication, clients, latency and security "
                                + "from INFO; read-only",
                        health),
                Part.checks(StandardRunbook.WEEKLY, "Redis keyspace audit (" + KeyspaceAudit.ID + ")",
                        "one SCAN pass (never KEYS): the " + KeyspaceAudit.DEFAULT_TOP + " largest keys, memory "
                                + "by prefix, keys without a TTL; weekly because it reads every key",
                        List.of(KeyspaceAudit.on(client).asCheck())));
    }
}

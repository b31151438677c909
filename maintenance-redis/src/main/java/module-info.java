/**
 * Redis health from INFO, keyspace audits, and pattern deletion, TTL clean-up and memory policy as plans.
 */
module io.maintkit.redis {
    requires transitive io.maintkit.core;
    requires transitive lettuce.core;

    exports io.maintkit.redis;
}

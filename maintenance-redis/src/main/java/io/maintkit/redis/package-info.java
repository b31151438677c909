/**
 * Redis maintenance over Lettuce: the health checks of {@link io.maintkit.redis.RedisHealth} read from {@code INFO}
 * (memory, hit rate, persistence, replication, clients, latency, security), the
 * {@link io.maintkit.redis.KeyspaceAudit} (one SCAN pass: biggest keys, prefixes, keys without TTL), and changes as
 * plans: {@link io.maintkit.redis.PatternDeletion}, {@link io.maintkit.redis.TtlCleanup} and
 * {@link io.maintkit.redis.MemoryPolicy}.
 *
 * <p>Every primitive takes the host's {@code RedisClient} (its default URI) or a {@code RedisURI} (standalone or
 * Sentinel), closes every connection it opens and never closes the host's client. Commands managed services block
 * ({@code CONFIG}, {@code MEMORY}, {@code LATENCY}, {@code ACL}, {@code CLIENT}) make the affected item
 * {@code UNKNOWN}, never an error of the whole check. Keys are handled as bytes throughout.
 */
package io.maintkit.redis;

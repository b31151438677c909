package io.maintkit.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.RedisClusterClient;
import io.maintkit.core.Check;
import io.maintkit.core.Suite;
import io.maintkit.redis.internal.Connector;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Every Redis health check of this package as one {@link Suite}, for a host's scheduler or health endpoint.
 *
 * <pre>{@code
 * Suite suite = RedisHealth.on(redisClient)
 *         .target("cache-1")
 *         .memory(m -> m.used(Threshold.above(Percent.of(70), Percent.of(90))))
 *         .suite();
 * SuiteResult first = suite.run();   // rates (evictions, hit rate, rejected connections) need two runs:
 * SuiteResult later = suite.run();   // keep and reuse the suite
 * }</pre>
 *
 * <p>Each check connects once per run (to the host's client's default URI, or with a client of its own for a
 * {@link RedisURI}), reads {@code INFO} and at most a few more commands, and closes what it opened. Immutable:
 * each method returns a new instance whose checks have no previous sample yet.
 */
public final class RedisHealth {

    /** The suite's name. */
    public static final String SUITE_NAME = "redis";

    private final MemoryCheck memory;
    private final HitRateCheck hitRate;
    private final PersistenceCheck persistence;
    private final ReplicationCheck replication;
    private final ClientsCheck clients;
    private final LatencyCheck latency;
    private final SecurityCheck security;

    private RedisHealth(MemoryCheck memory, HitRateCheck hitRate, PersistenceCheck persistence,
                        ReplicationCheck replication, ClientsCheck clients, LatencyCheck latency,
                        SecurityCheck security) {
        this.memory = Objects.requireNonNull(memory);
        this.hitRate = Objects.requireNonNull(hitRate);
        this.persistence = Objects.requireNonNull(persistence);
        this.replication = Objects.requireNonNull(replication);
        this.clients = Objects.requireNonNull(clients);
        this.latency = Objects.requireNonNull(latency);
        this.security = Objects.requireNonNull(security);
    }

    /** Every check with its defaults, through the host's client (its default URI). */
    public static RedisHealth on(RedisClient client) {
        return of(Context.of(Connector.of(client)));
    }

    /** Every check with its defaults, each run with a client of its own for {@code uri}. */
    public static RedisHealth on(RedisURI uri) {
        return of(Context.of(Connector.of(uri)));
    }

    /** Every check with its defaults over every node (primaries and replicas) of the host's cluster client, each
     * finding naming its node. */
    public static RedisHealth on(RedisClusterClient client) {
        return of(Context.of(Connector.of(client)));
    }

    private static RedisHealth of(Context c) {
        return new RedisHealth(MemoryCheck.on(c), HitRateCheck.on(c), PersistenceCheck.on(c),
                ReplicationCheck.on(c), ClientsCheck.on(c), LatencyCheck.on(c), SecurityCheck.on(c));
    }

    private RedisHealth all(Shared change) {
        return new RedisHealth(change.apply(memory), change.apply(hitRate), change.apply(persistence),
                change.apply(replication), change.apply(clients), change.apply(latency), change.apply(security));
    }

    /** A change applied to every check alike. */
    private interface Shared {
        <S extends RedisInspection<S, ?>> S apply(S inspection);
    }

    /** Every check naming its target so in results (e.g. {@code cache-1}); never put credentials here. */
    public RedisHealth target(String name) {
        return all(new Shared() {
            @Override
            public <S extends RedisInspection<S, ?>> S apply(S i) {
                return i.target(name);
            }
        });
    }

    /** Every check with this timeout per command. */
    public RedisHealth commandTimeout(Duration timeout) {
        return all(new Shared() {
            @Override
            public <S extends RedisInspection<S, ?>> S apply(S i) {
                return i.commandTimeout(timeout);
            }
        });
    }

    /** This suite with the memory check adjusted. */
    public RedisHealth memory(UnaryOperator<MemoryCheck> change) {
        return new RedisHealth(change.apply(memory), hitRate, persistence, replication, clients, latency, security);
    }

    /** This suite with the hit-rate check adjusted. */
    public RedisHealth hitRate(UnaryOperator<HitRateCheck> change) {
        return new RedisHealth(memory, change.apply(hitRate), persistence, replication, clients, latency, security);
    }

    /** This suite with the persistence check adjusted. */
    public RedisHealth persistence(UnaryOperator<PersistenceCheck> change) {
        return new RedisHealth(memory, hitRate, change.apply(persistence), replication, clients, latency, security);
    }

    /** This suite with the replication check adjusted. */
    public RedisHealth replication(UnaryOperator<ReplicationCheck> change) {
        return new RedisHealth(memory, hitRate, persistence, change.apply(replication), clients, latency, security);
    }

    /** This suite with the clients check adjusted. */
    public RedisHealth clients(UnaryOperator<ClientsCheck> change) {
        return new RedisHealth(memory, hitRate, persistence, replication, change.apply(clients), latency, security);
    }

    /** This suite with the latency check adjusted. */
    public RedisHealth latency(UnaryOperator<LatencyCheck> change) {
        return new RedisHealth(memory, hitRate, persistence, replication, clients, change.apply(latency), security);
    }

    /** This suite with the security check adjusted. */
    public RedisHealth security(UnaryOperator<SecurityCheck> change) {
        return new RedisHealth(memory, hitRate, persistence, replication, clients, latency, change.apply(security));
    }

    /** The seven checks, in a stable order; the same instances on every call, so rates carry over. */
    public List<Check> checks() {
        return List.of(memory.asCheck(), hitRate.asCheck(), persistence.asCheck(), replication.asCheck(),
                clients.asCheck(), latency.asCheck(), security.asCheck());
    }

    /** The checks as a suite named {@value #SUITE_NAME}; run it again and again to get rates. */
    public Suite suite() {
        Duration timeout = memory.context.commandTimeout();
        return Suite.of(SUITE_NAME, checks()).timeout(timeout.multipliedBy(4).plusSeconds(5));
    }
}

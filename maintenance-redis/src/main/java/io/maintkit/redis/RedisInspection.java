package io.maintkit.redis;

import io.maintkit.core.Check;
import io.maintkit.core.Report;
import io.maintkit.core.Finding;
import io.maintkit.core.Severity;
import io.maintkit.core.internal.Failures;
import io.maintkit.redis.internal.Connector;
import io.maintkit.redis.internal.Info;
import io.maintkit.redis.internal.Node;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What every Redis health check of this package shares: immutable configuration of the connection, the target's
 * name, the command timeout and the clock; a verb {@link #inspect()} and {@link #asCheck()}.
 *
 * <p>An inspection reads {@code INFO} once and, for some items, one more command ({@code CONFIG GET},
 * {@code CLIENT LIST}, {@code LATENCY LATEST}, {@code ACL GETUSER}). Managed services block those: the item then
 * becomes an {@code UNKNOWN} finding saying what could not be read, never an error of the whole check and never a
 * 0. A check that measures a rate keeps the previous sample in its instance: reuse the instance (a suite from
 * {@link RedisHealth#suite()} does); each configuration method returns a new instance with no sample yet.
 *
 * @param <S> the concrete inspection
 * @param <R> the report it returns
 */
public abstract class RedisInspection<S extends RedisInspection<S, R>, R extends Report> {

    /** How long one command may take: 5 seconds. */
    public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofSeconds(5);

    final Context context;

    RedisInspection(Context context) {
        this.context = context;
    }

    abstract S with(Context changed);

    /** The stable id of the check, e.g. {@code redis.memory}. */
    public abstract String id();

    /** This inspection naming its target so in results (e.g. {@code cache-1}); never put credentials here. */
    public S target(String name) {
        return with(context.withTarget(name));
    }

    /** This inspection with another timeout per command (default {@link #DEFAULT_COMMAND_TIMEOUT}). */
    public S commandTimeout(Duration timeout) {
        return with(context.withCommandTimeout(timeout));
    }

    /** This inspection with another clock for ages and rates. */
    public S clock(Clock clock) {
        return with(context.withClock(clock));
    }

    /**
     * Connects, looks, and closes the connection.
     *
     * @throws io.lettuce.core.RedisException when the server cannot be reached or refuses {@code INFO}
     * @throws IllegalStateException          on a cluster: use {@link #inspectEveryNode()}
     * @throws InterruptedException           when interrupted while waiting for the server
     */
    public R inspect() throws InterruptedException {
        try (Node node = context.open()) {
            return inspect(node, node.info());
        }
    }

    /**
     * Looks at every node, one after the other: a cluster's primaries and replicas (failed ones included), or the
     * one server. A node that cannot be reached gives an {@code UNKNOWN} finding of kind
     * {@value NodeReports#NODE_UNREACHABLE} naming it, and the others are still looked at.
     *
     * @throws io.lettuce.core.RedisException when no node can be reached
     * @throws InterruptedException           when interrupted while waiting for a server
     */
    public NodeReports<R> inspectEveryNode() throws InterruptedException {
        List<R> reports = new ArrayList<>();
        List<Finding> unreachable = new ArrayList<>();
        io.lettuce.core.RedisException first = null;
        List<Connector> nodes = context.connector().nodes(Connector.Scope.EVERY_NODE);
        for (Connector each : nodes) {
            try (Node node = context.open(each)) {
                reports.add(inspect(node, node.info()));
            } catch (io.lettuce.core.RedisException e) {
                first = first == null ? e : first;
                unreachable.add(Finding.of(id(), NodeReports.NODE_UNREACHABLE, each.describe(), Severity.UNKNOWN,
                        "could not read this node: " + Failures.describe(e)));
            }
        }
        if (reports.isEmpty() && first != null) {
            throw first;
        }
        return new NodeReports<>(reports, unreachable);
    }

    abstract R inspect(Node node, Info info) throws InterruptedException;

    /**
     * This inspection as a {@link Check} for a suite, over {@linkplain #inspectEveryNode() every node}: never
     * throws, UNKNOWN when it cannot run.
     */
    public Check asCheck() {
        return Check.of(id(), context.target(), context.clock(), this::inspectEveryNode);
    }

    @Override
    public String toString() {
        return id() + " on " + context.target();
    }
}

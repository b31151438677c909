package io.maintkit.redis;

import io.maintkit.redis.internal.Connector;
import io.maintkit.redis.internal.Node;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * What every inspection of this package shares: how to connect, the target's name, the command timeout and the
 * clock.
 */
record Context(Connector connector, String targetName, Duration commandTimeout, Clock clock) {

    Context {
        Objects.requireNonNull(connector, "connector");
        Objects.requireNonNull(commandTimeout, "commandTimeout");
        Objects.requireNonNull(clock, "clock");
        if (commandTimeout.isNegative() || commandTimeout.isZero()) {
            throw new IllegalArgumentException("commandTimeout must be positive, was " + commandTimeout);
        }
    }

    static Context of(Connector connector) {
        return new Context(connector, null, RedisInspection.DEFAULT_COMMAND_TIMEOUT, Clock.systemUTC());
    }

    /** The target's name for results: the caller's, or the connection's without credentials. */
    String target() {
        return targetName != null ? targetName : connector.describe();
    }

    Node open() {
        return open(connector);
    }

    /** Opens one of the deployment's {@link Connector#nodes nodes}; a cluster's node is named by its address. */
    Node open(Connector node) {
        return node.node(commandTimeout, targetName);
    }

    Context withTarget(String name) {
        return new Context(connector, Objects.requireNonNull(name, "name"), commandTimeout, clock);
    }

    Context withCommandTimeout(Duration timeout) {
        return new Context(connector, targetName, timeout, clock);
    }

    Context withClock(Clock other) {
        return new Context(connector, targetName, commandTimeout, other);
    }
}

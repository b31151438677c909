package io.maintkit.postgres.internal;

import java.time.Duration;
import java.util.Objects;

/**
 * The limits of a maintenance statement: how long it may wait for a lock, how often it is retried after a lock
 * timeout and how long it waits in between (doubling each time, at most {@code maxBackoff}), the longest it may run
 * when no window bounds it, how often its progress is read, and how it names itself.
 *
 * @param lockTimeout       {@code lock_timeout} of each attempt
 * @param maxAttempts       attempts in all, at least 1
 * @param initialBackoff    the pause after the first lock timeout
 * @param maxBackoff        the longest pause
 * @param statementTimeout  {@code statement_timeout} when no deadline is nearer
 * @param progressInterval  how often the progress views are read
 * @param applicationName   {@code application_name} of the maintenance sessions
 */
public record Guard(Duration lockTimeout, int maxAttempts, Duration initialBackoff, Duration maxBackoff,
                    Duration statementTimeout, Duration progressInterval, String applicationName) {

    /** Validates the limits. */
    public Guard {
        positive(lockTimeout, "lockTimeout");
        positive(initialBackoff, "initialBackoff");
        positive(maxBackoff, "maxBackoff");
        positive(statementTimeout, "statementTimeout");
        positive(progressInterval, "progressInterval");
        Objects.requireNonNull(applicationName, "applicationName");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
        }
    }

    private static void positive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + d);
        }
    }

    /** The pause after the {@code n}-th lock timeout (1-based). */
    public Duration backoff(int n) {
        Duration d = initialBackoff;
        for (int i = 1; i < n && d.compareTo(maxBackoff) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(maxBackoff) > 0 ? maxBackoff : d;
    }
}

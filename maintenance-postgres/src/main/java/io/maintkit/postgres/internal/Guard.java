package io.maintkit.postgres.internal;

import io.maintkit.core.internal.LockRetry;

import java.sql.SQLException;
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

    /** SQLSTATE lock_not_available: the lock timeout struck. */
    public static final String LOCK_NOT_AVAILABLE = "55P03";
    /** SQLSTATE deadlock_detected. */
    public static final String DEADLOCK = "40P01";

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

    /** Whether the failure was a lock timeout or a deadlock, which a later attempt may not meet. */
    public static boolean isLockFailure(SQLException e) {
        return LOCK_NOT_AVAILABLE.equals(e.getSQLState()) || DEADLOCK.equals(e.getSQLState());
    }

    /** These limits as the policy of the lock-retry loop. */
    public LockRetry.Policy retry() {
        return new LockRetry.Policy(Guard::isLockFailure, lockTimeout, maxAttempts, initialBackoff, maxBackoff);
    }
}

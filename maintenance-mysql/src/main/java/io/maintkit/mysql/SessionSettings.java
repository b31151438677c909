package io.maintkit.mysql;

import java.time.Duration;
import java.util.Objects;

/**
 * The limits every inspection sets on its borrowed connection for the time it holds it, restored before the
 * connection goes back: the statement time limit ({@code max_statement_time} on MariaDB,
 * {@code max_execution_time} on MySQL), {@code lock_wait_timeout} for metadata locks (so an inspection never
 * queues behind DDL) and {@code innodb_lock_wait_timeout} for row locks; the session is read-only.
 *
 * @param statementTimeout the longest any one statement may run
 * @param lockTimeout      the longest a statement may wait for a metadata or row lock (whole seconds, at least 1)
 */
public record SessionSettings(Duration statementTimeout, Duration lockTimeout) {

    /** The default statement timeout: 5 s. */
    public static final Duration DEFAULT_STATEMENT_TIMEOUT = Duration.ofSeconds(5);
    /** The default lock timeout: 1 s, the shortest the server takes. */
    public static final Duration DEFAULT_LOCK_TIMEOUT = Duration.ofSeconds(1);
    /** The defaults. */
    public static final SessionSettings DEFAULTS = new SessionSettings(DEFAULT_STATEMENT_TIMEOUT, DEFAULT_LOCK_TIMEOUT);

    /** Validates the settings. */
    public SessionSettings {
        Objects.requireNonNull(statementTimeout, "statementTimeout");
        Objects.requireNonNull(lockTimeout, "lockTimeout");
        if (statementTimeout.isNegative() || statementTimeout.isZero() || lockTimeout.isNegative()
                || lockTimeout.isZero()) {
            throw new IllegalArgumentException("timeouts must be positive");
        }
    }

    /** These settings with another statement timeout. */
    public SessionSettings withStatementTimeout(Duration timeout) {
        return new SessionSettings(timeout, lockTimeout);
    }

    /** These settings with another lock timeout. */
    public SessionSettings withLockTimeout(Duration timeout) {
        return new SessionSettings(statementTimeout, timeout);
    }

    /** The lock timeout in whole seconds as the server takes it, at least 1. */
    public long lockTimeoutSeconds() {
        return Math.max(1, (lockTimeout.toMillis() + 999) / 1000);
    }
}

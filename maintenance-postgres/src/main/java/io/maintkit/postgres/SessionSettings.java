package io.maintkit.postgres;

import java.time.Duration;
import java.util.Objects;

/**
 * The limits every inspection sets on its borrowed connection, for its own read-only transaction only:
 * {@code statement_timeout}, {@code lock_timeout} (so an inspection never queues behind DDL) and
 * {@code application_name}.
 *
 * @param statementTimeout the longest any one statement may run
 * @param lockTimeout      the longest a statement may wait for a lock
 * @param applicationName  how the session names itself in {@code pg_stat_activity}
 */
public record SessionSettings(Duration statementTimeout, Duration lockTimeout, String applicationName) {

    /** The default statement timeout: 5 s. */
    public static final Duration DEFAULT_STATEMENT_TIMEOUT = Duration.ofSeconds(5);
    /** The default lock timeout: 100 ms. */
    public static final Duration DEFAULT_LOCK_TIMEOUT = Duration.ofMillis(100);
    /** The default application name: {@code maintkit}. */
    public static final String DEFAULT_APPLICATION_NAME = "maintkit";
    /** The defaults. */
    public static final SessionSettings DEFAULTS =
            new SessionSettings(DEFAULT_STATEMENT_TIMEOUT, DEFAULT_LOCK_TIMEOUT, DEFAULT_APPLICATION_NAME);

    /** Validates the settings. */
    public SessionSettings {
        Objects.requireNonNull(statementTimeout, "statementTimeout");
        Objects.requireNonNull(lockTimeout, "lockTimeout");
        Objects.requireNonNull(applicationName, "applicationName");
        if (statementTimeout.isNegative() || statementTimeout.isZero() || lockTimeout.isNegative()
                || lockTimeout.isZero()) {
            throw new IllegalArgumentException("timeouts must be positive");
        }
    }

    /** These settings with another statement timeout. */
    public SessionSettings withStatementTimeout(Duration timeout) {
        return new SessionSettings(timeout, lockTimeout, applicationName);
    }

    /** These settings with another lock timeout. */
    public SessionSettings withLockTimeout(Duration timeout) {
        return new SessionSettings(statementTimeout, timeout, applicationName);
    }

    /** These settings with another application name. */
    public SessionSettings withApplicationName(String name) {
        return new SessionSettings(statementTimeout, lockTimeout, name);
    }
}

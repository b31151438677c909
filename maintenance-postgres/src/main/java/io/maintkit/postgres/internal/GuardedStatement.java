package io.maintkit.postgres.internal;

import io.maintkit.core.ActionContext;
import io.maintkit.core.internal.LockRetry;

import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Runs one maintenance statement the guarded way: in autocommit, with a short {@code lock_timeout} so it never
 * waits in a lock queue ahead of the application's queries for long, retried after lock timeouts by
 * {@link LockRetry}, with a {@code statement_timeout} that ends no later than the deadline,
 * progress read on a second connection, and cancellation through {@link Statement#cancel()}.
 */
public final class GuardedStatement {

    /** SQLSTATE query_canceled: a cancel request or the statement timeout. */
    public static final String QUERY_CANCELED = "57014";
    private static final Duration GRACE = Duration.ofSeconds(2);

    private GuardedStatement() {
    }

    /**
     * What happened.
     *
     * @param attempts     how often the statement was sent
     * @param lockTimeouts how many of those ended at the lock timeout
     */
    public record Outcome(int attempts, int lockTimeouts) {
    }

    /** Called after each failed attempt, before a retry or the final failure; returns a note for the report. */
    @FunctionalInterface
    public interface AfterFailure {
        /** Cleans up after a failed attempt. */
        String cleanUp(MaintenanceConnection connection) throws SQLException;
    }

    /** Thrown when the statement was given up; the message says why and how often it was tried. */
    public static final class GaveUp extends SQLException {
        private static final long serialVersionUID = 1L;

        GaveUp(String message, SQLException cause) {
            super(message, cause.getSQLState(), cause);
        }
    }

    /**
     * Runs {@code sql} on {@code connection}.
     *
     * @param deadline the earliest of the window's close and the caller's deadline, if any
     */
    public static Outcome run(DataSource dataSource, MaintenanceConnection connection, Guard guard,
                              ActionContext context, Optional<Instant> deadline, String sql,
                              AfterFailure afterFailure) throws SQLException, InterruptedException {
        int[] counts = new int[2];
        StringBuilder notes = new StringBuilder();
        try {
            return LockRetry.run(guard.retry(), context, deadline, n -> {
                counts[0] = n;
                attempt(dataSource, connection, guard, context, deadline, sql, notes);
                return new Outcome(n, counts[1]);
            }, (e, n) -> {
                if (Guard.isLockFailure(e)) {
                    counts[1]++;
                }
                if (afterFailure != null && connection.connection().isValid(2)) {
                    String note = afterFailure.cleanUp(connection);
                    if (!note.isEmpty()) {
                        notes.append("; ").append(note);
                    }
                }
            });
        } catch (GaveUp | InterruptedException e) {
            throw e;
        } catch (SQLException e) {
            if (QUERY_CANCELED.equals(e.getSQLState())) {
                awaitDeadline(context, deadline);
            }
            String why = Guard.isLockFailure(e) ? "gave up after " + counts[0] + " attempt(s), " + counts[1]
                    + " ending at the lock timeout of " + guard.lockTimeout().toMillis() + " ms"
                    : "failed on attempt " + counts[0];
            throw new GaveUp(why + ": " + firstLine(e) + notes, e);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** One attempt: limits bounded by the deadline, progress polled, cancellation through the statement. */
    private static void attempt(DataSource dataSource, MaintenanceConnection connection, Guard guard,
                                ActionContext context, Optional<Instant> deadline, String sql, CharSequence notes)
            throws Exception {
        if (context.isCancelled()) {
            throw new GaveUp("cancelled before the statement started" + notes,
                    new SQLException("cancelled", QUERY_CANCELED));
        }
        Duration statementTimeout = guard.statementTimeout();
        Duration lockTimeout = guard.lockTimeout();
        if (deadline.isPresent()) {
            Duration left = Duration.between(context.clock().instant(), deadline.get());
            if (left.compareTo(Duration.ofMillis(100)) < 0) {
                throw new GaveUp("no time left before the deadline " + deadline.get() + notes,
                        new SQLException("no time left", QUERY_CANCELED));
            }
            statementTimeout = min(statementTimeout, left);
            lockTimeout = min(lockTimeout, left);
        }
        connection.limits(statementTimeout, lockTimeout);
        try (Statement st = connection.connection().createStatement();
             AutoCloseable onCancel = context.onCancel(() -> cancelQuietly(st));
             ProgressPoller poller = ProgressPoller.start(dataSource, guard, context, connection.pid(),
                     connection.major(), () -> cancelQuietly(st))) {
            st.execute(sql);
        }
    }

    /**
     * A statement stopped by a statement timeout set to end at the deadline: wait the last moment until the deadline
     * has passed, so that the action reads as stopped by its window, not as failed.
     */
    private static void awaitDeadline(ActionContext context, Optional<Instant> deadline) throws InterruptedException {
        if (deadline.isEmpty()) {
            return;
        }
        Duration left = Duration.between(context.clock().instant(), deadline.get());
        if (!left.isNegative() && left.compareTo(GRACE) <= 0) {
            Thread.sleep(left.toMillis() + 5);
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** The first line of a failure's message. */
    public static String firstLine(SQLException e) {
        String m = String.valueOf(e.getMessage());
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    static void cancelQuietly(Statement st) {
        try {
            st.cancel();
        } catch (SQLException ignored) {
            // the statement has ended already
        }
    }
}

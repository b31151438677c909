package io.maintkit.postgres.internal;

import io.maintkit.core.ActionContext;

import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Runs one maintenance statement the guarded way: in autocommit, with a short {@code lock_timeout} so it never
 * waits in a lock queue ahead of the application's queries for long, retried after lock timeouts with a doubling
 * pause while attempts and time remain, with a {@code statement_timeout} that ends no later than the deadline,
 * progress read on a second connection, and cancellation through {@link Statement#cancel()}.
 */
public final class GuardedStatement {

    /** SQLSTATE lock_not_available: the lock timeout struck. */
    public static final String LOCK_NOT_AVAILABLE = "55P03";
    /** SQLSTATE query_canceled: a cancel request or the statement timeout. */
    public static final String QUERY_CANCELED = "57014";
    private static final String DEADLOCK = "40P01";
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
        int attempts = 0;
        int lockTimeouts = 0;
        StringBuilder notes = new StringBuilder();
        while (true) {
            if (context.isCancelled()) {
                throw new SQLException("cancelled before the statement started" + notes, QUERY_CANCELED);
            }
            Duration statementTimeout = guard.statementTimeout();
            Duration lockTimeout = guard.lockTimeout();
            if (deadline.isPresent()) {
                Duration left = Duration.between(context.clock().instant(), deadline.get());
                if (left.compareTo(Duration.ofMillis(100)) < 0) {
                    throw new SQLException("no time left before the deadline " + deadline.get() + notes,
                            QUERY_CANCELED);
                }
                statementTimeout = min(statementTimeout, left);
                lockTimeout = min(lockTimeout, left);
            }
            connection.limits(statementTimeout, lockTimeout);
            attempts++;
            try (Statement st = connection.connection().createStatement();
                 AutoCloseable onCancel = context.onCancel(() -> cancelQuietly(st));
                 ProgressPoller poller = ProgressPoller.start(dataSource, guard, context, connection.pid(),
                         connection.major(), () -> cancelQuietly(st))) {
                st.execute(sql);
                return new Outcome(attempts, lockTimeouts);
            } catch (SQLException e) {
                String state = e.getSQLState();
                boolean lock = LOCK_NOT_AVAILABLE.equals(state) || DEADLOCK.equals(state);
                if (lock) {
                    lockTimeouts++;
                }
                if (afterFailure != null && connection.connection().isValid(2)) {
                    String note = afterFailure.cleanUp(connection);
                    if (!note.isEmpty()) {
                        notes.append("; ").append(note);
                    }
                }
                Duration pause = guard.backoff(lockTimeouts);
                boolean retry = lock && attempts < guard.maxAttempts() && !context.isCancelled()
                        && deadline.map(d -> context.clock().instant().plus(pause).plus(guard.lockTimeout())
                        .isBefore(d)).orElse(true);
                if (!retry) {
                    if (QUERY_CANCELED.equals(state)) {
                        awaitDeadline(context, deadline);
                    }
                    String why = lock ? "gave up after " + attempts + " attempt(s), " + lockTimeouts
                            + " ending at the lock timeout of " + guard.lockTimeout().toMillis() + " ms"
                            : "failed on attempt " + attempts;
                    throw new GaveUp(why + ": " + firstLine(e) + notes, e);
                }
                pause(context, pause);
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
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

    /** Waits {@code d}, or less if the action is cancelled meanwhile. */
    public static void pause(ActionContext context, Duration d) throws InterruptedException {
        long end = System.nanoTime() + d.toNanos();
        while (!context.isCancelled()) {
            long left = end - System.nanoTime();
            if (left <= 0) {
                return;
            }
            Thread.sleep(Math.min(50, Math.max(1, left / 1_000_000)));
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

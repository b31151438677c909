package io.maintkit.postgres.internal;

import io.maintkit.core.ActionContext;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The one lock-retry loop of the module: a statement that meets a lock timeout (or a deadlock) is tried again after
 * a doubling pause while attempts remain, the caller has not cancelled, and the pause plus one more lock timeout ends
 * before the deadline (the window's close). The pause ends early on cancellation ({@link ActionContext#pause}). The first attempt always runs, so a
 * clean-up after a cancellation still gets its one try.
 */
public final class LockRetry {

    /** SQLSTATE lock_not_available: the lock timeout struck. */
    public static final String LOCK_NOT_AVAILABLE = "55P03";
    /** SQLSTATE deadlock_detected. */
    public static final String DEADLOCK = "40P01";

    private LockRetry() {
    }

    /** One try of the statement. */
    @FunctionalInterface
    public interface Attempt<T> {
        /** Runs the statement; {@code attempt} counts from 1. */
        T run(int attempt) throws Exception;
    }

    /** Told of each failed attempt before the loop decides whether to retry. */
    @FunctionalInterface
    public interface OnFailure {
        /** Cleans up or records; may throw to end the loop with its own failure. */
        void failed(SQLException failure, int attempt) throws Exception;
    }

    /** Whether the failure was a lock timeout or a deadlock, which a later attempt may not meet. */
    public static boolean isLockFailure(SQLException e) {
        return LOCK_NOT_AVAILABLE.equals(e.getSQLState()) || DEADLOCK.equals(e.getSQLState());
    }

    /**
     * Runs {@code attempt} under {@code guard}'s attempts and backoff.
     *
     * @param deadline  when the work must end, if it must (the earliest of the window's close and the caller's)
     * @param onFailure told of each failed attempt, or null
     * @return what the successful attempt returned
     * @throws SQLException the last failure, when it was not a lock failure or no retry was left
     */
    public static <T> T run(Guard guard, ActionContext context, Optional<Instant> deadline, Attempt<T> attempt,
                            OnFailure onFailure) throws Exception {
        for (int n = 1; ; n++) {
            try {
                return attempt.run(n);
            } catch (SQLException e) {
                if (onFailure != null) {
                    onFailure.failed(e, n);
                }
                Duration pause = guard.backoff(n);
                boolean retry = isLockFailure(e) && n < guard.maxAttempts() && !context.isCancelled()
                        && deadline.map(d -> context.clock().instant().plus(pause).plus(guard.lockTimeout())
                        .isBefore(d)).orElse(true);
                if (!retry) {
                    throw e;
                }
                context.pause(pause);
                if (context.isCancelled()) {
                    throw e;
                }
            }
        }
    }
}

package io.maintkit.core.internal;

import io.maintkit.core.ActionContext;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The one lock-retry loop of maintkit's SQL engine modules: a statement that meets the engine's lock timeout is
 * tried again after a doubling pause while attempts remain, the caller has not cancelled, and the pause plus one
 * more lock wait ends before the deadline (the window's close). The pause ends early on cancellation
 * ({@link ActionContext#pause}). The first attempt always runs, so a clean-up after a cancellation still gets its
 * one try. What differs between engines is only which failures mean "lock timeout" ({@link Policy#lockFailure}).
 */
public final class LockRetry {

    private LockRetry() {
    }

    /**
     * How a statement is retried.
     *
     * @param lockFailure    the engine's test for a failure a later attempt may not meet (lock timeout, deadlock)
     * @param lockWait       how long one attempt waits for a lock (the session's lock timeout)
     * @param maxAttempts    how many attempts at most, at least 1
     * @param initialBackoff the first pause
     * @param maxBackoff     the longest pause; the pause doubles from the first up to it
     */
    public record Policy(Predicate<SQLException> lockFailure, Duration lockWait, int maxAttempts,
                         Duration initialBackoff, Duration maxBackoff) {
        /** Validates. */
        public Policy {
            Objects.requireNonNull(lockFailure, "lockFailure");
            Objects.requireNonNull(lockWait, "lockWait");
            Objects.requireNonNull(initialBackoff, "initialBackoff");
            Objects.requireNonNull(maxBackoff, "maxBackoff");
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
            }
        }

        /** The pause after the failed attempt {@code n} (from 1): doubling from the first, capped. */
        public Duration backoff(int n) {
            Duration d = initialBackoff;
            for (int i = 1; i < n && d.compareTo(maxBackoff) < 0; i++) {
                d = d.multipliedBy(2);
            }
            return d.compareTo(maxBackoff) > 0 ? maxBackoff : d;
        }
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

    /**
     * Runs {@code attempt} under {@code policy}.
     *
     * @param deadline  when the work must end, if it must (the earliest of the window's close and the caller's)
     * @param onFailure told of each failed attempt, or null
     * @return what the successful attempt returned
     * @throws SQLException the last failure, when it was not a lock failure or no retry was left
     */
    public static <T> T run(Policy policy, ActionContext context, Optional<Instant> deadline, Attempt<T> attempt,
                            OnFailure onFailure) throws Exception {
        for (int n = 1; ; n++) {
            try {
                return attempt.run(n);
            } catch (SQLException e) {
                if (onFailure != null) {
                    onFailure.failed(e, n);
                }
                Duration pause = policy.backoff(n);
                boolean retry = policy.lockFailure().test(e) && n < policy.maxAttempts() && !context.isCancelled()
                        && deadline.map(d -> context.clock().instant().plus(pause).plus(policy.lockWait())
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

package io.maintkit.core;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** What a running {@link ActionStep} may know and do: its deadline, cancellation, progress. */
public interface ActionContext {

    /** When the step must be finished: the maintenance window's close, if a window applies. */
    Optional<Instant> deadline();

    /** Time left until the deadline; {@code Optional.empty()} when there is none. */
    default Optional<Duration> remaining() {
        return deadline().map(d -> {
            Duration left = Duration.between(clock().instant(), d);
            return left.isNegative() ? Duration.ZERO : left;
        });
    }

    /** Whether the caller cancelled the execution or the window has closed. */
    boolean isCancelled();

    /**
     * Registers a callback that runs once when the caller cancels (for example {@code Statement::cancel}).
     * Closing the returned handle unregisters it. If already cancelled, the callback runs at once.
     */
    AutoCloseable onCancel(Runnable callback);

    /** Reports progress to the execution's listener. */
    void progress(String message);

    /** The clock of the execution. */
    Clock clock();

    /**
     * Waits {@code duration} between attempts or batches, or less when the execution is cancelled or the window
     * closes meanwhile: a step never sleeps through a cancellation.
     *
     * @param duration how long to wait at most
     * @throws InterruptedException when the thread is interrupted
     */
    default void pause(Duration duration) throws InterruptedException {
        long end = System.nanoTime() + duration.toNanos();
        while (!isCancelled()) {
            long left = end - System.nanoTime();
            if (left <= 0) {
                return;
            }
            Thread.sleep(Math.min(50, Math.max(1, left / 1_000_000)));
        }
    }
}

package io.maintkit.postgres.internal;

import io.maintkit.core.ActionContext;

import java.time.Duration;
import java.util.Optional;

/** How a retention run stops when the caller cancels or its window closes: cleanly, between statements. */
final class RetentionStop {

    private RetentionStop() {
    }

    /** Thrown when the run stops because it was cancelled or its window closed. */
    static final class Stopped extends Exception {
        private static final long serialVersionUID = 1L;

        Stopped(String message) {
            super(message);
        }
    }

    /** A statement cut by a statement timeout set to the window's end: wait until the window has closed. */
    static void awaitWindowEnd(ActionContext context) throws InterruptedException {
        Optional<Duration> left = context.remaining();
        if (left.isPresent() && left.get().compareTo(Duration.ofSeconds(2)) <= 0) {
            Thread.sleep(left.get().toMillis() + 5);
        }
    }

    /** Stops the run, saying what it did, if the caller cancelled or the window closed. */
    static void stopIfCancelled(ActionContext context, RetentionTally tally) throws Stopped {
        if (context.isCancelled()) {
            boolean windowClosed = context.remaining().map(Duration::isZero).orElse(false);
            throw new Stopped((windowClosed ? "the window closed" : "cancelled") + " after " + tally.summary());
        }
    }
}

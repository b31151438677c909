package io.maintkit.postgres.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.maintkit.core.ActionContext;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The one lock-retry loop: retries lock timeouts only, and never waits past a cancellation or a window's end. */
class LockRetryTest {

    private static final Guard GUARD = new Guard(Duration.ofMillis(100), 4, Duration.ofMillis(10),
            Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofSeconds(1), "maintkit");
    private static final Guard LONG_BACKOFF = new Guard(Duration.ofMillis(100), 4, Duration.ofSeconds(20),
            Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofSeconds(1), "maintkit");

    /** A context the test cancels. */
    private static final class Context implements ActionContext {
        final AtomicBoolean cancelled = new AtomicBoolean();

        @Override
        public Optional<Instant> deadline() {
            return Optional.empty();
        }

        @Override
        public boolean isCancelled() {
            return cancelled.get();
        }

        @Override
        public AutoCloseable onCancel(Runnable callback) {
            return () -> { };
        }

        @Override
        public void progress(String message) {
        }

        @Override
        public Clock clock() {
            return Clock.systemUTC();
        }
    }

    private static SQLException lockTimeout() {
        return new SQLException("canceling statement due to lock timeout", LockRetry.LOCK_NOT_AVAILABLE);
    }

    @Test
    void lockTimeoutsAreRetriedUntilTheAttemptsRunOut() {
        AtomicInteger tries = new AtomicInteger();

        assertThatThrownBy(() -> LockRetry.run(GUARD, new Context(), Optional.empty(), n -> {
            tries.incrementAndGet();
            throw lockTimeout();
        }, null)).isInstanceOf(SQLException.class).hasMessageContaining("lock timeout");
        assertThat(tries).hasValue(4);
    }

    @Test
    void aLaterAttemptThatSucceedsEndsTheLoop() throws Exception {
        String result = LockRetry.run(GUARD, new Context(), Optional.empty(), n -> {
            if (n < 3) {
                throw new SQLException("deadlock detected", LockRetry.DEADLOCK);
            }
            return "done on attempt " + n;
        }, null);

        assertThat(result).isEqualTo("done on attempt 3");
    }

    @Test
    void otherFailuresAreNotRetried() {
        AtomicInteger tries = new AtomicInteger();
        AtomicInteger told = new AtomicInteger();

        assertThatThrownBy(() -> LockRetry.run(GUARD, new Context(), Optional.empty(), n -> {
            tries.incrementAndGet();
            throw new SQLException("relation does not exist", "42P01");
        }, (e, n) -> told.incrementAndGet())).hasMessageContaining("does not exist");
        assertThat(tries).hasValue(1);
        assertThat(told).hasValue(1);
    }

    @Test
    void aCancellationEndsTheBackoffAtOnce() {
        Context context = new Context();
        AtomicInteger tries = new AtomicInteger();
        Thread canceller = new Thread(() -> {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            context.cancelled.set(true);
        });
        canceller.start();
        long t0 = System.nanoTime();

        assertThatThrownBy(() -> LockRetry.run(LONG_BACKOFF, context, Optional.empty(), n -> {
            tries.incrementAndGet();
            throw lockTimeout();
        }, null)).hasMessageContaining("lock timeout");

        // the first pause would be 20 s: the cancellation ended it, and no attempt followed
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
        assertThat(tries).hasValue(1);
    }

    @Test
    void noRetryThatWouldEndPastTheDeadline() {
        AtomicInteger tries = new AtomicInteger();
        long t0 = System.nanoTime();

        assertThatThrownBy(() -> LockRetry.run(LONG_BACKOFF, new Context(),
                Optional.of(Instant.now().plusSeconds(5)), n -> {
                    tries.incrementAndGet();
                    throw lockTimeout();
                }, null)).hasMessageContaining("lock timeout");
        assertThat(tries).hasValue(1);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void theFirstAttemptRunsEvenAfterACancellation() throws Exception {
        Context cancelled = new Context();
        cancelled.cancelled.set(true);

        String result = LockRetry.run(GUARD, cancelled, Optional.empty(), n -> "cleaned up", null);

        assertThat(result).isEqualTo("cleaned up");
    }
}

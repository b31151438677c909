package io.maintkit.core.internal;

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
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * The one lock-retry loop: retries the engine's lock failures only, pauses doubling up to a cap, and never waits past
 * a cancellation or a window's end.
 */
class LockRetryTest {

    /** PostgreSQL's lock_not_available and deadlock_detected, as an engine module's predicate would say. */
    private static final String LOCK_NOT_AVAILABLE = "55P03";
    private static final String DEADLOCK = "40P01";
    private static final Predicate<SQLException> LOCK_FAILURE =
            e -> LOCK_NOT_AVAILABLE.equals(e.getSQLState()) || DEADLOCK.equals(e.getSQLState());
    private static final LockRetry.Policy GUARD = new LockRetry.Policy(LOCK_FAILURE, Duration.ofMillis(100), 4,
            Duration.ofMillis(10), Duration.ofSeconds(30));
    private static final LockRetry.Policy LONG_BACKOFF = new LockRetry.Policy(LOCK_FAILURE, Duration.ofMillis(100), 4,
            Duration.ofSeconds(20), Duration.ofSeconds(30));

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
        return new SQLException("canceling statement due to lock timeout", LOCK_NOT_AVAILABLE);
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
                throw new SQLException("deadlock detected", DEADLOCK);
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

    @Test
    void thePauseDoublesUpToItsCap() {
        LockRetry.Policy policy = new LockRetry.Policy(LOCK_FAILURE, Duration.ofSeconds(1), 10,
                Duration.ofMillis(100), Duration.ofMillis(350));
        assertThat(policy.backoff(1)).isEqualTo(Duration.ofMillis(100));
        assertThat(policy.backoff(2)).isEqualTo(Duration.ofMillis(200));
        assertThat(policy.backoff(3)).isEqualTo(Duration.ofMillis(350));
        assertThat(policy.backoff(9)).isEqualTo(Duration.ofMillis(350));
    }

    @Test
    void theEnginesPredicateDecidesWhatIsALockFailure() {
        // MariaDB's ER_LOCK_WAIT_TIMEOUT (1205) is not PostgreSQL's: under PostgreSQL's predicate it is not retried
        AtomicInteger tries = new AtomicInteger();
        assertThatThrownBy(() -> LockRetry.run(GUARD, new Context(), Optional.empty(), n -> {
            tries.incrementAndGet();
            throw new SQLException("Lock wait timeout exceeded", "HY000", 1205);
        }, null)).hasMessageContaining("Lock wait timeout");
        assertThat(tries).hasValue(1);
        LockRetry.Policy mariadb = new LockRetry.Policy(e -> e.getErrorCode() == 1205, Duration.ofMillis(100), 3,
                Duration.ofMillis(10), Duration.ofMillis(10));
        tries.set(0);
        assertThatThrownBy(() -> LockRetry.run(mariadb, new Context(), Optional.empty(), n -> {
            tries.incrementAndGet();
            throw new SQLException("Lock wait timeout exceeded", "HY000", 1205);
        }, null)).hasMessageContaining("Lock wait timeout");
        assertThat(tries).hasValue(3);
    }
}

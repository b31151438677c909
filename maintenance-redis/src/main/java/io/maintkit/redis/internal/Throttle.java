package io.maintkit.redis.internal;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Keeps a scan gentle: a fixed pause after each batch, and, with a latency budget, a {@code PING} probe before each
 * batch on a connection of its own; while the probe's round trip exceeds the budget the scan waits (doubling the
 * wait up to one second), so that the application's commands go first.
 */
public final class Throttle implements AutoCloseable {

    private static final long MAX_WAIT_MILLIS = 1_000;

    private final Duration pause;
    private final Duration budget;
    private final Connector.Link<?, ?> probe;
    private long pausedNanos;
    private long waits;

    /**
     * A throttle.
     *
     * @param pause  sleep after each batch; zero for none
     * @param budget the largest acceptable PING round trip; null for no probe
     * @param probe  the probe's connection (closed with the throttle); null without a budget
     */
    public Throttle(Duration pause, Duration budget, Connector.Link<?, ?> probe) {
        this.pause = pause;
        this.budget = budget;
        this.probe = probe;
    }

    /**
     * Waits before the next batch as the settings say.
     *
     * @param cancelled checked between waits; a cancelled scan stops waiting
     * @return the last probe's round trip, or zero without a budget
     */
    public Duration beforeBatch(BooleanSupplier cancelled) throws InterruptedException {
        if (budget == null) {
            return Duration.ZERO;
        }
        long waitMillis = 10;
        while (true) {
            long t0 = System.nanoTime();
            try {
                probe.connection().async().ping().get(5, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                // a probe that fails or times out counts as over budget
            }
            Duration roundTrip = Duration.ofNanos(System.nanoTime() - t0);
            if (roundTrip.compareTo(budget) <= 0 || cancelled.getAsBoolean()) {
                return roundTrip;
            }
            waits++;
            sleep(Duration.ofMillis(waitMillis));
            waitMillis = Math.min(MAX_WAIT_MILLIS, waitMillis * 2);
        }
    }

    /** Sleeps the fixed pause after a batch. */
    public void afterBatch() throws InterruptedException {
        if (!pause.isZero()) {
            sleep(pause);
        }
    }

    private void sleep(Duration d) throws InterruptedException {
        long t0 = System.nanoTime();
        Thread.sleep(d.toMillis(), (int) (d.toNanos() % 1_000_000));
        pausedNanos += System.nanoTime() - t0;
    }

    /** The time spent pausing and waiting so far. */
    public Duration paused() {
        return Duration.ofNanos(pausedNanos);
    }

    /** How many times a probe over budget made the scan wait. */
    public long latencyWaits() {
        return waits;
    }

    @Override
    public void close() {
        if (probe != null) {
            probe.close();
        }
    }
}

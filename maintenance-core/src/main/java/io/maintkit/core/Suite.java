package io.maintkit.core;

import io.maintkit.core.internal.Failures;
import io.maintkit.core.internal.Logs;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A named group of checks, run in parallel with a timeout per check.
 *
 * <pre>{@code
 * SuiteResult r = Suite.of("nightly", bloat.asCheck(), disk.asCheck())
 *         .timeout(Duration.ofSeconds(30))
 *         .executor(hostExecutor)        // optional; default: one short-lived daemon thread per check
 *         .run();
 * health.status(r.worst());
 * }</pre>
 *
 * <p>A check that throws or exceeds its timeout (counted from the moment it starts) yields {@link Severity#UNKNOWN}
 * with the reason and is interrupted; it never holds up the others. When the executor is saturated by checks that
 * ignore interruption, a check that has not started within one timeout of the suite's last progress is reported as
 * not started. {@link #run()} therefore always returns.
 *
 * <p>Immutable and thread-safe; each configuration method returns a new suite.
 */
public final class Suite {

    /** The default timeout per check. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    private static final Logger LOG = LoggerFactory.getLogger(Suite.class);

    private final String name;
    private final List<Check> checks;
    private final Duration timeout;
    private final Executor executor;
    private final Clock clock;

    private Suite(String name, List<Check> checks, Duration timeout, Executor executor, Clock clock) {
        this.name = Objects.requireNonNull(name, "name");
        this.checks = List.copyOf(checks);
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, was " + timeout);
        }
        this.executor = executor;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A suite of the given checks, run in the given order of results. */
    public static Suite of(String name, List<? extends Check> checks) {
        return new Suite(name, List.copyOf(checks), DEFAULT_TIMEOUT, null, Clock.systemUTC());
    }

    /** A suite of the given checks. */
    public static Suite of(String name, Check... checks) {
        return of(name, List.of(checks));
    }

    /** This suite with one more check. */
    public Suite plus(Check check) {
        List<Check> all = new ArrayList<>(checks);
        all.add(Objects.requireNonNull(check, "check"));
        return new Suite(name, all, timeout, executor, clock);
    }

    /** This suite with another timeout per check. */
    public Suite timeout(Duration perCheck) {
        return new Suite(name, checks, perCheck, executor, clock);
    }

    /** This suite running its checks on the host's executor instead of short-lived daemon threads. */
    public Suite executor(Executor hostExecutor) {
        return new Suite(name, checks, timeout, Objects.requireNonNull(hostExecutor, "executor"), clock);
    }

    /** This suite with another clock for the results' start times. */
    public Suite clock(Clock otherClock) {
        return new Suite(name, checks, timeout, executor, otherClock);
    }

    /** The suite's name. */
    public String name() {
        return name;
    }

    /** The checks, in order. */
    public List<Check> checks() {
        return checks;
    }

    /** Runs every check and waits for each to finish, fail or time out. */
    public SuiteResult run() {
        Instant start = clock.instant();
        long t0 = System.nanoTime();
        BlockingQueue<Integer> events = new LinkedBlockingQueue<>();
        Executor runner = executor != null ? executor : Suite::onDaemonThread;
        List<Run> runs = new ArrayList<>();
        for (int i = 0; i < checks.size(); i++) {
            Run run = new Run(i, checks.get(i), events);
            runs.add(run);
            try {
                runner.execute(run);
            } catch (RejectedExecutionException e) {
                run.settle(notRun(run, "the executor rejected the check: " + Failures.describe(e)));
            }
        }
        awaitAll(runs, events);
        List<CheckResult> results = runs.stream().map(r -> r.result).toList();
        return new SuiteResult(name, start, Duration.ofNanos(System.nanoTime() - t0), results);
    }

    private void awaitAll(List<Run> runs, BlockingQueue<Integer> events) {
        long timeoutNanos = timeout.toNanos();
        long lastProgress = System.nanoTime();
        boolean interrupted = false;
        while (true) {
            long now = System.nanoTime();
            long nextDeadline = Long.MAX_VALUE;
            boolean pending = false;
            for (Run run : runs) {
                if (run.isSettled()) {
                    continue;
                }
                long deadline = run.startedNanos != 0 ? run.startedNanos + timeoutNanos : lastProgress + timeoutNanos;
                if (now - deadline >= 0) {
                    run.timeOut(run.startedNanos != 0
                            ? "timed out after " + Durations.humanize(timeout)
                            : "did not start within " + Durations.humanize(timeout)
                              + ": the executor is busy with other checks");
                    continue;
                }
                pending = true;
                nextDeadline = Math.min(nextDeadline, deadline);
            }
            if (!pending) {
                break;
            }
            try {
                Integer event = events.poll(nextDeadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                if (event != null) {
                    lastProgress = System.nanoTime();
                }
            } catch (InterruptedException e) {
                interrupted = true;
                for (Run run : runs) {
                    run.timeOut("the suite was interrupted");
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private CheckResult notRun(Run run, String reason) {
        return CheckResult.couldNotRun(run.check.id(), run.check.target(), clock.instant(), Duration.ZERO, reason);
    }

    private static void onDaemonThread(Runnable task) {
        Thread t = new Thread(task, "maintkit-check");
        t.setDaemon(true);
        t.start();
    }

    /** One check's run: its start, its result, and the thread to interrupt on time-out. */
    private final class Run implements Runnable {
        private final int index;
        private final Check check;
        private final BlockingQueue<Integer> events;
        private volatile long startedNanos;
        private volatile Thread thread;
        private CheckResult result;

        Run(int index, Check check, BlockingQueue<Integer> events) {
            this.index = index;
            this.check = check;
            this.events = events;
        }

        @Override
        public void run() {
            if (isSettled()) {
                return;
            }
            thread = Thread.currentThread();
            startedNanos = System.nanoTime() | 1; // never 0: 0 means "not started"
            events.add(index);
            CheckResult r;
            Instant start = clock.instant();
            try {
                r = check.run();
            } catch (RuntimeException | Error e) {
                r = CheckResult.couldNotRun(check.id(), check.target(), start,
                        Duration.ofNanos(System.nanoTime() - startedNanos), "the check threw: " + Failures.describe(e));
                Logs.checkFinished(LOG, r);
            }
            synchronized (this) {
                thread = null;
            }
            settle(r);
            Thread.interrupted(); // do not leak an interrupt from a late time-out into the executor's thread
            events.add(index);
        }

        synchronized boolean isSettled() {
            return result != null;
        }

        synchronized void settle(CheckResult r) {
            if (result == null) {
                result = r;
            }
        }

        synchronized void timeOut(String reason) {
            if (result != null) {
                return;
            }
            long elapsed = startedNanos == 0 ? 0 : System.nanoTime() - startedNanos;
            result = CheckResult.couldNotRun(check.id(), check.target(), clock.instant().minusNanos(elapsed),
                    Duration.ofNanos(elapsed), reason);
            Logs.checkFinished(LOG, result);
            if (thread != null) {
                thread.interrupt();
            }
        }
    }
}

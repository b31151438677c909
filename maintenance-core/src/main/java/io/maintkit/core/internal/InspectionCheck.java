package io.maintkit.core.internal;

import io.maintkit.core.Check;
import io.maintkit.core.CheckResult;
import io.maintkit.core.Report;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A {@link Check} over an {@link Check.Inspection}: timed, logged once, never throwing. */
public final class InspectionCheck implements Check {

    private static final Logger LOG = LoggerFactory.getLogger(Check.class);

    private final String id;
    private final String target;
    private final Check.Inspection<? extends Report> inspection;
    private final Clock clock;

    /** A check running {@code inspection}. */
    public InspectionCheck(String id, String target, Check.Inspection<? extends Report> inspection, Clock clock) {
        this.id = Objects.requireNonNull(id, "id");
        this.target = Objects.requireNonNull(target, "target");
        this.inspection = Objects.requireNonNull(inspection, "inspection");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String target() {
        return target;
    }

    @Override
    public CheckResult run() {
        Instant start = clock.instant();
        long t0 = System.nanoTime();
        CheckResult result;
        try {
            Report report = inspection.inspect();
            result = CheckResult.completed(id, target, start, Duration.ofNanos(System.nanoTime() - t0),
                    report.findings());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            result = CheckResult.couldNotRun(id, target, start, Duration.ofNanos(System.nanoTime() - t0),
                    "interrupted");
        } catch (Exception e) {
            result = CheckResult.couldNotRun(id, target, start, Duration.ofNanos(System.nanoTime() - t0),
                    Failures.describe(e));
        }
        Logs.checkFinished(LOG, result);
        return result;
    }

    @Override
    public String toString() {
        return id + " on " + target;
    }
}

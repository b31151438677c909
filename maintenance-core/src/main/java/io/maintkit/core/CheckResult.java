package io.maintkit.core;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What one run of a {@link Check} produced.
 *
 * @param checkId  the check's stable id
 * @param target   what the check looked at ({@code postgresql://db-1:5432/app}, {@code /backups/daily})
 * @param start    when the run started
 * @param duration how long it took
 * @param findings what it found; empty for a healthy target
 * @param outcome  whether the check completed or could not run
 * @param reason   why it could not run; empty when it completed
 */
public record CheckResult(String checkId, String target, Instant start, Duration duration,
                          List<Finding> findings, Outcome outcome, String reason) implements Report {

    /** Whether a check ran to its end. */
    public enum Outcome {
        /** The check ran; its findings say what it saw. */
        COMPLETED,
        /** The check could not run (permission, missing extension, timeout, unreachable host). */
        COULD_NOT_RUN
    }

    /** Validates and copies the findings. */
    public CheckResult {
        Objects.requireNonNull(checkId, "checkId");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(reason, "reason");
        findings = List.copyOf(findings);
    }

    /** A check that ran to its end. */
    public static CheckResult completed(String checkId, String target, Instant start, Duration duration,
                                        List<Finding> findings) {
        return new CheckResult(checkId, target, start, duration, findings, Outcome.COMPLETED, "");
    }

    /** A check that could not run, and why. Its {@link #worst()} is {@link Severity#UNKNOWN}. */
    public static CheckResult couldNotRun(String checkId, String target, Instant start, Duration duration,
                                          String reason) {
        return new CheckResult(checkId, target, start, duration, List.of(), Outcome.COULD_NOT_RUN, reason);
    }

    /** Whether the check ran to its end. */
    public boolean completed() {
        return outcome == Outcome.COMPLETED;
    }

    /** Why the check could not run, if it could not. */
    public Optional<String> couldNotRunReason() {
        return completed() ? Optional.empty() : Optional.of(reason);
    }

    /** The worst finding's severity; {@link Severity#UNKNOWN} at least when the check could not run. */
    @Override
    public Severity worst() {
        Severity worst = Report.super.worst();
        return completed() ? worst : Severity.worst(worst, Severity.UNKNOWN);
    }
}

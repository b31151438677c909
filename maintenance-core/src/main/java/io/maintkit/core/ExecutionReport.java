package io.maintkit.core;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What an executed {@link MaintenancePlan} did, action by action, in plan order.
 *
 * <p>As a {@link Report}, each action is one finding about its target, of kind {@code action-} followed by its
 * outcome ({@code action-succeeded}, {@code action-failed}, ...): a failed action is {@code CRITICAL}, one that
 * could not run {@code UNKNOWN}, a cancelled one {@code WARNING}, a skipped or never started one {@code INFO}.
 *
 * @param planName   the plan's name
 * @param start      when the execution started
 * @param duration   how long it took
 * @param executions one entry per action of the plan
 */
public record ExecutionReport(String planName, Instant start, Duration duration, List<ActionExecution> executions)
        implements Report {

    /** The check id of the findings of executed work. */
    public static final String ID = "core.execution";

    /** Validates and copies. */
    public ExecutionReport {
        Objects.requireNonNull(planName, "planName");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(duration, "duration");
        executions = List.copyOf(executions);
    }

    /** The executions that ended with {@code outcome}. */
    public List<ActionExecution> withOutcome(Outcome outcome) {
        return executions.stream().filter(e -> e.outcome() == outcome).toList();
    }

    /** One finding per action, in plan order. */
    @Override
    public List<Finding> findings() {
        return executions.stream().map(ExecutionReport::finding).toList();
    }

    private static Finding finding(ActionExecution e) {
        Severity severity = switch (e.outcome()) {
            case SUCCEEDED -> Severity.OK;
            case FAILED -> Severity.CRITICAL;
            case COULD_NOT_RUN -> Severity.UNKNOWN;
            case CANCELLED -> Severity.WARNING;
            case SKIPPED, NOT_STARTED -> Severity.INFO;
        };
        String kind = "action-" + e.outcome().name().toLowerCase(Locale.ROOT).replace('_', '-');
        String summary = e.outcome() + ": " + e.action().command()
                + (e.detail().isEmpty() ? "" : " (" + e.detail() + ")");
        return Finding.of(ID, kind, e.action().target(), severity, summary)
                .withMeasurements(e.measurements().toArray(Measurement[]::new));
    }

    /** Whether every action ran and succeeded. */
    public boolean allSucceeded() {
        return executions.stream().allMatch(e -> e.outcome() == Outcome.SUCCEEDED);
    }
}

package io.maintkit.core;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What an executed {@link MaintenancePlan} did, action by action, in plan order.
 *
 * @param planName   the plan's name
 * @param start      when the execution started
 * @param duration   how long it took
 * @param executions one entry per action of the plan
 */
public record ExecutionReport(String planName, Instant start, Duration duration, List<ActionExecution> executions) {

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

    /** Whether every action ran and succeeded. */
    public boolean allSucceeded() {
        return executions.stream().allMatch(e -> e.outcome() == Outcome.SUCCEEDED);
    }
}

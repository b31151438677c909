package io.maintkit.core;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What one run of a {@link RunbookTier} did: the checks' suite result, and for each task its plan and what became
 * of it; or, when another node held the tier's lock, why it was skipped.
 *
 * <p>As a {@link Report}, its findings are the checks' findings, then each executed action's (see
 * {@link ExecutionReport}), then one {@code UNKNOWN} finding of kind {@code task-could-not-plan} per task whose
 * planning failed, or one {@code INFO} finding of kind {@code tier-skipped}.
 *
 * @param tier       the tier's name
 * @param start      when the run started
 * @param duration   how long it took
 * @param checks     the checks' result; empty when the tier was skipped
 * @param tasks      what became of each task, in order
 * @param skipReason why the tier did not run; empty when it ran
 */
public record TierResult(String tier, Instant start, Duration duration, Optional<SuiteResult> checks,
                         List<TaskResult> tasks, String skipReason) implements Report {

    /** The check id of the findings about the tier itself. */
    public static final String ID = "core.runbook";

    /** Validates and copies. */
    public TierResult {
        Objects.requireNonNull(tier, "tier");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(checks, "checks");
        tasks = List.copyOf(tasks);
        Objects.requireNonNull(skipReason, "skipReason");
    }

    TierResult(String tier, Instant start, Duration duration, SuiteResult checks, List<TaskResult> tasks,
               String skipReason) {
        this(tier, start, duration, Optional.of(checks), tasks, skipReason);
    }

    static TierResult skipped(String tier, Instant start, Duration duration, String why) {
        return new TierResult(tier, start, duration, Optional.empty(), List.of(), why);
    }

    /**
     * What became of one task.
     *
     * @param task      the task's name
     * @param plan      its plan; empty when planning failed
     * @param execution what executing the plan did; empty when planning failed
     * @param failure   why planning failed; empty when it did not
     */
    public record TaskResult(String task, Optional<MaintenancePlan> plan, Optional<ExecutionReport> execution,
                             String failure) {

        /** Validates. */
        public TaskResult {
            Objects.requireNonNull(task, "task");
            Objects.requireNonNull(plan, "plan");
            Objects.requireNonNull(execution, "execution");
            Objects.requireNonNull(failure, "failure");
        }

        static TaskResult executed(String task, MaintenancePlan plan, ExecutionReport execution) {
            return new TaskResult(task, Optional.of(plan), Optional.of(execution), "");
        }

        static TaskResult couldNotPlan(String task, String why) {
            return new TaskResult(task, Optional.empty(), Optional.empty(), why);
        }
    }

    /** Whether the tier ran on this node. */
    public boolean ran() {
        return skipReason.isEmpty();
    }

    @Override
    public List<Finding> findings() {
        List<Finding> all = new ArrayList<>();
        if (!ran()) {
            all.add(Finding.of(ID, "tier-skipped", tier, Severity.INFO, "skipped: " + skipReason));
            return all;
        }
        checks.ifPresent(c -> all.addAll(c.findings()));
        for (TaskResult t : tasks) {
            t.execution().ifPresent(e -> all.addAll(e.findings()));
            if (!t.failure().isEmpty()) {
                all.add(Finding.of(ID, "task-could-not-plan", tier + "/" + t.task(), Severity.UNKNOWN,
                        "could not plan " + t.task() + ": " + t.failure()));
            }
        }
        return all;
    }

    /** The checks' worst, including checks that could not run, and the worst of every other finding. */
    @Override
    public Severity worst() {
        Severity findingsWorst = Report.super.worst();
        return checks.map(c -> Severity.worst(c.worst(), findingsWorst)).orElse(findingsWorst);
    }
}

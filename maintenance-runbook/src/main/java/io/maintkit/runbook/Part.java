package io.maintkit.runbook;

import io.maintkit.core.Check;
import io.maintkit.core.RunbookTier;

import java.util.List;
import java.util.Objects;

/**
 * One entry of the standard runbook: checks or a task of one tier, with what it is and why it runs then.
 *
 * @param tier   the tier's name
 * @param what   what it is, for the printed runbook
 * @param why    why it runs in that tier, with the limits it applies
 * @param checks the checks; empty for a task
 * @param task   the task; null for checks
 */
record Part(String tier, String what, String why, List<Check> checks, RunbookTier.Task task) {

    Part {
        Objects.requireNonNull(tier, "tier");
        Objects.requireNonNull(what, "what");
        Objects.requireNonNull(why, "why");
        checks = List.copyOf(checks);
    }

    static Part checks(String tier, String what, String why, List<Check> checks) {
        return new Part(tier, what, why, checks, null);
    }

    /** The ids of these checks, for a part's name. */
    static String ids(List<Check> checks) {
        return String.join(", ", checks.stream().map(Check::id).toList());
    }

    /** The monthly task of one of the host's table retention policies. */
    static Part retention(String table, RunbookTier.PlanSource source) {
        return task(StandardRunbook.MONTHLY, "table retention " + table, "the host's policy for " + table
                + ": old rows archived durably, then removed in batches; destructive, so it runs only with"
                + " allowDestructive(true)", source);
    }

    static Part task(String tier, String name, String why, RunbookTier.PlanSource source) {
        return new Part(tier, name, why, List.of(), new RunbookTier.Task(name, source));
    }

    boolean isTask() {
        return task != null;
    }
}

package io.maintkit.test;

import io.maintkit.core.LockImpact;
import io.maintkit.core.MaintenanceAction;
import io.maintkit.core.MaintenancePlan;
import org.assertj.core.api.AbstractAssert;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** Assertions over a {@link MaintenancePlan} before it runs: what it would change, and how it would lock. */
public final class PlanAssert extends AbstractAssert<PlanAssert, MaintenancePlan> {

    PlanAssert(MaintenancePlan actual) {
        super(actual, PlanAssert.class);
    }

    /**
     * The plan has no action.
     *
     * @return these assertions
     */
    public PlanAssert isEmpty() {
        return none(plan().actions(), "no actions");
    }

    /**
     * No action removes data (rows, files, keys, backups).
     *
     * @return these assertions
     */
    public PlanAssert hasNoDestructiveActions() {
        return none(plan().actions().stream().filter(MaintenanceAction::destructive).toList(),
                "no destructive actions");
    }

    /**
     * No action locks as much as {@code impact} or more ({@code BLOCKS_WRITES} also catches actions that block
     * reads and writes).
     *
     * @param impact the least lock impact not allowed
     * @return these assertions
     */
    public PlanAssert hasNoActionsBlocking(LockImpact impact) {
        return none(plan().actions().stream().filter(a -> a.lockImpact().compareTo(impact) >= 0).toList(),
                "no actions that " + impact.name().toLowerCase(Locale.ROOT).replace('_', ' '));
    }

    private MaintenancePlan plan() {
        isNotNull();
        return actual;
    }

    private PlanAssert none(List<MaintenanceAction> offending, String expected) {
        if (!offending.isEmpty()) {
            failWithMessage("Expected %s in plan %s, but found %d:%n%s", expected, actual.name(), offending.size(),
                    offending.stream().map(a -> "  " + a.command() + "  [" + a.lockImpact()
                            + (a.destructive() ? ", destructive" : "") + "] " + a.reason())
                            .collect(Collectors.joining(System.lineSeparator())));
        }
        return this;
    }
}

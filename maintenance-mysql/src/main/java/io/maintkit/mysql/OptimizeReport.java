package io.maintkit.mysql;

import io.maintkit.core.Finding;
import io.maintkit.core.MaintenancePlan;
import io.maintkit.core.Report;

import java.util.List;
import java.util.Objects;

/**
 * What {@link TableOptimizer#inspect()} decided: the plan, and the tables it left out with the reason.
 *
 * @param plan     the rebuilds, analyses and checks to run
 * @param findings one finding per table left out (kind {@code rebuild-skipped}), e.g. too little free disk or a
 *                 Galera cluster without the opt-in
 */
public record OptimizeReport(MaintenancePlan plan, List<Finding> findings) implements Report {

    /** Validates and copies. */
    public OptimizeReport {
        Objects.requireNonNull(plan, "plan");
        findings = List.copyOf(findings);
    }
}

package io.maintkit.test;

import io.maintkit.core.MaintenancePlan;
import io.maintkit.core.Report;

/**
 * Entry points for AssertJ assertions over maintkit's results, in the style of AssertJ's own {@code Assertions}.
 *
 * <pre>{@code
 * assertThat(PostgresHealth.on(dataSource).suite().run())
 *         .completed()
 *         .ignoring(Findings.ofKind("unused-index"))
 *         .hasNoFindingsWorseThan(Severity.INFO);
 * }</pre>
 *
 * <p>A failure lists the offending findings as {@link io.maintkit.core.TextRenderer} does (severity, check,
 * subject, summary), one per line, so a CI log reads like an operator's report.
 */
public final class MaintkitAssertions {

    private MaintkitAssertions() {
    }

    /**
     * Assertions over any report: a primitive's own report, a {@code CheckResult}, a {@code SuiteResult} or an
     * {@code ExecutionReport}.
     *
     * @param actual the report
     * @return the assertions
     */
    public static ReportAssert assertThat(Report actual) {
        return new ReportAssert(actual);
    }

    /**
     * Assertions over a plan, before it runs.
     *
     * @param actual the plan
     * @return the assertions
     */
    public static PlanAssert assertThat(MaintenancePlan actual) {
        return new PlanAssert(actual);
    }
}

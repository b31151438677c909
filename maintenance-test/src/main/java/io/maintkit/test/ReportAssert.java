package io.maintkit.test;

import io.maintkit.core.CheckResult;
import io.maintkit.core.ExecutionReport;
import io.maintkit.core.Finding;
import io.maintkit.core.Outcome;
import io.maintkit.core.Report;
import io.maintkit.core.Severity;
import io.maintkit.core.SuiteResult;
import io.maintkit.core.TextRenderer;
import org.assertj.core.api.AbstractAssert;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Assertions over a {@link Report}. {@link #ignoring(Predicate)} returns assertions that leave out accepted
 * findings; every other method fails with the offending findings rendered one per line.
 */
public final class ReportAssert extends AbstractAssert<ReportAssert, Report> {

    private final Predicate<Finding> ignored;

    ReportAssert(Report actual) {
        this(actual, f -> false);
    }

    private ReportAssert(Report actual, Predicate<Finding> ignored) {
        super(actual, ReportAssert.class);
        this.ignored = ignored;
    }

    /**
     * These assertions leaving out the findings {@code accepted} matches (see {@link io.maintkit.core.Findings}).
     *
     * @param accepted the findings to leave out
     * @return new assertions over the same report
     */
    public ReportAssert ignoring(Predicate<Finding> accepted) {
        return new ReportAssert(actual, ignored.or(accepted));
    }

    /**
     * Every check ran to its end: a check result that could not run, a suite with such a check, an executed plan
     * with an action that did not succeed, or a report with an {@code UNKNOWN} finding fails, with the reasons.
     *
     * @return these assertions
     */
    public ReportAssert completed() {
        isNotNull();
        List<String> notDone;
        if (actual instanceof CheckResult r) {
            notDone = r.completed() ? List.of() : List.of(r.checkId() + " on " + r.target() + ": " + r.reason());
        } else if (actual instanceof SuiteResult s) {
            notDone = s.results().stream().filter(r -> !r.completed())
                    .map(r -> r.checkId() + " on " + r.target() + ": " + r.reason()).toList();
        } else if (actual instanceof ExecutionReport e) {
            notDone = e.executions().stream().filter(x -> x.outcome() != Outcome.SUCCEEDED)
                    .map(x -> x.outcome() + " " + x.action().command() + ": " + x.detail()).toList();
        } else {
            notDone = findings().stream().filter(f -> f.severity() == Severity.UNKNOWN)
                    .map(f -> f.checkId() + " " + f.subject() + ": " + f.summary()).toList();
        }
        if (!notDone.isEmpty()) {
            failWithMessage("Expected everything to have run, but %d did not:%n  %s", notDone.size(),
                    String.join(System.lineSeparator() + "  ", notDone));
        }
        return this;
    }

    /**
     * No finding is worse than {@code severity} ({@code OK < INFO < WARNING < UNKNOWN < CRITICAL}).
     *
     * @param severity the worst severity allowed
     * @return these assertions
     */
    public ReportAssert hasNoFindingsWorseThan(Severity severity) {
        List<Finding> worse = findings().stream().filter(f -> f.severity().rank() > severity.rank()).toList();
        if (!worse.isEmpty()) {
            failWithMessage("Expected no findings worse than %s, but found %d:%n%s", severity, worse.size(),
                    render(worse));
        }
        return this;
    }

    /**
     * There are no findings at all, healthy ({@code OK}) ones aside.
     *
     * @return these assertions
     */
    public ReportAssert hasNoFindings() {
        return hasNoFindingsWorseThan(Severity.OK);
    }

    /**
     * A finding of that kind is about that subject.
     *
     * @param kind    the problem code ({@code duplicate-index})
     * @param subject the subject, as the finding names it ({@code public.orders_again})
     * @return these assertions
     */
    public ReportAssert hasFinding(String kind, String subject) {
        List<Finding> all = findings();
        if (all.stream().noneMatch(f -> f.kind().equals(kind) && f.subject().equals(subject))) {
            failWithMessage("Expected a finding of kind %s about %s, but found %s", kind, subject,
                    all.isEmpty() ? "no findings" : all.size() + ":" + System.lineSeparator() + render(all));
        }
        return this;
    }

    /**
     * Every finding above {@code OK} is of one of these kinds.
     *
     * @param kinds the problem codes allowed
     * @return these assertions
     */
    public ReportAssert hasOnlyFindingsOfKind(String... kinds) {
        Set<String> allowed = Set.copyOf(Arrays.asList(kinds));
        List<Finding> others = findings().stream()
                .filter(f -> f.severity() != Severity.OK && !allowed.contains(f.kind())).toList();
        if (!others.isEmpty()) {
            failWithMessage("Expected only findings of kind %s, but found %d other:%n%s",
                    allowed.stream().sorted().collect(Collectors.joining(", ")), others.size(), render(others));
        }
        return this;
    }

    private List<Finding> findings() {
        isNotNull();
        return actual.findings().stream().filter(ignored.negate()).toList();
    }

    static String render(List<Finding> findings) {
        Report offending = () -> findings;
        return TextRenderer.render(offending).stripTrailing();
    }
}

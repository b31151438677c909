package io.maintkit.core;

import io.maintkit.core.internal.TextTable;

import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Plain text for a terminal: aligned tables, severity first, worst first.
 *
 * <pre>
 * SEVERITY  CHECK                 KIND             SUBJECT           SUMMARY
 * CRITICAL  postgres.wraparound   wraparound-risk  app               XID age 1.6 billion, 80.0% of ...
 * WARNING   postgres.table-bloat  table-bloat      billing.invoices  42.0% bloat (1.2 GiB)  bloat_percent=42.0% ...
 * </pre>
 */
public final class TextRenderer {

    /** Worst first, grouped by check; within a group the report's own order stays (largest first, top first). */
    private static final Comparator<Finding> WORST_FIRST = Comparator
            .comparing((Finding f) -> -f.severity().rank())
            .thenComparing(Finding::checkId);

    private TextRenderer() {
    }

    /** Findings of any report, worst first. */
    public static String render(Report report) {
        return findingsTable(report.findings());
    }

    /** A suite's checks (one line each, worst first) followed by every finding, worst first. */
    public static String render(SuiteResult result) {
        StringBuilder out = new StringBuilder();
        out.append("Suite ").append(result.name()).append(": ").append(result.worst())
                .append(" in ").append(Durations.humanize(result.duration())).append(" (")
                .append(result.counts().entrySet().stream().filter(e -> e.getValue() > 0)
                        .map(e -> e.getValue() + " " + e.getKey()).collect(Collectors.joining(", ")))
                .append(")\n\n");
        TextTable checks = new TextTable("SEVERITY", "CHECK", "TARGET", "FINDINGS", "TIME", "NOTE");
        result.results().stream()
                .sorted(Comparator.comparing((CheckResult r) -> -r.worst().rank()).thenComparing(CheckResult::checkId))
                .forEach(r -> checks.row(r.worst().name(), r.checkId(), r.target(),
                        Integer.toString(r.findings().size()), Durations.humanize(r.duration()),
                        r.completed() ? "" : "could not run: " + r.reason()));
        out.append(checks.render());
        if (!result.findings().isEmpty()) {
            out.append('\n').append(findingsTable(result.findings()));
        }
        return out.toString();
    }

    /** One check's result: its status line and its findings. */
    public static String render(CheckResult result) {
        String head = result.checkId() + " on " + result.target() + ": " + result.worst() + " in "
                + Durations.humanize(result.duration())
                + (result.completed() ? "" : " (could not run: " + result.reason() + ")") + "\n";
        return result.findings().isEmpty() ? head : head + findingsTable(result.findings());
    }

    /** A plan: each action with its command, reason, lock impact, destructiveness and cost. */
    public static String render(MaintenancePlan plan) {
        if (plan.isEmpty()) {
            return "Plan " + plan.name() + ": nothing to do\n";
        }
        StringBuilder out = new StringBuilder("Plan " + plan.name() + ": " + plan.actions().size() + " action"
                + (plan.actions().size() == 1 ? "" : "s") + ", " + plan.totalCost() + "\n");
        int n = 1;
        for (MaintenanceAction a : plan.actions()) {
            out.append(String.format("%n%2d. %s%n", n++, a.command()))
                    .append("    why:   ").append(a.reason()).append('\n')
                    .append("    locks: ").append(lockText(a.lockImpact()))
                    .append(a.destructive() ? "; DESTRUCTIVE" : "").append('\n')
                    .append("    cost:  ").append(a.cost()).append('\n');
        }
        return out.toString();
    }

    /** An execution: one line per action with its outcome, duration and detail. */
    public static String render(ExecutionReport report) {
        TextTable table = new TextTable("OUTCOME", "TIME", "ACTION", "DETAIL");
        for (ActionExecution e : report.executions()) {
            String numbers = e.measurements().isEmpty() ? "" : " " + e.measurements();
            table.row(e.outcome().name(), Durations.humanize(e.duration()), e.action().command(),
                    e.detail() + numbers);
        }
        return "Execution of " + report.planName() + " in " + Durations.humanize(report.duration()) + "\n\n"
                + table.render();
    }

    private static String findingsTable(List<Finding> findings) {
        if (findings.isEmpty()) {
            return "no findings\n";
        }
        TextTable table = new TextTable("SEVERITY", "CHECK", "KIND", "SUBJECT", "SUMMARY", "MEASUREMENTS");
        findings.stream().sorted(WORST_FIRST).forEach(f -> table.row(f.severity().name(), f.checkId(), f.kind(),
                f.subject(), f.summary(), f.measurements().stream().map(Measurement::toString).collect(Collectors.joining(" "))));
        return table.render();
    }

    private static String lockText(LockImpact impact) {
        return switch (impact) {
            case NONE -> "none (reads and writes go on)";
            case BLOCKS_WRITES -> "blocks writes";
            case BLOCKS_READS_AND_WRITES -> "blocks reads and writes";
        };
    }
}

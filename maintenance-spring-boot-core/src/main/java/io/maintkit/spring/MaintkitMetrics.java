package io.maintkit.spring;

import io.maintkit.core.ActionExecution;
import io.maintkit.core.CheckResult;
import io.maintkit.core.ExecutionListener;
import io.maintkit.core.Severity;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import java.util.List;
import java.util.Locale;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.ToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Micrometer metrics of maintkit, read from the last completed runs ({@link CheckRuns}): a scrape never runs a
 * check, and a check that has not run reports no number ({@code NaN}), never 0.
 *
 * <table>
 *   <caption>Metrics</caption>
 *   <tr><th>name</th><th>tags</th><th>value</th></tr>
 *   <tr><td>{@code maintkit.check.findings}</td><td>{@code check}, {@code severity}</td><td>findings of that
 *       severity in the last run (summed over the check's targets)</td></tr>
 *   <tr><td>{@code maintkit.check.duration}</td><td>{@code check}</td><td>seconds the last run took (the longest
 *       over the check's targets)</td></tr>
 *   <tr><td>{@code maintkit.check.last.completed}</td><td>{@code check}</td><td>when the last run completed, in
 *       epoch seconds (the oldest over the check's targets)</td></tr>
 *   <tr><td>{@code maintkit.check.status}</td><td>{@code check}</td><td>the worst severity of the last run:
 *       0 OK, 1 INFO, 2 WARNING, 3 UNKNOWN, 4 CRITICAL ({@link Severity#rank()})</td></tr>
 *   <tr><td>{@code maintkit.action.executions}</td><td>{@code kind}, {@code outcome}</td><td>executed actions,
 *       counted when this object is the {@code ExecutionOptions} listener</td></tr>
 * </table>
 *
 * <p>Every tag comes from a bounded set: check ids, severities, outcomes, and action kinds, which are the first
 * word of an action's command in lower case ({@code vacuum}, {@code delete}), at most {@value #MAX_ACTION_KINDS}
 * of them, any further one counted as {@code other}; never a table name, a key or a path.
 */
public final class MaintkitMetrics implements MeterBinder, ExecutionListener {

    /** How many distinct action kinds are tagged before the others are counted as {@code other}. */
    public static final int MAX_ACTION_KINDS = 32;

    private static final Pattern FIRST_WORD = Pattern.compile("^\\s*([A-Za-z][A-Za-z_-]{0,31})");

    private final CheckRuns runs;
    private final List<MeterRegistry> registries = new CopyOnWriteArrayList<>();
    private final Set<String> kinds = new HashSet<>();

    /**
     * Metrics of these runs.
     *
     * @param runs the last completed runs
     */
    public MaintkitMetrics(CheckRuns runs) {
        this.runs = Objects.requireNonNull(runs, "runs");
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        registries.add(registry);
        for (String check : runs.checkIds()) {
            for (Severity severity : Severity.values()) {
                gauge(registry, "maintkit.check.findings", check, "findings of this severity in the last run",
                        null, results -> results.isEmpty() ? Double.NaN : results.stream()
                                .mapToLong(r -> r.findings().stream().filter(f -> f.severity() == severity).count())
                                .sum(), "severity", severity.name());
            }
            gauge(registry, "maintkit.check.duration", check, "how long the last run took", "seconds",
                    results -> results.stream().mapToDouble(r -> r.duration().toNanos() / 1e9).max()
                            .orElse(Double.NaN));
            gauge(registry, "maintkit.check.last.completed", check, "when the last run completed", "seconds",
                    results -> results.stream()
                            .mapToDouble(r -> r.start().plus(r.duration()).toEpochMilli() / 1000.0).min()
                            .orElse(Double.NaN));
            gauge(registry, "maintkit.check.status", check,
                    "worst severity of the last run: 0 OK, 1 INFO, 2 WARNING, 3 UNKNOWN, 4 CRITICAL", null,
                    results -> results.isEmpty() ? Double.NaN
                            : Severity.worst(results.stream().map(CheckResult::worst).toList()).rank());
        }
    }

    private void gauge(MeterRegistry registry, String name, String check, String description, String unit,
                       ToDoubleFunction<List<CheckResult>> value, String... tags) {
        Gauge.builder(name, () -> value.applyAsDouble(runs.lastResults(check)))
                .tag("check", check).tags(tags).description(description).baseUnit(unit).strongReference(true)
                .register(registry);
    }

    /** Counts a finished action in {@code maintkit.action.executions}. */
    @Override
    public void actionFinished(ActionExecution execution) {
        String kind = kindOf(execution.action().command());
        String outcome = execution.outcome().name();
        for (MeterRegistry registry : registries) {
            Counter.builder("maintkit.action.executions").tag("kind", kind).tag("outcome", outcome)
                    .description("executed maintenance actions").register(registry).increment();
        }
    }

    private String kindOf(String command) {
        Matcher m = FIRST_WORD.matcher(command);
        if (!m.find()) {
            return "other";
        }
        String kind = m.group(1).toLowerCase(Locale.ROOT);
        synchronized (kinds) {
            return kinds.contains(kind) || kinds.size() < MAX_ACTION_KINDS && kinds.add(kind) ? kind : "other";
        }
    }
}

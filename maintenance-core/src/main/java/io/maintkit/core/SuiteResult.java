package io.maintkit.core;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The results of one {@link Suite} run.
 *
 * @param name     the suite's name
 * @param start    when the run started
 * @param duration how long the whole run took
 * @param results  every check's result, in the suite's order
 */
public record SuiteResult(String name, Instant start, Duration duration, List<CheckResult> results)
        implements Report {

    /** Validates and copies the results. */
    public SuiteResult {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(duration, "duration");
        results = List.copyOf(results);
    }

    /** Every finding of every check. */
    @Override
    public List<Finding> findings() {
        return results.stream().flatMap(r -> r.findings().stream()).toList();
    }

    /** The worst severity over all checks; {@link Severity#UNKNOWN} at least if any check could not run. */
    @Override
    public Severity worst() {
        return Severity.worst(results.stream().map(CheckResult::worst).toList());
    }

    /** How many checks ended at each severity (a check counts once, at its worst). */
    public Map<Severity, Integer> counts() {
        Map<Severity, Integer> counts = new EnumMap<>(Severity.class);
        for (Severity s : Severity.values()) {
            counts.put(s, 0);
        }
        results.forEach(r -> counts.merge(r.worst(), 1, Integer::sum));
        return counts;
    }

    /** The result of the check with that id, if the suite had one. */
    public java.util.Optional<CheckResult> result(String checkId) {
        return results.stream().filter(r -> r.checkId().equals(checkId)).findFirst();
    }
}

package io.maintkit.spring;

import io.maintkit.core.Check;
import io.maintkit.core.CheckResult;
import io.maintkit.core.Finding;
import io.maintkit.core.Measurement;
import io.maintkit.core.Severity;
import io.maintkit.core.Suite;
import io.maintkit.core.SuiteResult;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The last completed run of each of the application's checks, which health and metrics are served from: a request
 * to the health endpoint or a metrics scrape reads it and never runs a check (unless {@code runWhenStale} allows a
 * request to run a check whose last run is missing or older than the maximum age, one run at a time per check).
 *
 * <p>Severity to status: {@code OK} and {@code INFO} are {@code UP}; {@code WARNING} is the warning status
 * ({@code UP} by default; the findings are in the details); {@code CRITICAL} is {@code DOWN}; {@code UNKNOWN} (could
 * not run, or no run within the maximum age) is the unknown status, {@code UNKNOWN} by default and never {@code UP}.
 *
 * <p>Each check is named after its id; a second check with the same id gets {@code -2} appended, and so on.
 */
public final class CheckRuns {

    private final Map<String, Entry> entries = new LinkedHashMap<>();
    private final Duration maxAge;
    private final boolean runWhenStale;
    private final String unknownStatus;
    private final String warningStatus;
    private final int maxFindings;
    private final Clock clock;

    /**
     * Checks served with the given settings.
     *
     * @param checks   the checks, in the order their health is listed
     * @param settings the {@code maintkit.health.*} properties
     * @param clock    the clock that judges the age of a run
     * @throws IllegalArgumentException when the unknown status is {@code UP} or the maximum age is not positive
     */
    public CheckRuns(List<? extends Check> checks, MaintkitProperties.Health settings, Clock clock) {
        this.maxAge = Objects.requireNonNull(settings.getMaxAge(), "maintkit.health.max-age");
        if (maxAge.isNegative() || maxAge.isZero()) {
            throw new IllegalArgumentException("maintkit.health.max-age must be positive, was " + maxAge);
        }
        this.unknownStatus = Objects.requireNonNull(settings.getUnknownStatus(), "maintkit.health.unknown-status")
                .trim().toUpperCase(Locale.ROOT);
        if (unknownStatus.equals("UP")) {
            throw new IllegalArgumentException("maintkit.health.unknown-status cannot be UP: a check that could not"
                    + " run is never healthy");
        }
        this.warningStatus = Objects.requireNonNull(settings.getWarningStatus(), "maintkit.health.warning-status")
                .trim().toUpperCase(Locale.ROOT);
        this.runWhenStale = settings.isRunWhenStale();
        this.maxFindings = settings.getMaxFindings();
        this.clock = Objects.requireNonNull(clock, "clock");
        for (Check check : checks) {
            String name = check.id();
            for (int n = 2; entries.containsKey(name); n++) {
                name = check.id() + "-" + n;
            }
            entries.put(name, new Entry(check));
        }
    }

    /** @return the names of the checks, in order */
    public Set<String> names() {
        return entries.keySet();
    }

    /** @return the distinct check ids, the {@code check} tag of the metrics */
    public Set<String> checkIds() {
        Set<String> ids = new java.util.LinkedHashSet<>();
        entries.values().forEach(e -> ids.add(e.check.id()));
        return ids;
    }

    /**
     * Runs every check now, as one suite on the calling thread's behalf (the host's scheduler), and keeps the
     * results.
     *
     * @return the suite's result
     */
    public SuiteResult refresh() {
        SuiteResult result = Suite.of("maintkit", entries.values().stream().map(e -> e.check).toList()).run();
        record(result);
        return result;
    }

    /**
     * Keeps the results of a suite the host ran itself (a runbook tier), for the checks it serves.
     *
     * @param result the suite's result
     */
    public void record(SuiteResult result) {
        result.results().forEach(this::record);
    }

    /**
     * Keeps a check result the host obtained itself, for the check of the same id and target.
     *
     * @param result the result
     */
    public void record(CheckResult result) {
        entries.values().stream()
                .filter(e -> e.check.id().equals(result.checkId()) && e.check.target().equals(result.target()))
                .forEach(e -> e.last.accumulateAndGet(result, CheckRuns::newer));
    }

    private static CheckResult newer(CheckResult old, CheckResult now) {
        return old == null || !completedAt(now).isBefore(completedAt(old)) ? now : old;
    }

    private static Instant completedAt(CheckResult r) {
        return r.start().plus(r.duration());
    }

    /**
     * The last completed results of the checks with this id (several when the application has several targets).
     *
     * @param checkId the check id
     * @return the results, without the checks that have not run yet
     */
    public List<CheckResult> lastResults(String checkId) {
        List<CheckResult> results = new ArrayList<>();
        for (Entry e : entries.values()) {
            CheckResult r = e.last.get();
            if (r != null && e.check.id().equals(checkId)) {
                results.add(r);
            }
        }
        return results;
    }

    /**
     * The health of one check, from its last completed run.
     *
     * @param name a name from {@link #names()}
     * @return the status code and details
     */
    public HealthView health(String name) {
        Entry entry = Objects.requireNonNull(entries.get(name), () -> "no maintkit check named " + name);
        Optional<CheckResult> fresh = fresh(entry);
        if (fresh.isEmpty() && runWhenStale) {
            synchronized (entry) {
                fresh = fresh(entry);
                if (fresh.isEmpty()) {
                    record(Suite.of(name, entry.check).run());
                    fresh = Optional.ofNullable(entry.last.get());
                }
            }
        }
        return fresh.map(this::view).orElseGet(() -> stale(entry));
    }

    private Optional<CheckResult> fresh(Entry entry) {
        CheckResult r = entry.last.get();
        return r != null && ageOf(r).compareTo(maxAge) <= 0 ? Optional.of(r) : Optional.empty();
    }

    private Duration ageOf(CheckResult r) {
        Duration age = Duration.between(completedAt(r), clock.instant());
        return age.isNegative() ? Duration.ZERO : age;
    }

    private HealthView stale(Entry entry) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("checkId", entry.check.id());
        details.put("target", entry.check.target());
        details.put("worst", Severity.UNKNOWN.name());
        CheckResult last = entry.last.get();
        if (last == null) {
            details.put("reason", "no run has completed yet");
        } else {
            details.put("reason", "the last run completed " + ageOf(last).toSeconds()
                    + " s ago, more than the maximum age of " + maxAge.toSeconds() + " s");
            details.put("completedAt", completedAt(last).toString());
        }
        return new HealthView(unknownStatus, details);
    }

    private HealthView view(CheckResult r) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("checkId", r.checkId());
        details.put("target", r.target());
        details.put("worst", r.worst().name());
        details.put("completedAt", completedAt(r).toString());
        details.put("ageSeconds", ageOf(r).toSeconds());
        details.put("durationSeconds", r.duration().toMillis() / 1000.0);
        r.couldNotRunReason().ifPresent(reason -> details.put("reason", reason));
        Map<String, Object> counts = new LinkedHashMap<>();
        Map<Severity, Integer> bySeverity = new EnumMap<>(Severity.class);
        r.findings().forEach(f -> bySeverity.merge(f.severity(), 1, Integer::sum));
        bySeverity.forEach((s, n) -> counts.put(s.name(), n));
        details.put("findingCounts", counts);
        details.put("findings", r.findings().stream()
                .filter(f -> !f.severity().isHealthy())
                .sorted(Comparator.comparingInt((Finding f) -> f.severity().rank()).reversed())
                .limit(maxFindings)
                .map(CheckRuns::finding)
                .toList());
        return new HealthView(statusOf(r.worst()), details);
    }

    private static Map<String, Object> finding(Finding f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("severity", f.severity().name());
        m.put("kind", f.kind());
        m.put("subject", f.subject());
        m.put("summary", f.summary());
        m.put("measurements", f.measurements().stream().map(CheckRuns::measurement).toList());
        return m;
    }

    private static Map<String, Object> measurement(Measurement m) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("name", m.name());
        boolean integral = m.value() == Math.rint(m.value()) && Math.abs(m.value()) < 0x1p53;
        map.put("value", integral ? (Object) (long) m.value() : (Object) m.value());
        map.put("unit", m.unit().name().toLowerCase(Locale.ROOT));
        return map;
    }

    /**
     * The status code of a worst severity, as described in the class documentation.
     *
     * @param worst the worst severity of a run
     * @return the status code
     */
    public String statusOf(Severity worst) {
        return switch (worst) {
            case OK, INFO -> "UP";
            case WARNING -> warningStatus;
            case CRITICAL -> "DOWN";
            case UNKNOWN -> unknownStatus;
        };
    }

    private static final class Entry {
        final Check check;
        final AtomicReference<CheckResult> last = new AtomicReference<>();

        Entry(Check check) {
            this.check = check;
        }
    }
}

package io.maintkit.microprofile;

import io.maintkit.core.Check;
import io.maintkit.core.CheckResult;
import io.maintkit.core.Finding;
import io.maintkit.core.Severity;
import io.maintkit.core.Suite;
import io.maintkit.core.SuiteResult;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponse.Status;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * A MicroProfile {@link HealthCheck} answering from the last completed run of a maintkit {@link Check} or
 * {@link Suite}, never by running a heavy inspection on every request to {@code /health}.
 *
 * <p>The host decides when the check runs (its scheduler calls {@link #refresh()}, or hands in results with
 * {@link #record(SuiteResult)}) and whether the check is {@code @Readiness} or {@code @Liveness}, by how it produces
 * the bean:
 * <pre>{@code
 * @Produces @Readiness @Singleton
 * MaintkitHealthCheck databaseHealth() {
 *     return MaintkitHealthCheck.of(Suite.of("database", bloat.asCheck(), wraparound.asCheck()))
 *             .maxAge(Duration.ofMinutes(30));
 * }
 * // and in the host's scheduler, every 10 minutes: databaseHealth.refresh();
 * }</pre>
 *
 * <h2>Status</h2>
 * The worst severity of the last run decides: {@code OK}, {@code INFO} and {@code WARNING} are {@code UP} (warnings
 * are listed in the data); {@code CRITICAL} is {@code DOWN}; {@code UNKNOWN} (a check that could not run) is
 * {@code DOWN} unless {@link #unknownAs(Status)} says otherwise. No completed run within {@link #maxAge(Duration)}
 * counts as {@code UNKNOWN}, unless {@link #runWhenStale(boolean)} lets the request run the checks itself (one run
 * at a time; concurrent requests wait for it).
 *
 * <h2>Data</h2>
 * Plain strings and whole numbers (MicroProfile Health data holds strings, longs and booleans only): {@code worst}
 * (a severity), {@code completedAt} (ISO-8601), {@code ageSeconds}, {@code durationMillis}, one entry per check
 * ({@code <checkId>@<target>} to its worst severity, with the reason when it could not run),
 * {@code findings.<SEVERITY>} (counts of non-zero severities) and up to {@link #maxFindings(int)} findings worse
 * than {@code INFO}, worst first, as {@code finding.1}, {@code finding.2},
 * ... ({@code "WARNING table-bloat billing.invoices: 42.0% bloat"}). Findings never hold credentials.
 *
 * <p>Configuration is immutable (each {@code with}-style method returns a new check, with no run yet); the last run
 * is the only state, kept by each configured instance, so produce the bean once: with {@code @Singleton} (the
 * class is final, so a container cannot proxy it for {@code @ApplicationScoped}).
 */
public final class MaintkitHealthCheck implements HealthCheck {

    /** How old the last completed run may be before it no longer counts: 15 minutes. */
    public static final Duration DEFAULT_MAX_AGE = Duration.ofMinutes(15);

    /** How many findings the response lists at most: 10. */
    public static final int DEFAULT_MAX_FINDINGS = 10;

    private final String name;
    private final Supplier<List<CheckResult>> runner;
    private final Duration maxAge;
    private final Status unknownStatus;
    private final boolean runWhenStale;
    private final int maxFindings;
    private final Clock clock;
    private final AtomicReference<LastRun> last = new AtomicReference<>();
    private final Object running = new Object();

    private MaintkitHealthCheck(String name, Supplier<List<CheckResult>> runner, Duration maxAge,
                                Status unknownStatus, boolean runWhenStale, int maxFindings, Clock clock) {
        this.name = Objects.requireNonNull(name, "name");
        this.runner = runner;
        this.maxAge = Objects.requireNonNull(maxAge, "maxAge");
        if (maxAge.isNegative() || maxAge.isZero()) {
            throw new IllegalArgumentException("maxAge must be positive, was " + maxAge);
        }
        this.unknownStatus = Objects.requireNonNull(unknownStatus, "unknownStatus");
        if (maxFindings < 0) {
            throw new IllegalArgumentException("maxFindings cannot be negative, was " + maxFindings);
        }
        this.runWhenStale = runWhenStale;
        this.maxFindings = maxFindings;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * A health check named after the check's id, answering from the check's last run.
     *
     * @param check the check; it runs only in {@link #refresh()} (or on a stale request, when allowed)
     * @return the health check, with the defaults
     */
    public static MaintkitHealthCheck of(Check check) {
        Objects.requireNonNull(check, "check");
        return new MaintkitHealthCheck(check.id(), () -> List.of(check.run()), DEFAULT_MAX_AGE, Status.DOWN, false,
                DEFAULT_MAX_FINDINGS, Clock.systemUTC());
    }

    /**
     * A health check named after the suite, answering from the suite's last run.
     *
     * @param suite the suite; it runs only in {@link #refresh()} (or on a stale request, when allowed)
     * @return the health check, with the defaults
     */
    public static MaintkitHealthCheck of(Suite suite) {
        Objects.requireNonNull(suite, "suite");
        return new MaintkitHealthCheck(suite.name(), () -> suite.run().results(), DEFAULT_MAX_AGE, Status.DOWN,
                false, DEFAULT_MAX_FINDINGS, Clock.systemUTC());
    }

    /**
     * Names the response.
     *
     * @param responseName the name shown in the health response
     * @return a new health check, with no run yet
     */
    public MaintkitHealthCheck named(String responseName) {
        return new MaintkitHealthCheck(responseName, runner, maxAge, unknownStatus, runWhenStale, maxFindings, clock);
    }

    /**
     * Sets how old the last completed run may be; an older one counts as {@code UNKNOWN}.
     *
     * @param age the maximum age, positive
     * @return a new health check, with no run yet
     */
    public MaintkitHealthCheck maxAge(Duration age) {
        return new MaintkitHealthCheck(name, runner, age, unknownStatus, runWhenStale, maxFindings, clock);
    }

    /**
     * Sets the status of {@code UNKNOWN} (a check that could not run, or no recent run): {@code DOWN} by default.
     *
     * @param status {@code UP} to keep an instance in service while maintkit cannot see its database
     * @return a new health check, with no run yet
     */
    public MaintkitHealthCheck unknownAs(Status status) {
        return new MaintkitHealthCheck(name, runner, maxAge, status, runWhenStale, maxFindings, clock);
    }

    /**
     * Lets a request run the checks when the last run is missing or older than the maximum age (off by default:
     * then only {@link #refresh()} runs them).
     *
     * @param allowed whether a request may run the checks
     * @return a new health check, with no run yet
     */
    public MaintkitHealthCheck runWhenStale(boolean allowed) {
        return new MaintkitHealthCheck(name, runner, maxAge, unknownStatus, allowed, maxFindings, clock);
    }

    /**
     * Sets how many findings the response lists at most.
     *
     * @param count zero or more
     * @return a new health check, with no run yet
     */
    public MaintkitHealthCheck maxFindings(int count) {
        return new MaintkitHealthCheck(name, runner, maxAge, unknownStatus, runWhenStale, count, clock);
    }

    /**
     * Sets the clock that stamps runs and judges their age.
     *
     * @param otherClock the clock
     * @return a new health check, with no run yet
     */
    public MaintkitHealthCheck clock(Clock otherClock) {
        return new MaintkitHealthCheck(name, runner, maxAge, unknownStatus, runWhenStale, maxFindings, otherClock);
    }

    /**
     * Runs the check or suite now, on the calling thread (the host's scheduler), and keeps the result for the
     * following requests.
     *
     * @return the results of this run
     */
    public List<CheckResult> refresh() {
        synchronized (running) {
            Instant start = clock.instant();
            List<CheckResult> results = runner.get();
            store(new LastRun(clock.instant(), Duration.between(start, clock.instant()), results));
            return results;
        }
    }

    /**
     * Keeps a suite result the host obtained elsewhere (a runbook tier, its own scheduler) as the last run.
     *
     * @param result the completed run
     */
    public void record(SuiteResult result) {
        store(new LastRun(result.start().plus(result.duration()), result.duration(), result.results()));
    }

    /**
     * Keeps a check result the host obtained elsewhere as the last run.
     *
     * @param result the completed run
     */
    public void record(CheckResult result) {
        store(new LastRun(result.start().plus(result.duration()), result.duration(), List.of(result)));
    }

    private void store(LastRun run) {
        last.accumulateAndGet(run, (old, now) -> old == null || now.completedAt().isAfter(old.completedAt())
                ? now : old);
    }

    /**
     * Answers from the last completed run, as described in the class documentation.
     *
     * @return the response, built with the public {@link HealthCheckResponse} constructor
     */
    @Override
    public HealthCheckResponse call() {
        Optional<LastRun> run = fresh();
        if (run.isEmpty() && runWhenStale) {
            synchronized (running) {
                run = fresh();
                if (run.isEmpty()) {
                    refresh();
                    run = Optional.ofNullable(last.get());
                }
            }
        }
        return run.map(this::respond).orElseGet(this::stale);
    }

    private Optional<LastRun> fresh() {
        LastRun run = last.get();
        return run != null && ageOf(run).compareTo(maxAge) <= 0 ? Optional.of(run) : Optional.empty();
    }

    private Duration ageOf(LastRun run) {
        Duration age = Duration.between(run.completedAt(), clock.instant());
        return age.isNegative() ? Duration.ZERO : age;
    }

    private HealthCheckResponse stale() {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("worst", Severity.UNKNOWN.name());
        LastRun run = last.get();
        data.put("reason", run == null ? "no run has completed yet"
                : "the last run completed " + ageOf(run).toSeconds() + " s ago, more than the maximum age of "
                  + maxAge.toSeconds() + " s");
        if (run != null) {
            data.put("completedAt", run.completedAt().toString());
        }
        return new HealthCheckResponse(name, unknownStatus, Optional.of(data));
    }

    private HealthCheckResponse respond(LastRun run) {
        Severity worst = Severity.worst(run.results().stream().map(CheckResult::worst).toList());
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("worst", worst.name());
        data.put("completedAt", run.completedAt().toString());
        data.put("ageSeconds", ageOf(run).toSeconds());
        data.put("durationMillis", run.duration().toMillis());
        for (CheckResult r : run.results()) {
            data.put(r.checkId() + "@" + r.target(),
                    r.completed() ? r.worst().name() : r.worst().name() + ": " + r.reason());
        }
        List<Finding> findings = run.results().stream().flatMap(r -> r.findings().stream()).toList();
        Map<Severity, Long> counts = new EnumMap<>(Severity.class);
        findings.forEach(f -> counts.merge(f.severity(), 1L, Long::sum));
        counts.forEach((severity, count) -> data.put("findings." + severity.name(), count));
        List<Finding> listed = findings.stream().filter(f -> !f.severity().isHealthy())
                .sorted(Comparator.comparingInt((Finding f) -> f.severity().rank()).reversed())
                .limit(maxFindings).toList();
        for (int i = 0; i < listed.size(); i++) {
            Finding f = listed.get(i);
            data.put("finding." + (i + 1), f.severity() + " " + f.kind() + " " + f.subject() + ": " + f.summary());
        }
        return new HealthCheckResponse(name, statusOf(worst), Optional.of(data));
    }

    private Status statusOf(Severity worst) {
        return switch (worst) {
            case OK, INFO, WARNING -> Status.UP;
            case CRITICAL -> Status.DOWN;
            case UNKNOWN -> unknownStatus;
        };
    }

    private record LastRun(Instant completedAt, Duration duration, List<CheckResult> results) {
    }
}

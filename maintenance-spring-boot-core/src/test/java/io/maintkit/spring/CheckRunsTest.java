package io.maintkit.spring;

import io.maintkit.core.ActionExecution;
import io.maintkit.core.Check;
import io.maintkit.core.CheckResult;
import io.maintkit.core.Finding;
import io.maintkit.core.MaintenanceAction;
import io.maintkit.core.Outcome;
import io.maintkit.core.Severity;
import io.maintkit.core.StepResult;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CheckRunsTest {

    static final Instant T0 = Instant.parse("2026-11-30T02:00:00Z");

    final MutableClock clock = new MutableClock();

    /** A check whose runs are counted, finding one table of the given severity. */
    static final class Counted implements Check {
        final AtomicInteger runs = new AtomicInteger();
        final String id;
        final Severity severity;
        final MutableClock clock;

        Counted(String id, Severity severity, MutableClock clock) {
            this.id = id;
            this.severity = severity;
            this.clock = clock;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public String target() {
            return "db-1";
        }

        @Override
        public CheckResult run() {
            runs.incrementAndGet();
            return CheckResult.completed(id, target(), clock.instant(), Duration.ZERO,
                    List.of(Finding.of(id, "table-bloat", "billing.invoices", severity, "42.0% bloat")));
        }
    }

    static MaintkitProperties.Health settings() {
        MaintkitProperties.Health health = new MaintkitProperties.Health();
        health.setMaxAge(Duration.ofMinutes(10));
        return health;
    }

    @Test
    void severitiesMapToStatusesAndWarningsKeepTheirFindings() {
        Counted warning = new Counted("test.warning", Severity.WARNING, clock);
        Counted critical = new Counted("test.critical", Severity.CRITICAL, clock);
        CheckRuns runs = new CheckRuns(List.of(warning, critical), settings(), clock);

        runs.refresh();

        HealthView w = runs.health("test.warning");
        assertThat(w.status()).isEqualTo("UP");
        assertThat(w.details().get("findings")).asList().singleElement()
                .satisfies(f -> assertThat(((Map<?, ?>) f).get("kind")).isEqualTo("table-bloat"));
        assertThat(runs.health("test.critical").status()).isEqualTo("DOWN");
    }

    @Test
    void aStaleRunIsUnknownAndARequestRunsNothingUnlessAllowed() {
        Counted check = new Counted("test.counted", Severity.OK, clock);
        CheckRuns runs = new CheckRuns(List.of(check), settings(), clock);

        assertThat(runs.health("test.counted").status()).isEqualTo("UNKNOWN");
        assertThat(runs.health("test.counted").details().get("reason")).isEqualTo("no run has completed yet");
        runs.refresh();
        assertThat(runs.health("test.counted").status()).isEqualTo("UP");
        clock.now = clock.now.plus(Duration.ofMinutes(11));
        assertThat(runs.health("test.counted").status()).isEqualTo("UNKNOWN");
        assertThat(check.runs).hasValue(1);
    }

    @Test
    void whenAllowedAStaleRequestRunsTheCheckOncePerMaximumAge() {
        Counted check = new Counted("test.counted", Severity.OK, clock);
        MaintkitProperties.Health settings = settings();
        settings.setRunWhenStale(true);
        CheckRuns runs = new CheckRuns(List.of(check), settings, clock);

        runs.health("test.counted");
        runs.health("test.counted");
        assertThat(check.runs).hasValue(1);
        clock.now = clock.now.plus(Duration.ofMinutes(11));
        assertThat(runs.health("test.counted").status()).isEqualTo("UP");
        assertThat(check.runs).hasValue(2);
    }

    @Test
    void unknownIsNeverUpAndTheHostNamesTheWarningStatus() {
        MaintkitProperties.Health up = settings();
        up.setUnknownStatus("up");
        assertThatThrownBy(() -> new CheckRuns(List.of(), up, clock))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown-status");

        MaintkitProperties.Health custom = settings();
        custom.setWarningStatus("WARNING");
        custom.setUnknownStatus("DOWN");
        CheckRuns runs = new CheckRuns(List.of(), custom, clock);
        assertThat(runs.statusOf(Severity.WARNING)).isEqualTo("WARNING");
        assertThat(runs.statusOf(Severity.UNKNOWN)).isEqualTo("DOWN");
    }

    @Test
    void twoChecksWithOneIdGetDistinctNamesAndOneMetricsTag() {
        CheckRuns runs = new CheckRuns(List.of(new Counted("test.same", Severity.OK, clock),
                new Counted("test.same", Severity.OK, clock)), settings(), clock);

        assertThat(runs.names()).containsExactly("test.same", "test.same-2");
        assertThat(runs.checkIds()).containsExactly("test.same");
    }

    @Test
    void aScrapeBeforeTheFirstRunReportsNoNumberNotZero() {
        CheckRuns runs = new CheckRuns(List.of(new Counted("test.counted", Severity.OK, clock)), settings(), clock);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        new MaintkitMetrics(runs).bindTo(registry);

        assertThat(registry.get("maintkit.check.status").tag("check", "test.counted").gauge().value()).isNaN();
        runs.refresh();
        assertThat(registry.get("maintkit.check.status").tag("check", "test.counted").gauge().value()).isZero();
    }

    @Test
    void actionKindsAreBoundedTags() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        MaintkitMetrics metrics = new MaintkitMetrics(new CheckRuns(List.of(), settings(), clock));
        metrics.bindTo(registry);

        for (int i = 0; i < MaintkitMetrics.MAX_ACTION_KINDS + 5; i++) {
            metrics.actionFinished(execution("verb" + (char) ('a' + i % 26) + (char) ('a' + i / 26)
                    + " billing.invoices_" + i));
        }
        metrics.actionFinished(execution("VACUUM (ANALYZE) billing.invoices"));

        assertThat(registry.find("maintkit.action.executions").counters()).hasSize(MaintkitMetrics.MAX_ACTION_KINDS
                + 1);
        assertThat(registry.get("maintkit.action.executions").tag("kind", "other").counter().count()).isEqualTo(6);
        assertThat(registry.find("maintkit.action.executions").counters())
                .allSatisfy(c -> assertThat(c.getId().getTag("kind")).doesNotContain("billing"));
    }

    static ActionExecution execution(String command) {
        MaintenanceAction action = MaintenanceAction.builder("db-1", command).reason("test")
                .step(context -> StepResult.done()).build();
        return new ActionExecution(action, Outcome.SUCCEEDED, "", T0, Duration.ZERO, List.of());
    }

    static final class MutableClock extends Clock {
        volatile Instant now = T0;

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}

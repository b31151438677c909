package io.maintkit.microprofile;

import io.maintkit.core.Check;
import io.maintkit.core.CheckResult;
import io.maintkit.core.DiskSpaceCheck;
import io.maintkit.core.Finding;
import io.maintkit.core.Percent;
import io.maintkit.core.Severity;
import io.maintkit.core.Suite;
import io.maintkit.core.Threshold;
import io.smallrye.config.inject.ConfigExtension;
import io.smallrye.health.AsyncHealthCheckFactory;
import io.smallrye.health.SmallRyeHealth;
import io.smallrye.health.SmallRyeHealthReporter;
import io.smallrye.health.registry.HealthRegistries;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponse.Status;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class MaintkitHealthCheckTest {

    @TempDir
    static Path dir;

    /** The host's producers: it chooses readiness or liveness by how it produces each bean. */
    @ApplicationScoped
    static class HostBeans {

        @Produces
        @Readiness
        @Singleton
        MaintkitHealthCheck disks() {
            return MaintkitHealthCheck.of(Suite.of("disks",
                    DiskSpaceCheck.on(dir).thresholds(Threshold.above(Percent.of(0), Percent.of(0))).asCheck()));
        }

        @Produces
        @Liveness
        @Singleton
        MaintkitHealthCheck missingFolder() {
            return MaintkitHealthCheck.of(DiskSpaceCheck.on(dir.resolve("missing")).asCheck());
        }
    }

    static JsonObject json(SmallRyeHealthReporter reporter, SmallRyeHealth health) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        reporter.reportHealth(out, health);
        try (JsonReader reader = Json.createReader(new StringReader(out.toString(StandardCharsets.UTF_8)))) {
            return reader.readObject();
        }
    }

    @Test
    void smallRyeHealthServesTheLastRunOfTheHostsBeans() {
        Weld weld = new Weld().disableDiscovery()
                .addBeanClasses(SmallRyeHealthReporter.class, AsyncHealthCheckFactory.class, HealthRegistries.class,
                        HostBeans.class)
                .addExtension(new ConfigExtension());
        try (WeldContainer container = weld.initialize()) {
            SmallRyeHealthReporter reporter = container.select(SmallRyeHealthReporter.class).get();
            MaintkitHealthCheck disks = container.select(MaintkitHealthCheck.class, Readiness.Literal.INSTANCE).get();

            JsonObject before = json(reporter, reporter.getReadiness());
            assertThat(before.getString("status")).as("no run yet: UNKNOWN, DOWN by default").isEqualTo("DOWN");
            assertThat(before.getJsonArray("checks").getJsonObject(0).getJsonObject("data").getString("reason"))
                    .isEqualTo("no run has completed yet");

            disks.refresh();
            JsonObject readiness = json(reporter, reporter.getReadiness());
            assertThat(readiness.getString("status")).as("a CRITICAL finding is DOWN").isEqualTo("DOWN");
            JsonObject check = readiness.getJsonArray("checks").getJsonObject(0);
            assertThat(check.getString("name")).isEqualTo("disks");
            JsonObject data = check.getJsonObject("data");
            assertThat(data.getString("worst")).isEqualTo("CRITICAL");
            assertThat(data.getString(DiskSpaceCheck.ID + "@" + dir)).isEqualTo("CRITICAL");
            assertThat(data.getJsonNumber("findings.CRITICAL").longValue()).isEqualTo(1);
            assertThat(data.getString("finding.1")).startsWith("CRITICAL disk-usage ");
            Instant.parse(data.getString("completedAt"));
            assertThat(data.getJsonNumber("durationMillis").longValue()).isNotNegative();

            MaintkitHealthCheck missing = container.select(MaintkitHealthCheck.class, Liveness.Literal.INSTANCE)
                    .get();
            missing.refresh();
            JsonObject liveness = json(reporter, reporter.getLiveness());
            assertThat(liveness.getJsonArray("checks")).hasSize(1);
            JsonObject notRun = liveness.getJsonArray("checks").getJsonObject(0);
            assertThat(notRun.getString("name")).isEqualTo(DiskSpaceCheck.ID);
            assertThat(notRun.getString("status")).as("a check that could not run is never UP").isEqualTo("DOWN");
            assertThat(notRun.getJsonObject("data").getString(DiskSpaceCheck.ID + "@" + dir.resolve("missing")))
                    .startsWith("UNKNOWN: ");
        }
    }

    /** A check that counts its runs, to prove which requests run it. */
    static final class CountingCheck implements Check {
        final AtomicInteger runs = new AtomicInteger();
        final Severity severity;

        CountingCheck(Severity severity) {
            this.severity = severity;
        }

        @Override
        public String id() {
            return "test.counting";
        }

        @Override
        public String target() {
            return "db-1";
        }

        @Override
        public CheckResult run() {
            runs.incrementAndGet();
            return CheckResult.completed(id(), target(), Instant.now(), Duration.ofMillis(5),
                    List.of(Finding.of(id(), "table-bloat", "billing.invoices", severity, "42.0% bloat")));
        }
    }

    @Test
    void requestsNeverRunTheCheckUnlessAskedAndAStaleRunIsUnknown() {
        CountingCheck check = new CountingCheck(Severity.WARNING);
        MutableClock clock = new MutableClock(Instant.parse("2026-11-30T02:00:00Z"));
        MaintkitHealthCheck health = MaintkitHealthCheck.of(check).maxAge(Duration.ofMinutes(10)).clock(clock);

        assertThat(health.call().getStatus()).isEqualTo(Status.DOWN);
        assertThat(check.runs).hasValue(0);

        health.refresh();
        HealthCheckResponse fresh = health.call();
        health.call();
        assertThat(check.runs).hasValue(1);
        assertThat(fresh.getStatus()).as("WARNING stays UP, with the finding in the data").isEqualTo(Status.UP);
        assertThat(fresh.getData().orElseThrow().get("finding.1"))
                .isEqualTo("WARNING table-bloat billing.invoices: 42.0% bloat");

        clock.now = clock.now.plus(Duration.ofMinutes(11));
        HealthCheckResponse stale = health.call();
        assertThat(check.runs).hasValue(1);
        assertThat(stale.getStatus()).isEqualTo(Status.DOWN);
        assertThat(stale.getData().orElseThrow().get("worst")).isEqualTo("UNKNOWN");
        assertThat(health.unknownAs(Status.UP).call().getStatus()).isEqualTo(Status.UP);
    }

    @Test
    void whenAllowedAStaleRequestRunsTheCheckOncePerMaximumAge() {
        CountingCheck check = new CountingCheck(Severity.CRITICAL);
        MutableClock clock = new MutableClock(Instant.parse("2026-11-30T02:00:00Z"));
        MaintkitHealthCheck health = MaintkitHealthCheck.of(check).maxAge(Duration.ofMinutes(10)).clock(clock)
                .runWhenStale(true);

        assertThat(health.call().getStatus()).isEqualTo(Status.DOWN);
        health.call();
        assertThat(check.runs).hasValue(1);
        clock.now = clock.now.plus(Duration.ofMinutes(11));
        health.call();
        assertThat(check.runs).hasValue(2);
    }

    static final class MutableClock extends Clock {
        volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}

package io.maintkit.spring.boot3;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.maintkit.core.Check;
import io.maintkit.core.CheckResult;
import io.maintkit.core.DiskSpaceCheck;
import io.maintkit.core.ExecutionOptions;
import io.maintkit.core.FileRetention;
import io.maintkit.core.Percent;
import io.maintkit.core.Runbook;
import io.maintkit.core.RunbookTier;
import io.maintkit.core.Suite;
import io.maintkit.core.Threshold;
import io.maintkit.spring.CheckRuns;
import io.maintkit.spring.HealthView;
import io.maintkit.spring.MaintkitMetrics;
import io.maintkit.spring.MaintkitProperties;
import io.maintkit.spring.MaintkitSchedule;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.EnableScheduling;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A real Spring Boot application on a random port, with the host's checks as beans. */
class MaintkitAutoConfigurationTest {

    static final AtomicInteger COUNTED_RUNS = new AtomicInteger();
    static final ObjectMapper JSON = new ObjectMapper();

    static Path dir;
    static ConfigurableApplicationContext app;

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @EnableScheduling
    static class HostApplication {

        /** Any used space is critical, unless the {@code maintkit.checks.core.disk-space.used.*} properties say. */
        @Bean
        Check disk(MaintkitProperties properties) {
            return DiskSpaceCheck.on(dir).thresholds(properties.threshold(DiskSpaceCheck.ID, "used",
                    Threshold.above(Percent.of(0), Percent.of(0)))).asCheck();
        }

        @Bean
        Suite application() {
            return Suite.of("application",
                    Check.of("app.queue-depth", "queue-1", () -> {
                        throw new IOException("connection refused");
                    }),
                    Check.of("app.ignored", "nothing", () -> List::of),
                    new Check() {
                        @Override
                        public String id() {
                            return "app.counted";
                        }

                        @Override
                        public String target() {
                            return "counter";
                        }

                        @Override
                        public CheckResult run() {
                            COUNTED_RUNS.incrementAndGet();
                            return CheckResult.completed(id(), target(), Instant.now(), Duration.ZERO, List.of());
                        }
                    });
        }

        @Bean
        Runbook runbook(Check disk) {
            return Runbook.on().tier(RunbookTier.named("weekly").cron("0 2 * * SUN", ZoneId.of("Europe/Berlin"))
                    .checks(disk));
        }
    }

    @BeforeAll
    static void start() throws IOException {
        dir = Files.createTempDirectory("maintkit-boot");
        app = new SpringApplicationBuilder(HostApplication.class).run(
                "--server.port=0",
                "--management.endpoints.web.exposure.include=health",
                "--management.endpoint.health.show-details=always",
                "--maintkit.health.refresh-interval=1h",
                "--maintkit.checks.app.ignored.enabled=false",
                "--maintkit.runbook.schedule.enabled=true",
                "--maintkit.runbook.tiers.weekly.cron=0 3 * * SAT");
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    record Response(int statusCode, String body) {
    }

    /** A real HTTP request to the running application (java.net, to keep the test's module reads to java.base). */
    static Response get(String path) throws IOException {
        String port = app.getEnvironment().getProperty("local.server.port");
        HttpURLConnection http = (HttpURLConnection) URI.create("http://localhost:" + port + path).toURL()
                .openConnection();
        try {
            int status = http.getResponseCode();
            try (InputStream in = status < 400 ? http.getInputStream() : http.getErrorStream()) {
                return new Response(status, new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        } finally {
            http.disconnect();
        }
    }

    /** The host's scheduler runs every check once at start-up; waits for that run. */
    static JsonNode maintkitHealthAfterFirstRun() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            JsonNode health = JSON.readTree(get("/actuator/health/maintkit").body());
            boolean ran = !health.path("components").path("app.counted").path("details").path("reason").asText()
                    .equals("no run has completed yet");
            if (ran || System.nanoTime() > deadline) {
                return health;
            }
            Thread.sleep(100);
        }
    }

    @Test
    void healthHasOneChildPerCheckWithItsStatusAndFindings() throws Exception {
        JsonNode health = maintkitHealthAfterFirstRun();

        assertThat(get("/actuator/health").statusCode()).as("a CRITICAL check takes the application DOWN")
                .isEqualTo(503);
        assertThat(health.get("status").asText()).isEqualTo("DOWN");
        JsonNode components = health.get("components");
        assertThat(components.fieldNames()).toIterable()
                .containsExactlyInAnyOrder(DiskSpaceCheck.ID, "app.queue-depth", "app.counted");
        JsonNode disk = components.get(DiskSpaceCheck.ID);
        assertThat(disk.get("status").asText()).isEqualTo("DOWN");
        assertThat(disk.get("details").get("worst").asText()).isEqualTo("CRITICAL");
        JsonNode finding = disk.get("details").get("findings").get(0);
        assertThat(finding.get("kind").asText()).isEqualTo("disk-usage");
        assertThat(finding.get("measurements").get(0).get("unit").asText()).isIn("bytes", "percent");
        JsonNode queue = components.get("app.queue-depth");
        assertThat(queue.get("status").asText()).as("could not run: UNKNOWN, never UP").isEqualTo("UNKNOWN");
        assertThat(queue.get("details").get("reason").asText()).contains("connection refused");
        assertThat(components.get("app.counted").get("status").asText()).isEqualTo("UP");
    }

    @Test
    void requestsAndScrapesAreServedFromTheLastRunWithoutRunningChecks() throws Exception {
        maintkitHealthAfterFirstRun();
        int runs = COUNTED_RUNS.get();
        MeterRegistry registry = app.getBean(MeterRegistry.class);

        for (int i = 0; i < 3; i++) {
            get("/actuator/health");
            registry.get("maintkit.check.status").tag("check", "app.counted").gauge().value();
        }

        assertThat(COUNTED_RUNS.get()).isEqualTo(runs);
    }

    @Test
    void metricsCarryTheLastRunWithBoundedTags() throws Exception {
        maintkitHealthAfterFirstRun();
        MeterRegistry registry = app.getBean(MeterRegistry.class);

        assertThat(registry.get("maintkit.check.status").tag("check", DiskSpaceCheck.ID).gauge().value())
                .isEqualTo(4.0);
        assertThat(registry.get("maintkit.check.status").tag("check", "app.queue-depth").gauge().value())
                .isEqualTo(3.0);
        assertThat(registry.get("maintkit.check.findings").tag("check", DiskSpaceCheck.ID)
                .tag("severity", "CRITICAL").gauge().value()).isEqualTo(1.0);
        assertThat(registry.get("maintkit.check.last.completed").tag("check", DiskSpaceCheck.ID).gauge().value())
                .isCloseTo(Instant.now().getEpochSecond(), org.assertj.core.data.Offset.offset(120.0));
        assertThat(registry.find("maintkit.check.status").tag("check", "app.ignored").gauge()).isNull();

        Path logs = Files.createDirectories(dir.resolve("logs"));
        Path old = Files.writeString(logs.resolve("old.log"), "old");
        Files.setLastModifiedTime(old, FileTime.from(Instant.now().minus(Duration.ofDays(40))));
        FileRetention.on(logs).matching("**.log").deleteAfter(Duration.ofDays(30)).gracePeriod(Duration.ZERO).plan()
                .execute(ExecutionOptions.defaults().allowDestructive(true)
                        .listener(app.getBean(MaintkitMetrics.class)));

        assertThat(old).doesNotExist();
        assertThat(registry.get("maintkit.action.executions").tag("kind", "delete").tag("outcome", "SUCCEEDED")
                .counter().count()).isEqualTo(1.0);
    }

    @Test
    void theRefreshAndTheRunbooksTiersAreOnTheHostsScheduler() {
        assertThat(app.getBean(MaintkitSchedule.class).scheduled())
                .as("the tier's cron from maintkit.runbook.tiers.weekly.cron, its zone its own")
                .containsExactly("every check every PT1H", "tier weekly at 0 3 * * SAT Europe/Berlin");
    }

    /** The same application without web server, with other properties. */
    static ConfigurableApplicationContext quietApplication(String... properties) {
        return new SpringApplicationBuilder(HostApplication.class).properties("spring.main.web-application-type=none")
                .run(properties);
    }

    @Test
    void theRunbooksTiersAreScheduledOnlyWhenAsked() {
        try (ConfigurableApplicationContext quiet = quietApplication()) {
            assertThat(quiet.getBean(Runbook.class).tier("weekly").cron()).isPresent();
            assertThat(quiet.getBean(MaintkitSchedule.class).scheduled()).isEmpty();
        }
    }

    @Test
    void thresholdPropertiesChangeTheSeverityOfAFinding() {
        try (ConfigurableApplicationContext quiet = quietApplication(
                "--maintkit.checks.core.disk-space.used.warning=0%",
                "--maintkit.checks.core.disk-space.used.critical=100%")) {
            CheckRuns runs = quiet.getBean(CheckRuns.class);
            runs.refresh();

            HealthView disk = runs.health(DiskSpaceCheck.ID);
            assertThat(disk.details().get("worst")).as("critical only when the disk is full").isEqualTo("WARNING");
            assertThat(disk.status()).as("a warning keeps the application UP").isEqualTo("UP");
            assertThat(runs.names()).as("without maintkit.checks.app.ignored.enabled=false")
                    .contains("app.ignored");
        }
    }

    @Test
    void aPropertyThatCannotBeReadStopsTheApplicationWithItsName() {
        assertThatThrownBy(() -> quietApplication("--maintkit.checks.core.disk-space.used.warning=lots").close())
                .hasStackTraceContaining("maintkit.checks.core.disk-space.used.warning");
        assertThatThrownBy(() -> quietApplication("--maintkit.checks.app.ignored.enabeld=false").close())
                .hasStackTraceContaining("maintkit.checks.app.ignored.enabeld");
        assertThatThrownBy(() -> quietApplication("--maintkit.runbook.schedule.enabled=true",
                "--maintkit.runbook.tiers.weekyl.cron=0 3 * * SAT").close())
                .hasStackTraceContaining("maintkit.runbook.tiers.weekyl");
    }

    @Test
    void propertiesHaveConfigurationMetadataForIdes() throws IOException {
        try (var in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            assertThat(in).isNotNull();
            JsonNode metadata = JSON.readTree(in);
            assertThat(metadata.get("properties")).extracting(p -> p.get("name").asText())
                    .contains("maintkit.enabled", "maintkit.checks", "maintkit.health.max-age",
                            "maintkit.health.refresh-interval", "maintkit.health.unknown-status",
                            "maintkit.runbook.schedule.enabled", "maintkit.runbook.tiers");
            assertThat(metadata.get("hints")).extracting(h -> h.get("name").asText())
                    .contains("maintkit.checks.keys", "maintkit.health.unknown-status");
        }
    }
}

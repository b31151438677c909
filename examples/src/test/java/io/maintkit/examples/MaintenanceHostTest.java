package io.maintkit.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.maintkit.examples.host.MaintenanceHost;
import io.maintkit.postgres.BloatInspector;
import io.maintkit.spring.MaintkitSchedule;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootVersion;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The example host on a random port, its orders table bloated after start-up: the next scheduled refresh takes
 * {@code /actuator/health} DOWN with the finding in the details, and {@code /actuator/prometheus} counts it.
 */
class MaintenanceHostTest {

    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static final ObjectMapper JSON = new ObjectMapper();

    static ConfigurableApplicationContext host;

    @BeforeAll
    static void startTheHostAndBloatATable() throws Exception {
        host = new SpringApplicationBuilder(MaintenanceHost.class)
                .run("--server.port=0", "--maintkit.health.refresh-interval=2s");
        PostgresDemo.createBloat(host.getBean("orders", DataSource.class));
    }

    @AfterAll
    static void stop() {
        host.close();
    }

    static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        String port = host.getEnvironment().getProperty("local.server.port");
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The health of the bloat check once the host's scheduler has run it over the bloated table. */
    static HttpResponse<String> healthOnceTheBloatIsSeen() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (true) {
            HttpResponse<String> health = get("/actuator/health");
            JsonNode bloat = JSON.readTree(health.body()).path("components").path("maintkit").path("components")
                    .path(BloatInspector.ID);
            if (bloat.path("status").asText().equals("DOWN") || System.nanoTime() > deadline) {
                return health;
            }
            Thread.sleep(500);
        }
    }

    @Test
    void theBloatedTableTakesTheHealthDownWithItsFinding() throws Exception {
        HttpResponse<String> response = healthOnceTheBloatIsSeen();
        Files.writeString(Path.of("target", "maintenance-host-health.json"),
                JSON.writerWithDefaultPrettyPrinter().writeValueAsString(JSON.readTree(response.body())));

        assertThat(response.statusCode()).as("a CRITICAL finding takes the application DOWN").isEqualTo(503);
        JsonNode maintkit = JSON.readTree(response.body()).get("components").get("maintkit");
        assertThat(maintkit.get("status").asText()).isEqualTo("DOWN");
        JsonNode bloat = maintkit.get("components").get(BloatInspector.ID);
        assertThat(bloat.get("status").asText()).isEqualTo("DOWN");
        assertThat(bloat.get("details").get("target").asText()).isEqualTo("orders");
        JsonNode finding = bloat.get("details").get("findings").get(0);
        assertThat(finding.get("kind").asText()).isEqualTo("table-bloat");
        assertThat(finding.get("subject").asText()).isEqualTo("public.orders");
        assertThat(finding.get("severity").asText()).as("above the critical limits of application.properties")
                .isEqualTo("CRITICAL");
        assertThat(maintkit.get("components").fieldNames()).toIterable()
                .as("the PostgreSQL, MariaDB and Redis suites").contains("postgres.vacuum", "mysql.buffer-pool",
                        "redis.memory")
                .as("maintkit.checks.mysql.queries.enabled=false").doesNotContain("mysql.queries");

        HttpResponse<String> child = get("/actuator/health/maintkit/" + BloatInspector.ID);
        Files.writeString(Path.of("target", "maintenance-host-health-table-bloat.json"), child.body());
        assertThat(child.statusCode()).isEqualTo(503);
        assertThat(JSON.readTree(child.body()).get("details").get("findings").get(0).get("kind").asText())
                .isEqualTo("table-bloat");
    }

    @Test
    void prometheusCountsTheFindingsOfEachCheckBySeverity() throws Exception {
        healthOnceTheBloatIsSeen();

        HttpResponse<String> response = get("/actuator/prometheus");
        List<String> maintkitLines = response.body().lines().filter(l -> l.contains("maintkit_")).toList();
        Files.write(Path.of("target", "maintenance-host-prometheus.txt"), maintkitLines);

        assertThat(response.statusCode()).isEqualTo(200);
        Matcher critical = Pattern.compile("^maintkit_check_findings\\{.*check=\"postgres\\.table-bloat\".*"
                + "severity=\"CRITICAL\".*} (\\S+)$", Pattern.MULTILINE).matcher(response.body());
        assertThat(critical.find()).as("a CRITICAL count for the bloat check").isTrue();
        assertThat(Double.parseDouble(critical.group(1))).isGreaterThanOrEqualTo(1.0);
        assertThat(response.body()).contains("# TYPE maintkit_check_status gauge")
                .containsPattern("maintkit_check_status\\{.*check=\"postgres\\.table-bloat\".*} 4\\.0");
    }

    @Test
    void theRunbooksTiersAreOnSpringsScheduler() {
        assertThat(host.getBean(MaintkitSchedule.class).scheduled()).containsExactly(
                "every check every PT2S",
                "tier daily at 0 6 * * * Europe/Berlin",
                "tier weekly at 15 2 * * SUN Europe/Berlin");
    }

    @Test
    void theHostRunsOnSpringBoot3Only() {
        assertThat(SpringBootVersion.getVersion()).startsWith("3.5.");
        assertThatThrownBy(() -> Class.forName("org.springframework.boot.health.contributor.HealthContributor"))
                .as("Spring Boot 4's health module is not on the class path")
                .isInstanceOf(ClassNotFoundException.class);
    }
}

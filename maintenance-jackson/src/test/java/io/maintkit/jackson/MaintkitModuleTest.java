package io.maintkit.jackson;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidDefinitionException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.maintkit.core.CheckResult;
import io.maintkit.core.DataSize;
import io.maintkit.core.DiskSpaceCheck;
import io.maintkit.core.ExecutionOptions;
import io.maintkit.core.ExecutionReport;
import io.maintkit.core.FileRetention;
import io.maintkit.core.Finding;
import io.maintkit.core.MaintenancePlan;
import io.maintkit.core.Measurement;
import io.maintkit.core.Percent;
import io.maintkit.core.RunbookTier;
import io.maintkit.core.Severity;
import io.maintkit.core.Suite;
import io.maintkit.core.SuiteResult;
import io.maintkit.core.Threshold;
import io.maintkit.core.TierResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MaintkitModuleTest {

    static final Instant START = Instant.parse("2026-11-30T02:00:00.250Z");

    final ObjectMapper mapper = new ObjectMapper().registerModule(new MaintkitModule());

    @TempDir
    Path dir;

    static Finding bloat() {
        return Finding.of("postgres.table-bloat", "table-bloat", "billing.invoices", Severity.WARNING,
                        "42.5% bloat (1.0 MiB)")
                .withMeasurements(Measurement.bytes("bloat_bytes", DataSize.ofMegabytes(1)),
                        Measurement.percent("bloat_percent", Percent.of(42.5)),
                        Measurement.seconds("age", Duration.ofMillis(1500)),
                        Measurement.count("dead_rows", 1200))
                .withDetail("confidence", "high");
    }

    @Test
    void aFindingIsWrittenWithDocumentedFieldsAndExplicitUnits() throws IOException {
        JsonNode json = mapper.readTree(mapper.writeValueAsString(bloat()));

        assertThat(json.get("checkId").asText()).isEqualTo("postgres.table-bloat");
        assertThat(json.get("kind").asText()).isEqualTo("table-bloat");
        assertThat(json.get("subject").asText()).isEqualTo("billing.invoices");
        assertThat(json.get("severity").asText()).isEqualTo("WARNING");
        assertThat(json.get("details").get("confidence").asText()).isEqualTo("high");
        JsonNode bytes = json.get("measurements").get(0);
        assertThat(bytes.get("unit").asText()).isEqualTo("bytes");
        assertThat(bytes.get("value").isIntegralNumber()).as("bytes are written as an integer").isTrue();
        assertThat(bytes.get("value").asLong()).isEqualTo(1_048_576L);
        assertThat(json.get("measurements")).extracting(m -> m.get("unit").asText())
                .containsExactly("bytes", "percent", "seconds", "count");
        assertThat(json.get("measurements").get(2).get("value").asDouble()).isEqualTo(1.5);
    }

    @Test
    void aFindingReadsBackEqual() throws IOException {
        Finding back = mapper.readValue(mapper.writeValueAsString(bloat()), Finding.class);

        assertThat(back).isEqualTo(bloat());
    }

    @Test
    void checkResultsCarryInstantsAsIso8601AndDurationsInSecondsAndReadBack() throws IOException {
        CheckResult completed = CheckResult.completed("postgres.table-bloat", "db-1", START,
                Duration.ofMillis(1250), List.of(bloat()));
        CheckResult notRun = CheckResult.couldNotRun("redis.memory", "redis://cache-1:6379", START,
                Duration.ofNanos(3), "connection refused");

        JsonNode json = mapper.readTree(mapper.writeValueAsString(completed));
        assertThat(json.get("start").asText()).isEqualTo("2026-11-30T02:00:00.250Z");
        assertThat(json.get("durationSeconds").decimalValue()).isEqualByComparingTo("1.25");
        assertThat(json.get("outcome").asText()).isEqualTo("COMPLETED");
        assertThat(json.get("worst").asText()).isEqualTo("WARNING");

        assertThat(mapper.readValue(mapper.writeValueAsString(completed), CheckResult.class)).isEqualTo(completed);
        CheckResult back = mapper.readValue(mapper.writeValueAsString(notRun), CheckResult.class);
        assertThat(back).isEqualTo(notRun);
        assertThat(back.worst()).as("a check that could not run stays UNKNOWN").isEqualTo(Severity.UNKNOWN);
    }

    @Test
    void aSuiteResultOfARealRunReadsBackEqual() throws IOException {
        SuiteResult result = Suite.of("daily",
                DiskSpaceCheck.on(dir).thresholds(Threshold.above(Percent.of(0), Percent.of(100))).asCheck(),
                DiskSpaceCheck.on(dir.resolve("missing")).asCheck()).run();

        String json = mapper.writeValueAsString(result);
        SuiteResult back = mapper.readValue(json, SuiteResult.class);

        assertThat(back).isEqualTo(result);
        assertThat(back.worst()).isEqualTo(result.worst());
        assertThat(mapper.readTree(json).get("results")).hasSize(2);
    }

    @Test
    void plansAndExecutionsAreWrittenWithLockImpactDestructivenessAndCostInBytes() throws IOException {
        Path logs = Files.createDirectories(dir.resolve("logs"));
        Path old = Files.writeString(logs.resolve("app-40d.log"), "x".repeat(2048));
        Files.setLastModifiedTime(old, FileTime.from(Instant.now().minus(Duration.ofDays(40))));
        MaintenancePlan plan = FileRetention.on(logs).matching("**.log").deleteAfter(Duration.ofDays(30))
                .gracePeriod(Duration.ZERO).plan();

        JsonNode action = mapper.readTree(mapper.writeValueAsString(plan)).get("actions").get(0);
        assertThat(action.get("target").asText()).contains("app-40d.log");
        assertThat(action.get("command").asText()).isNotEmpty();
        assertThat(action.get("reason").asText()).isNotEmpty();
        assertThat(action.get("lockImpact").asText()).isEqualTo("NONE");
        assertThat(action.get("destructive").asBoolean()).isTrue();
        assertThat(action.get("cost").get("freesBytes").asLong()).isEqualTo(2048);

        ExecutionReport report = plan.execute(ExecutionOptions.defaults().allowDestructive(true));
        JsonNode execution = mapper.readTree(mapper.writeValueAsString(report));
        assertThat(execution.get("planName").asText()).isEqualTo(plan.name());
        assertThat(execution.get("executions").get(0).get("outcome").asText()).isEqualTo("SUCCEEDED");
        assertThat(execution.get("executions").get(0).get("action").get("destructive").asBoolean()).isTrue();
        assertThat(Instant.parse(execution.get("start").asText())).isEqualTo(report.start());
        assertThat(old).doesNotExist();
    }

    @Test
    void aTierResultSaysWhatWasCheckedPlannedAndRun() throws IOException {
        TierResult result = RunbookTier.named("weekly")
                .checks(DiskSpaceCheck.on(dir).asCheck())
                .task("log clean-up", FileRetention.on(dir).matching("**.log").deleteAfter(Duration.ofDays(30))::plan)
                .run(ExecutionOptions.defaults());

        JsonNode json = mapper.readTree(mapper.writeValueAsString(result));

        assertThat(json.get("tier").asText()).isEqualTo("weekly");
        assertThat(json.get("ran").asBoolean()).isTrue();
        assertThat(json.get("checks").get("results").get(0).get("checkId").asText()).isEqualTo(DiskSpaceCheck.ID);
        JsonNode task = json.get("tasks").get(0);
        assertThat(task.get("task").asText()).isEqualTo("log clean-up");
        assertThat(task.get("plan").get("actions")).isEmpty();
        assertThat(task.get("failure").asText()).isEmpty();
    }

    @Test
    void malformedInputIsAMismatchNamingTheField() {
        assertThatThrownBy(() -> mapper.readValue("{\"checkId\":\"a.b\",\"subject\":\"s\",\"severity\":\"OK\","
                + "\"summary\":\"\"}", Finding.class))
                .isInstanceOf(MismatchedInputException.class).hasMessageContaining("\"kind\"");
        assertThatThrownBy(() -> mapper.readValue("{\"checkId\":\"a.b\",\"kind\":\"Not A Kind\",\"subject\":\"s\","
                + "\"severity\":\"OK\",\"summary\":\"\"}", Finding.class))
                .isInstanceOf(MismatchedInputException.class).hasMessageContaining("\"kind\"");
        assertThatThrownBy(() -> mapper.readValue("{\"checkId\":\"a.b\",\"kind\":\"k\",\"subject\":\"s\","
                + "\"severity\":\"FINE\",\"summary\":\"\"}", Finding.class))
                .isInstanceOf(MismatchedInputException.class).hasMessageContaining("\"severity\"");
        assertThatThrownBy(() -> mapper.readValue("{\"name\":\"x\",\"start\":\"yesterday\",\"durationSeconds\":1,"
                + "\"results\":[]}", SuiteResult.class))
                .isInstanceOf(MismatchedInputException.class).hasMessageContaining("\"start\"");
    }

    @Test
    void plansAreWrittenOnly() {
        assertThatThrownBy(() -> mapper.readValue("{\"name\":\"p\",\"actions\":[]}", MaintenancePlan.class))
                .isInstanceOf(InvalidDefinitionException.class).hasMessageContaining("written only");
        assertThatThrownBy(() -> mapper.readValue("{\"planName\":\"p\",\"executions\":[]}", ExecutionReport.class))
                .isInstanceOf(InvalidDefinitionException.class).hasMessageContaining("written only");
    }
}

package io.maintkit.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

class TextRendererTest {

    @Test
    void suitesPrintWorstFirstInAlignedColumns() {
        Instant t = Instant.parse("2025-01-01T00:00:00Z");
        CheckResult bloat = CheckResult.completed("postgres.table-bloat", "app", t, Duration.ofMillis(40), List.of(
                Finding.of("postgres.table-bloat", "table-bloat", "public.small", Severity.INFO, "3.0% bloat"),
                Finding.of("postgres.table-bloat", "table-bloat", "billing.invoices", Severity.WARNING, "42.0% bloat")
                        .withMeasurements(Measurement.percent("bloat_percent", Percent.of(42)))));
        CheckResult missing = CheckResult.couldNotRun("postgres.queries", "app", t, Duration.ofMillis(2),
                "pg_stat_statements is not installed");
        SuiteResult suite = new SuiteResult("nightly", t, Duration.ofMillis(50), List.of(bloat, missing));

        String text = TextRenderer.render(suite);

        assertThat(text).startsWith("Suite nightly: UNKNOWN in 50ms (1 WARNING, 1 UNKNOWN)");
        List<String> lines = text.lines().toList();
        int header = lines.indexOf(lines.stream().filter(l -> l.startsWith("SEVERITY  CHECK")).findFirst().orElseThrow());
        assertThat(lines.get(header + 1)).startsWith("UNKNOWN   postgres.queries").contains("could not run");
        assertThat(lines.get(header + 2)).startsWith("WARNING   postgres.table-bloat");
        String findingsHeader = lines.stream().filter(l -> l.contains("SUBJECT")).findFirst().orElseThrow();
        String warning = lines.stream().filter(l -> l.contains("billing.invoices")).findFirst().orElseThrow();
        assertThat(warning.indexOf("billing.invoices")).isEqualTo(findingsHeader.indexOf("SUBJECT"));
        assertThat(warning).endsWith("bloat_percent=42.0%");
        assertThat(lines.indexOf(warning)).isLessThan(lines.indexOf(
                lines.stream().filter(l -> l.contains("public.small")).findFirst().orElseThrow()));
    }
}

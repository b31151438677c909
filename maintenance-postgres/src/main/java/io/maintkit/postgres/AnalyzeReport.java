package io.maintkit.postgres;

import io.maintkit.core.Finding;
import io.maintkit.core.Report;
import io.maintkit.core.Severity;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link AnalyzeCheck#inspect()} found.
 *
 * @param database      the database inspected
 * @param serverVersion the server's {@code server_version_num}
 * @param tables        each table never analyzed or analyzed too long ago, in catalog order
 * @param findings      what it found, worst first
 */
public record AnalyzeReport(String database, int serverVersion, List<TableAnalyze> tables, List<Finding> findings)
        implements Report {

    /** Validates and copies; sorts the findings worst first. */
    public AnalyzeReport {
        Objects.requireNonNull(database, "database");
        tables = List.copyOf(tables);
        findings = PostgresInspection.worstFirst(findings);
    }

    /**
     * The statistics state of one table.
     *
     * @param subject              {@code schema.name} as an operator writes it
     * @param schema               the schema's name, unquoted
     * @param name                 the table's name, unquoted
     * @param modifiedSinceAnalyze rows inserted, updated or deleted since the last analyze
     * @param liveTuples           live tuples
     * @param analyzeTrigger       the modifications at which autovacuum analyzes this table
     * @param lastAnalyzeAge       the age of the last (auto)analyze; empty when never analyzed since the statistics
     *                             were reset
     * @param severity             the worst of the table's findings
     */
    public record TableAnalyze(String subject, String schema, String name, long modifiedSinceAnalyze,
                               long liveTuples, double analyzeTrigger, Optional<Duration> lastAnalyzeAge,
                               Severity severity) {

        /** Validates the fields. */
        public TableAnalyze {
            Objects.requireNonNull(subject, "subject");
            Objects.requireNonNull(schema, "schema");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(lastAnalyzeAge, "lastAnalyzeAge");
            Objects.requireNonNull(severity, "severity");
        }
    }
}

package io.maintkit.postgres;

import io.maintkit.core.Finding;
import io.maintkit.core.Report;
import io.maintkit.core.Severity;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link QueryCheck#inspect()} found.
 *
 * @param database          the database inspected
 * @param serverVersion     the server's {@code server_version_num}
 * @param extensionVersion  the installed {@code pg_stat_statements} version; empty when it is not installed
 * @param statements        the top statements by total and by mean time, and those over the mean-time limit
 * @param findings          what it found, worst first
 */
public record QueryReport(String database, int serverVersion, Optional<String> extensionVersion,
                          List<StatementStats> statements, List<Finding> findings) implements Report {

    /** Validates and copies; sorts the findings worst first. */
    public QueryReport {
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(extensionVersion, "extensionVersion");
        statements = List.copyOf(statements);
        findings = PostgresInspection.worstFirst(findings);
    }

    /**
     * One statement's figures from {@code pg_stat_statements}.
     *
     * @param queryId  the statement's {@code queryid}
     * @param query    its normalized text, on one line and shortened
     * @param calls    how often it ran
     * @param mean     its mean execution time
     * @param total    its total execution time
     * @param rows     rows it returned or changed in all
     * @param why      why it is listed ({@code top 1 by total time}, {@code mean time above 1 s})
     * @param severity INFO for a top statement, else what the mean-time limits make of it
     */
    public record StatementStats(String queryId, String query, long calls, Duration mean, Duration total, long rows,
                                 String why, Severity severity) {

        /** Validates the fields. */
        public StatementStats {
            Objects.requireNonNull(queryId, "queryId");
            Objects.requireNonNull(query, "query");
            Objects.requireNonNull(mean, "mean");
            Objects.requireNonNull(total, "total");
            Objects.requireNonNull(why, "why");
            Objects.requireNonNull(severity, "severity");
        }
    }
}

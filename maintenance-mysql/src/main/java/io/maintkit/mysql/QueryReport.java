package io.maintkit.mysql;

import io.maintkit.core.Finding;
import io.maintkit.core.Report;

import java.util.List;
import java.util.Objects;

/**
 * What {@link QueryCheck} found.
 *
 * @param server     the server inspected
 * @param source     where the statistics came from: {@code performance_schema}, {@code mysql.slow_log}, or
 *                   {@code none} (then a finding says why, at UNKNOWN)
 * @param statements the statements with the largest total time, largest first
 * @param findings   every finding, worst first
 */
public record QueryReport(ServerVersion server, String source, List<StatementStats> statements,
                          List<Finding> findings) implements Report {

    /** Validates and copies. */
    public QueryReport {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(source, "source");
        statements = List.copyOf(statements);
        findings = List.copyOf(findings);
    }
}

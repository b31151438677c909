package io.maintkit.mysql;

import io.maintkit.core.Finding;
import io.maintkit.core.Report;

import java.util.List;
import java.util.Objects;

/**
 * What {@link AutoIncrementCheck} found.
 *
 * @param server   the server inspected
 * @param columns  every AUTO_INCREMENT column looked at, most used first
 * @param findings the columns near their type's maximum
 */
public record AutoIncrementReport(ServerVersion server, List<AutoIncrementUsage> columns, List<Finding> findings)
        implements Report {

    /** Validates and copies. */
    public AutoIncrementReport {
        Objects.requireNonNull(server, "server");
        columns = List.copyOf(columns);
        findings = List.copyOf(findings);
    }
}

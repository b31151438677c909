package io.maintkit.mysql;

import io.maintkit.core.Finding;
import io.maintkit.core.Report;

import java.util.List;
import java.util.Objects;

/**
 * What {@link FragmentationCheck} found.
 *
 * @param server   the server inspected
 * @param tables   every table looked at, most reclaimable space first
 * @param findings fragmented tables and what could not be assessed
 */
public record FragmentationReport(ServerVersion server, List<TableFragmentation> tables, List<Finding> findings)
        implements Report {

    /** Validates and copies. */
    public FragmentationReport {
        Objects.requireNonNull(server, "server");
        tables = List.copyOf(tables);
        findings = List.copyOf(findings);
    }

    /** The tables the thresholds call fragmented. */
    public List<TableFragmentation> fragmented() {
        return tables.stream().filter(t -> t.severity().rank() > io.maintkit.core.Severity.INFO.rank()).toList();
    }
}

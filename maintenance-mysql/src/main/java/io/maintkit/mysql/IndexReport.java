package io.maintkit.mysql;

import io.maintkit.core.Finding;
import io.maintkit.core.Report;

import java.util.List;
import java.util.Objects;

/**
 * What {@link IndexCheck} found.
 *
 * @param server    the server inspected
 * @param redundant duplicate and redundant indexes and foreign keys, with the statement that removes each
 * @param findings  every finding, worst first
 */
public record IndexReport(ServerVersion server, List<RedundantIndex> redundant, List<Finding> findings)
        implements Report {

    /** Validates and copies. */
    public IndexReport {
        Objects.requireNonNull(server, "server");
        redundant = List.copyOf(redundant);
        findings = List.copyOf(findings);
    }

    /** The findings of that kind. */
    public List<Finding> ofKind(String kind) {
        return findings.stream().filter(f -> f.kind().equals(kind)).toList();
    }
}

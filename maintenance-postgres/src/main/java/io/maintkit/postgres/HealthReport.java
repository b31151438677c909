package io.maintkit.postgres;

import io.maintkit.core.Finding;
import io.maintkit.core.Report;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * What one health check of this package found.
 *
 * @param checkId       the check's stable id
 * @param database      the database inspected
 * @param serverVersion the server's {@code server_version_num}
 * @param findings      what it found, worst first; empty for a healthy database
 */
public record HealthReport(String checkId, String database, int serverVersion, List<Finding> findings)
        implements Report {

    /** Validates and sorts the findings worst first, keeping the check's order among equals (e.g. largest first). */
    public HealthReport {
        Objects.requireNonNull(checkId, "checkId");
        Objects.requireNonNull(database, "database");
        findings = findings.stream().sorted(Comparator.comparing((Finding f) -> -f.severity().rank())).toList();
    }

    /** The findings about that subject. */
    public List<Finding> about(String subject) {
        return findings.stream().filter(f -> f.subject().equals(subject)).toList();
    }
}

package io.maintkit.mysql;

import io.maintkit.core.Finding;
import io.maintkit.core.MaintenancePlan;
import io.maintkit.core.Report;

import java.util.List;
import java.util.Objects;

/**
 * What {@link BinlogRetention#inspect()} decided.
 *
 * @param plan     at most one {@code PURGE BINARY LOGS TO} (or {@code BEFORE}) action
 * @param purged   the logs the plan removes, oldest first
 * @param findings why fewer logs are purged than the retention allows (a replica needs them, ages unknown) or
 *                 nothing at all; INFO, or UNKNOWN when a replica's position could not be read
 */
public record BinlogPurgeReport(MaintenancePlan plan, List<BinaryLog> purged, List<Finding> findings)
        implements Report {

    /** Validates and copies. */
    public BinlogPurgeReport {
        Objects.requireNonNull(plan, "plan");
        purged = List.copyOf(purged);
        findings = List.copyOf(findings);
    }
}

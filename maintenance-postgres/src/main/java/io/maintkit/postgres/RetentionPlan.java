package io.maintkit.postgres;

import io.maintkit.core.DataSize;
import io.maintkit.core.MaintenanceAction;
import io.maintkit.core.MaintenancePlan;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The dry run of a {@link TableRetention}: what would go, and the destructive action that removes exactly that
 * (rows older than this plan's {@link #cutoff()}).
 *
 * @param table      the table's subject
 * @param cutoff     rows older than this would go
 * @param rows       how many rows would go
 * @param rowBytes   their size as stored (before compression)
 * @param partitions partitions wholly older than the cutoff, which would be archived and dropped, with their sizes
 * @param indexed    whether an index leads with the cutoff column (without one, each batch scans the table)
 * @param action     the action that archives and removes them; destructive, so it runs only with
 *                   {@code allowDestructive(true)}
 */
public record RetentionPlan(String table, Instant cutoff, long rows, DataSize rowBytes, Map<String, DataSize> partitions,
                            boolean indexed, MaintenanceAction action) {

    /** Validates and copies. */
    public RetentionPlan {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(cutoff, "cutoff");
        Objects.requireNonNull(rowBytes, "rowBytes");
        partitions = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(partitions));
        Objects.requireNonNull(action, "action");
    }

    /** Whether nothing would go. */
    public boolean isEmpty() {
        return rows == 0 && partitions.isEmpty();
    }

    /** The plan as a {@link MaintenancePlan} of its one action, to print or to execute with other plans. */
    public MaintenancePlan maintenancePlan() {
        return new MaintenancePlan("retention " + table, isEmpty() ? List.of() : List.of(action));
    }

    /** The plan as an operator reads it. */
    public String describe() {
        return maintenancePlan().describe();
    }
}

package io.maintkit.postgres;

import io.maintkit.core.DataSize;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a {@link TableRetention} would remove now, from {@link TableRetention#estimate()}: the dry run's figures.
 *
 * @param table      the table's subject
 * @param cutoff     rows older than this would go
 * @param rows       how many rows would go
 * @param rowBytes   their size as stored (before compression)
 * @param partitions partitions wholly older than the cutoff, which would be archived and dropped, with their sizes
 *                   on disk
 * @param skipped    partitions that are not tables (foreign tables), whose rows a run leaves
 * @param indexed    whether an index leads with the cutoff column (without one, each batch scans the table)
 */
public record RetentionEstimate(String table, Instant cutoff, long rows, DataSize rowBytes,
                                Map<String, DataSize> partitions, List<String> skipped, boolean indexed) {

    /** Validates and copies. */
    public RetentionEstimate {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(cutoff, "cutoff");
        Objects.requireNonNull(rowBytes, "rowBytes");
        partitions = Collections.unmodifiableMap(new LinkedHashMap<>(partitions));
        skipped = List.copyOf(skipped);
    }

    /** Whether nothing would go. */
    public boolean isEmpty() {
        return rows == 0 && partitions.isEmpty();
    }
}

package io.maintkit.mysql;

import io.maintkit.core.DataSize;

import java.time.Instant;
import java.util.Objects;

/**
 * What a {@link TableRetention} would remove now, from {@link TableRetention#estimate()}: the dry run's figures.
 *
 * @param table      the table's subject ({@code schema.table})
 * @param cutoff     rows older than this would go
 * @param rows       how many rows would go
 * @param rowBytes   their size estimated from the table's average row length
 * @param primaryKey the primary key's column, whose ranges bound the batches
 * @param indexed    whether an index leads with the cutoff column (without one, the run's first read of the key
 *                   span scans the table; batches still read only their key range)
 */
public record RetentionEstimate(String table, Instant cutoff, long rows, DataSize rowBytes, String primaryKey,
                                boolean indexed) {

    /** Validates. */
    public RetentionEstimate {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(cutoff, "cutoff");
        Objects.requireNonNull(rowBytes, "rowBytes");
        Objects.requireNonNull(primaryKey, "primaryKey");
    }

    /** Whether nothing would go. */
    public boolean isEmpty() {
        return rows == 0;
    }
}

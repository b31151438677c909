package io.maintkit.postgres.internal;

import io.maintkit.core.ArchiveSink;
import io.maintkit.core.internal.BatchPause;

import java.util.Objects;

/**
 * What a table retention run does.
 *
 * @param schema      the table's schema
 * @param table       the table
 * @param column      the column whose age decides (timestamp, timestamptz or date)
 * @param sink        where removed rows go
 * @param batchSize   rows per batch
 * @param pause       the pause after each batch
 * @param guard       lock and statement limits
 * @param vacuumAfter whether a large removal is followed by VACUUM (ANALYZE)
 */
public record RetentionSpec(String schema, String table, String column, ArchiveSink sink, int batchSize,
                            BatchPause pause, Guard guard, boolean vacuumAfter) {

    /** Validates the spec. */
    public RetentionSpec {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(column, "column");
        Objects.requireNonNull(sink, "sink");
        Objects.requireNonNull(pause, "pause");
        Objects.requireNonNull(guard, "guard");
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be positive, was " + batchSize);
        }
    }

    /** {@code "schema"."table"}. */
    public String qualified() {
        return Identifiers.qualified(schema, table);
    }
}

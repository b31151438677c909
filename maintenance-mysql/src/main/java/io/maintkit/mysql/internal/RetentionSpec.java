package io.maintkit.mysql.internal;

import io.maintkit.core.ArchiveSink;
import io.maintkit.core.internal.BatchPause;

import java.time.Duration;
import java.util.Objects;

/**
 * What a MariaDB/MySQL table retention run does.
 *
 * @param schema           the table's schema
 * @param table            the table
 * @param column           the column whose age decides ({@code DATETIME}, {@code TIMESTAMP} or {@code DATE})
 * @param sink             where removed rows go
 * @param batchSize        primary-key values per batch range
 * @param pause            the pause after each batch
 * @param lockWaitSeconds  {@code innodb_lock_wait_timeout} and {@code lock_wait_timeout} of a batch
 * @param statementTimeout the longest statement of a batch, shortened to the window's remaining time
 * @param maxAttempts      how often a batch that met a lock wait timeout or a deadlock is tried
 * @param markerSchema     the schema of the marker table
 * @param markerTable      the marker table
 * @param returning        {@code DELETE ... RETURNING} where the server has it (MariaDB 10.0.5+) when true; a locking
 *                         read then a delete of the same range when false, as on MySQL
 * @param replicas         what tells whether a replica lags too much; {@link ReplicaGate#NONE} for no check
 */
public record RetentionSpec(String schema, String table, String column, ArchiveSink sink, int batchSize,
                            BatchPause pause, long lockWaitSeconds, Duration statementTimeout, int maxAttempts,
                            String markerSchema, String markerTable, boolean returning, ReplicaGate replicas) {

    /** Validates the spec. */
    public RetentionSpec {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(column, "column");
        Objects.requireNonNull(sink, "sink");
        Objects.requireNonNull(pause, "pause");
        Objects.requireNonNull(statementTimeout, "statementTimeout");
        Objects.requireNonNull(markerSchema, "markerSchema");
        Objects.requireNonNull(markerTable, "markerTable");
        Objects.requireNonNull(replicas, "replicas");
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be positive, was " + batchSize);
        }
    }

    /** {@code `schema`.`table`}. */
    public String qualified() {
        return Identifiers.qualified(schema, table);
    }

    /** {@code schema.table}. */
    public String subject() {
        return Identifiers.subject(schema, table);
    }

    /** {@code `markerSchema`.`markerTable`}. */
    public String markers() {
        return Identifiers.qualified(markerSchema, markerTable);
    }

    /**
     * Whether replicas lag too much to go on: before each batch a run asks, and pauses while the answer is not empty.
     */
    @FunctionalInterface
    public interface ReplicaGate {

        /** No replica is watched. */
        ReplicaGate NONE = () -> null;

        /** Why the run should wait now (a replica's lag over the limit, or unknown), or null to go on. */
        String lagging() throws java.sql.SQLException;
    }
}

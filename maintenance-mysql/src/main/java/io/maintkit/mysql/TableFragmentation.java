package io.maintkit.mysql;

import io.maintkit.core.DataSize;
import io.maintkit.core.Percent;
import io.maintkit.core.Severity;

import java.util.Objects;

/**
 * One table's reclaimable space, from {@code information_schema.TABLES}.
 *
 * @param schema           the schema (database)
 * @param table            the table
 * @param engine           its storage engine, e.g. {@code InnoDB}
 * @param data             {@code DATA_LENGTH}
 * @param index            {@code INDEX_LENGTH}
 * @param free             {@code DATA_FREE}: allocated but unused, what a rebuild gives back
 * @param freeRatio        free / (data + index + free)
 * @param sharedTablespace whether the table lives in a shared tablespace, where {@code DATA_FREE} is the
 *                         tablespace's and a rebuild gives nothing back to the file system
 * @param severity         how the thresholds judge it; {@link Severity#OK} for a shared-tablespace table
 */
public record TableFragmentation(String schema, String table, String engine, DataSize data, DataSize index,
                                 DataSize free, Percent freeRatio, boolean sharedTablespace, Severity severity) {

    /** Validates. */
    public TableFragmentation {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(engine, "engine");
        Objects.requireNonNull(severity, "severity");
    }

    /** {@code schema.table}. */
    public String subject() {
        return schema + "." + table;
    }

    /** Data plus index size: what a rebuild copies. */
    public DataSize size() {
        return data.plus(index);
    }
}

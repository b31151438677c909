package io.maintkit.mysql;

import io.maintkit.core.Percent;

import java.math.BigInteger;
import java.util.Objects;

/**
 * How much of its type's range an AUTO_INCREMENT column has used.
 *
 * @param schema     the schema (database)
 * @param table      the table
 * @param column     the column
 * @param columnType e.g. {@code int(10) unsigned}
 * @param next       the table's next AUTO_INCREMENT value
 * @param maximum    the largest value the type holds
 * @param used       (next - 1) / maximum
 */
public record AutoIncrementUsage(String schema, String table, String column, String columnType, BigInteger next,
                                 BigInteger maximum, Percent used) {

    /** Validates. */
    public AutoIncrementUsage {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(column, "column");
        Objects.requireNonNull(next, "next");
        Objects.requireNonNull(maximum, "maximum");
    }

    /** {@code schema.table.column}. */
    public String subject() {
        return schema + "." + table + "." + column;
    }
}

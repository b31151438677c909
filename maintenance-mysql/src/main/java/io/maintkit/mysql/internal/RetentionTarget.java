package io.maintkit.mysql.internal;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A table a retention run may trim, read from {@code information_schema}: its columns, its single-column primary
 * key (batches are ranges of it) and whether an index leads with the cutoff column. A table the run cannot handle
 * safely is refused with the reason, before anything changes.
 *
 * @param schema       the table's schema
 * @param table        the table
 * @param key          the primary key's column
 * @param column       the cutoff column
 * @param columns      every column, in table order
 * @param indexed      whether an index leads with the cutoff column
 * @param avgRowLength the server's average row length estimate in bytes
 */
public record RetentionTarget(String schema, String table, String key, String column, List<String> columns,
                              boolean indexed, long avgRowLength) {

    private static final Set<String> TIME_TYPES = Set.of("datetime", "timestamp", "date");

    /** Copies. */
    public RetentionTarget {
        columns = List.copyOf(columns);
    }

    /** Runs a query with positional parameters. */
    @FunctionalInterface
    public interface Query {
        /** The rows of {@code sql}. */
        List<Row> rows(String sql, Object... params) throws SQLException;
    }

    /**
     * Reads the table; throws with the reason when it is missing, not transactional, has no usable primary key or
     * no such cutoff column.
     */
    public static RetentionTarget resolve(Query q, String schema, String table, String column) throws SQLException {
        String subject = Identifiers.subject(schema, table);
        List<Row> cols = q.rows(Sql.load("retention-columns"), schema, table);
        if (cols.isEmpty()) {
            throw new SQLException("table " + subject + " not found", "42S02");
        }
        Row first = cols.get(0);
        if (!"BASE TABLE".equalsIgnoreCase(first.text("table_type"))) {
            throw new SQLException(subject + " is a " + first.text("table_type") + ", not a table");
        }
        if (!"InnoDB".equalsIgnoreCase(first.text("engine"))) {
            throw new SQLException(subject + " uses the " + first.text("engine") + " engine, which has no"
                    + " transactions: a removal could not be tied to its archive batch; only InnoDB tables are"
                    + " trimmed");
        }
        Map<String, String> types = new LinkedHashMap<>();
        cols.forEach(r -> types.put(r.text("column_name"), r.text("data_type").toLowerCase(Locale.ROOT)));
        String type = types.get(column);
        if (type == null) {
            throw new SQLException("table " + subject + " has no column " + column, "42S22");
        }
        if (!TIME_TYPES.contains(type)) {
            throw new SQLException("column " + column + " of " + subject + " is a " + type
                    + ", not a DATETIME, TIMESTAMP or DATE column");
        }
        List<String> primary = new ArrayList<>();
        boolean indexed = false;
        for (Row r : q.rows(Sql.load("retention-index-columns"), schema, table)) {
            if ("PRIMARY".equals(r.text("index_name"))) {
                primary.add(r.text("column_name"));
            }
            indexed |= r.longValue("seq") == 1 && column.equals(r.text("column_name"));
        }
        if (primary.size() != 1) {
            throw new SQLException("table " + subject + (primary.isEmpty() ? " has no primary key"
                    : " has a primary key of " + primary.size() + " columns") + ": batches are ranges of a"
                    + " single-column primary key, so that no batch reads more than its range; add one (an"
                    + " AUTO_INCREMENT id) to trim this table");
        }
        return new RetentionTarget(schema, table, primary.get(0), column, new ArrayList<>(types.keySet()), indexed,
                first.longValue("avg_row_length", 0));
    }

    /** {@code `schema`.`table`}. */
    public String qualified() {
        return Identifiers.qualified(schema, table);
    }

    /** {@code schema.table}. */
    public String subject() {
        return Identifiers.subject(schema, table);
    }

    /** The statement fragments of this table, every identifier quoted. */
    public Map<String, String> fragments(boolean lowerInclusive) {
        StringBuilder list = new StringBuilder();
        for (String c : columns) {
            list.append(list.length() == 0 ? "" : ", ").append(Identifiers.quote(c));
        }
        return Map.of("relation", qualified(), "key", Identifiers.quote(key), "column", Identifiers.quote(column),
                "columns", list.toString(), "lower", lowerInclusive ? ">=" : ">");
    }
}

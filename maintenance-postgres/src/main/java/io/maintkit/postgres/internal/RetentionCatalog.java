package io.maintkit.postgres.internal;

import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/**
 * What table retention reads from the catalog about its table: the table's shape and the cutoff column's type, and
 * the SQL that names them.
 */
public final class RetentionCatalog {

    private static final int DATE = 1082;
    private static final int TIMESTAMP = 1114;
    private static final int TIMESTAMPTZ = 1184;

    private RetentionCatalog() {
    }

    /** Queries of a session or a connection. */
    @FunctionalInterface
    public interface Querier {
        /** Runs a query. */
        List<Row> query(String sql, Object... params) throws SQLException;
    }

    /**
     * A table or partition as retention sees it.
     *
     * @param oid       its oid
     * @param schema    its schema
     * @param name      its name
     * @param subject   {@code schema.name}
     * @param relkind   {@code r} or {@code p}
     * @param reltuples estimated rows
     * @param typeOid   the cutoff column's type
     * @param columns   its columns in order
     * @param indexed   whether an index leads with the cutoff column
     */
    public record Target(long oid, String schema, String name, String subject, String relkind, double reltuples,
                         int typeOid, List<String> columns, boolean indexed) {

        /** {@code "schema"."name"}. */
        public String qualified() {
            return Identifiers.qualified(schema, name);
        }

        /** Whether it is a partitioned table. */
        public boolean partitioned() {
            return "p".equals(relkind);
        }

        /** A partition of this table: the same columns and cutoff column type. */
        Target partition(long partitionOid, String partitionSchema, String partitionName, String partitionSubject,
                         String partitionRelkind, double partitionTuples) {
            return new Target(partitionOid, partitionSchema, partitionName, partitionSubject, partitionRelkind,
                    partitionTuples, typeOid, columns, false);
        }
    }

    /** Reads a table's shape; fails when it is missing or the column is not a timestamp, timestamptz or date. */
    public static Target resolve(Querier q, String schema, String table, String column) throws SQLException {
        List<Row> rows = q.query(Sql.load("retention-table"), column, schema, table);
        String name = Identifiers.qualified(schema, table);
        if (rows.isEmpty()) {
            throw new SQLException("no table " + name);
        }
        Row r = rows.get(0);
        if (r.isNull("attnum")) {
            throw new SQLException("table " + name + " has no column " + Identifiers.quote(column));
        }
        int type = (int) r.longValue("type_oid");
        if (type != DATE && type != TIMESTAMP && type != TIMESTAMPTZ) {
            throw new SQLException("column " + Identifiers.quote(column) + " of " + name
                    + " is not a timestamp, timestamptz or date column");
        }
        return new Target(r.longValue("oid"), schema, table, r.text("subject"), r.text("relkind"),
                r.doubleValue("reltuples"), type, r.texts("columns"), r.bool("indexed"));
    }

    /** The cutoff as an SQL expression of the column's type ({@code timestamp} and {@code date} read as UTC). */
    public static String cutoffSql(int typeOid, Instant cutoff) {
        String tz = "CAST('" + cutoff + "' AS timestamptz)";
        return switch (typeOid) {
            case TIMESTAMPTZ -> tz;
            case TIMESTAMP -> "(" + tz + " AT TIME ZONE 'UTC')";
            case DATE -> "CAST(" + tz + " AT TIME ZONE 'UTC' AS date)";
            default -> throw new IllegalArgumentException("unsupported type " + typeOid);
        };
    }

    /** The SQL name of the cutoff column's type. */
    static String typeName(int typeOid) {
        return switch (typeOid) {
            case TIMESTAMPTZ -> "timestamptz";
            case TIMESTAMP -> "timestamp";
            default -> "date";
        };
    }

    /** The column list, quoted. */
    static String columnsSql(List<String> columns) {
        return String.join(", ", columns.stream().map(Identifiers::quote).toList());
    }

    /** A value the server printed, as a literal of the column's type. */
    static String literal(String value, int typeOid) {
        return "CAST('" + value.replace("'", "''") + "' AS " + typeName(typeOid) + ")";
    }
}

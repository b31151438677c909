package io.maintkit.postgres.internal;

import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** One result row, read eagerly, with typed and null-aware getters by column label. */
public final class Row {

    private final Map<String, Object> values;

    private Row(Map<String, Object> values) {
        this.values = values;
    }

    static Row of(ResultSet rs) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        Map<String, Object> v = new HashMap<>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
            Object value = rs.getObject(i);
            if (value instanceof java.sql.Array array) {
                value = array.getArray();
            }
            v.put(md.getColumnLabel(i), value);
        }
        return new Row(v);
    }

    private Object raw(String column) {
        if (!values.containsKey(column)) {
            throw new IllegalArgumentException("no column " + column);
        }
        return values.get(column);
    }

    /** Whether the column is SQL NULL. */
    public boolean isNull(String column) {
        return raw(column) == null;
    }

    /** A text column, or null. */
    public String text(String column) {
        Object v = raw(column);
        return v == null ? null : v.toString();
    }

    /** A numeric column as a long, or {@code otherwise} when NULL. */
    public long longValue(String column, long otherwise) {
        Object v = raw(column);
        return v == null ? otherwise : ((Number) v).longValue();
    }

    /** A numeric column as a long; 0 when NULL. */
    public long longValue(String column) {
        return longValue(column, 0);
    }

    /** A numeric column as a double, or {@code otherwise} when NULL. */
    public double doubleValue(String column, double otherwise) {
        Object v = raw(column);
        return v == null ? otherwise : ((Number) v).doubleValue();
    }

    /** A numeric column as a double; 0 when NULL. */
    public double doubleValue(String column) {
        return doubleValue(column, 0);
    }

    /** A boolean column; false when NULL. */
    public boolean bool(String column) {
        Object v = raw(column);
        return v != null && (Boolean) v;
    }

    /** A text array column ({@code reloptions}); empty when NULL. */
    public java.util.List<String> texts(String column) {
        Object v = raw(column);
        if (v == null) {
            return java.util.List.of();
        }
        return java.util.List.of((String[]) v);
    }

    /** A smallint/int array column as longs; empty when NULL. */
    public long[] longs(String column) {
        Object v = raw(column);
        if (v == null) {
            return new long[0];
        }
        Object[] a = (Object[]) v;
        long[] out = new long[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = ((Number) a[i]).longValue();
        }
        return out;
    }

    /** A timestamp column, or null. */
    public Instant instant(String column) {
        Object v = raw(column);
        return v == null ? null : ((Timestamp) v).toInstant();
    }

    /** A column holding seconds, as a duration, or null. */
    public Duration seconds(String column) {
        Object v = raw(column);
        return v == null ? null : Duration.ofMillis(Math.round(((Number) v).doubleValue() * 1000));
    }
}

package io.maintkit.mysql.internal;

import java.math.BigInteger;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One result row, read eagerly, with typed and null-aware getters by column label. Labels are matched without
 * regard to case, since MariaDB and MySQL spell the columns of {@code SHOW} statements and of
 * {@code information_schema} differently across versions.
 */
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
            if (value instanceof byte[] bytes) {
                value = new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
            }
            v.put(md.getColumnLabel(i).toLowerCase(Locale.ROOT), value);
        }
        return new Row(v);
    }

    /** Whether the row has that column. */
    public boolean has(String column) {
        return values.containsKey(column.toLowerCase(Locale.ROOT));
    }

    private Object raw(String column) {
        String key = column.toLowerCase(Locale.ROOT);
        if (!values.containsKey(key)) {
            throw new IllegalArgumentException("no column " + column);
        }
        return values.get(key);
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

    /** The first of these columns the row has, as text; null when none is there or it is NULL. */
    public String firstText(String... columns) {
        for (String c : columns) {
            if (has(c)) {
                return text(c);
            }
        }
        return null;
    }

    /** A numeric (or numeric text) column as a long, or {@code otherwise} when NULL or not a number. */
    public long longValue(String column, long otherwise) {
        Object v = raw(column);
        if (v instanceof Number n) {
            return n instanceof BigInteger b && b.bitLength() > 63 ? Long.MAX_VALUE : n.longValue();
        }
        if (v instanceof Boolean b) {
            return b ? 1 : 0;
        }
        if (v == null) {
            return otherwise;
        }
        try {
            return Long.parseLong(v.toString().trim());
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }

    /** A numeric column as a long; 0 when NULL. */
    public long longValue(String column) {
        return longValue(column, 0);
    }

    /** A numeric column as a {@link BigInteger} (unsigned BIGINT values exceed a long), or null. */
    public BigInteger bigInteger(String column) {
        Object v = raw(column);
        if (v == null) {
            return null;
        }
        if (v instanceof BigInteger b) {
            return b;
        }
        if (v instanceof java.math.BigDecimal d) {
            return d.toBigInteger();
        }
        return new BigInteger(v.toString().trim());
    }

    /** A numeric column as a double, or {@code otherwise} when NULL. */
    public double doubleValue(String column, double otherwise) {
        Object v = raw(column);
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        if (v == null) {
            return otherwise;
        }
        try {
            return Double.parseDouble(v.toString().trim());
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }

    /** A YES/NO, Y/N, ON/OFF, 1/0 or boolean column; false when NULL. */
    public boolean flag(String column) {
        Object v = raw(column);
        if (v instanceof Boolean b) {
            return b;
        }
        if (v instanceof Number n) {
            return n.longValue() != 0;
        }
        return v != null && Texts.isOn(v.toString());
    }

    /** A DATETIME/TIMESTAMP column in the session's time zone, or null. */
    public Instant instant(String column) {
        Object v = raw(column);
        if (v instanceof Timestamp t) {
            return t.toInstant();
        }
        if (v instanceof LocalDateTime l) {
            return l.atZone(ZoneId.systemDefault()).toInstant();
        }
        return null;
    }
}

package io.maintkit.mysql;

import io.maintkit.core.Finding;
import io.maintkit.core.Measurement;
import io.maintkit.core.Percent;
import io.maintkit.core.Severity;
import io.maintkit.core.Threshold;
import io.maintkit.mysql.internal.Row;
import io.maintkit.mysql.internal.Session;
import io.maintkit.mysql.internal.Sql;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * {@code mysql.auto-increment}: AUTO_INCREMENT columns near their type's maximum (each integer width, signed or
 * unsigned), like the sys schema's {@code schema_auto_increment_columns}. When the maximum is reached, inserts
 * fail with a duplicate-key error. Two catalog queries for any number of tables.
 */
public final class AutoIncrementCheck extends MysqlInspection<AutoIncrementCheck, AutoIncrementReport> {

    /** The check id. */
    public static final String ID = "mysql.auto-increment";
    /** The default limits on the share of the range used: 75 % warning, 90 % critical. */
    public static final Threshold<Percent> DEFAULT_USED = Threshold.above(Percent.of(75), Percent.of(90));

    private final Threshold<Percent> used;

    private AutoIncrementCheck(Context context, Threshold<Percent> used) {
        super(context);
        this.used = Objects.requireNonNull(used, "used");
    }

    /** A check with the defaults. */
    public static AutoIncrementCheck on(DataSource dataSource) {
        return new AutoIncrementCheck(Context.of(dataSource), DEFAULT_USED);
    }

    @Override
    AutoIncrementCheck with(Context changed) {
        return new AutoIncrementCheck(changed, used);
    }

    @Override
    public String id() {
        return ID;
    }

    /** This check with other limits on the share of the range used. */
    public AutoIncrementCheck used(Threshold<Percent> limits) {
        return new AutoIncrementCheck(context, limits);
    }

    /** The largest value of an integer type; null for a type that is not an integer. */
    static BigInteger maximum(String dataType, String columnType) {
        boolean unsigned = columnType != null && columnType.toLowerCase(Locale.ROOT).contains("unsigned");
        int bits = switch (String.valueOf(dataType).toLowerCase(Locale.ROOT)) {
            case "tinyint" -> 8;
            case "smallint" -> 16;
            case "mediumint" -> 24;
            case "int", "integer" -> 32;
            case "bigint" -> 64;
            default -> 0;
        };
        if (bits == 0) {
            return null;
        }
        return BigInteger.ONE.shiftLeft(unsigned ? bits : bits - 1).subtract(BigInteger.ONE);
    }

    @Override
    AutoIncrementReport inspect(Session session) throws SQLException {
        List<AutoIncrementUsage> columns = new ArrayList<>();
        List<Finding> findings = new ArrayList<>();
        // two scans joined here: the server's own join of COLUMNS and TABLES opens every table once per column
        Map<String, BigInteger> values = new HashMap<>();
        for (Row r : session.query(Sql.load("auto-increment-values"))) {
            values.put(r.text("table_schema") + "\u0000" + r.text("table_name"), r.bigInteger("auto_increment"));
        }
        for (Row r : session.query(Sql.load("auto-increment"))) {
            String schema = r.text("table_schema");
            String table = r.text("table_name");
            BigInteger max = maximum(r.text("data_type"), r.text("column_type"));
            BigInteger next = values.get(schema + "\u0000" + table);
            if (max == null || next == null || !context.scope().includes(schema, table)) {
                continue;
            }
            BigInteger current = next.subtract(BigInteger.ONE).max(BigInteger.ZERO);
            Percent share = Percent.of(new BigDecimal(current).multiply(BigDecimal.valueOf(100))
                    .divide(new BigDecimal(max), MathContext.DECIMAL64).min(BigDecimal.valueOf(100)).doubleValue());
            AutoIncrementUsage u = new AutoIncrementUsage(schema, table, r.text("column_name"),
                    r.text("column_type"), next, max, share);
            columns.add(u);
            Severity s = used.evaluate(share);
            if (s != Severity.OK) {
                findings.add(Finding.of(ID, "auto-increment-near-maximum", u.subject(), s, share + " of the "
                                + u.columnType() + " range used (next value " + next + ", maximum " + max
                                + "): inserts fail once it is reached")
                        .withMeasurements(Measurement.percent("used_percent", share))
                        .withDetail("column_type", String.valueOf(u.columnType()))
                        .withDetail("next_value", next.toString())
                        .withDetail("maximum", max.toString()));
            }
        }
        columns.sort(Comparator.comparing(AutoIncrementUsage::used).reversed());
        findings.sort(Comparator.comparing((Finding f) -> -f.severity().rank()));
        return new AutoIncrementReport(session.server(), columns, findings);
    }
}

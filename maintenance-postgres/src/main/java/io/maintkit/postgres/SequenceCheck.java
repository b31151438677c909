package io.maintkit.postgres;

import io.maintkit.core.Finding;
import io.maintkit.core.Measurement;
import io.maintkit.core.Percent;
import io.maintkit.core.Severity;
import io.maintkit.core.Threshold;
import io.maintkit.postgres.SequenceReport.SequenceUsage;
import io.maintkit.postgres.internal.Row;
import io.maintkit.postgres.internal.Session;
import io.maintkit.postgres.internal.Sql;
import io.maintkit.postgres.internal.Texts;

import java.math.BigDecimal;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * {@code postgres.sequences}: sequences, including those behind serial and identity columns, near the end of
 * their range. The range ends at the sequence's own bound or at the maximum of the column it feeds, whichever
 * comes first (a {@code bigint} sequence feeding an {@code integer} column ends at 2^31-1). Cycling sequences are
 * skipped; a sequence the session may not read is reported {@code UNKNOWN}. One query.
 */
public final class SequenceCheck extends PostgresInspection<SequenceCheck, SequenceReport> {

    /** The check id. */
    public static final String ID = "postgres.sequences";
    /** Share of the range used: warning at 85 %, critical at 95 % (check_postgres). */
    public static final Threshold<Percent> DEFAULT_USED_PERCENT = Threshold.above(Percent.of(85), Percent.of(95));

    private final Threshold<Percent> usedPercent;

    private SequenceCheck(Context context, Threshold<Percent> usedPercent) {
        super(context);
        this.usedPercent = Objects.requireNonNull(usedPercent, "usedPercent");
    }

    /** A check with the defaults. */
    public static SequenceCheck on(DataSource dataSource) {
        return new SequenceCheck(Context.of(dataSource), DEFAULT_USED_PERCENT);
    }

    @Override
    SequenceCheck with(Context changed) {
        return new SequenceCheck(changed, usedPercent);
    }

    @Override
    public String id() {
        return ID;
    }

    /** This check with other limits for the share of the range used. */
    public SequenceCheck usedPercent(Threshold<Percent> limits) {
        return new SequenceCheck(context, limits);
    }

    @Override
    public SequenceReport inspect() throws SQLException {
        try (Session session = context.open()) {
            List<Finding> findings = new ArrayList<>();
            List<SequenceUsage> sequences = new ArrayList<>();
            List<String> unreadable = new ArrayList<>();
            String[] schemas = context.scope().schemaArray();
            for (Row row : session.query(Sql.load("sequences"), schemas, schemas)) {
                String subject = row.text("subject");
                if (row.bool("cycle") || context.scope().excludes(row.text("nspname"), row.text("relname"))) {
                    continue;
                }
                if (!row.bool("readable")) {
                    unreadable.add(subject);
                    findings.add(Finding.of(ID, "sequence-unreadable", subject, Severity.UNKNOWN,
                            "cannot read the sequence's last value: no SELECT or USAGE privilege on it"));
                    continue;
                }
                if (row.isNull("last_value")) {
                    continue;
                }
                evaluate(row, subject, sequences, findings);
            }
            return new SequenceReport(session.database(), session.versionNum(), sequences, unreadable, findings);
        }
    }

    private void evaluate(Row row, String subject, List<SequenceUsage> sequences, List<Finding> findings) {
        BigDecimal last = BigDecimal.valueOf(row.longValue("last_value"));
        BigDecimal min = BigDecimal.valueOf(row.longValue("min_value"));
        BigDecimal max = BigDecimal.valueOf(row.longValue("max_value"));
        boolean ascending = row.longValue("increment_by") > 0;
        String column = row.text("column_subject");
        String columnType = row.text("column_type");
        BigDecimal columnMax = columnMax(columnType);
        String limitBy = "its maximum";
        if (ascending && columnMax != null && columnMax.compareTo(max) < 0) {
            max = columnMax;
            limitBy = "the maximum of column " + column + " (" + columnType + ")";
        }
        if (!ascending && columnMax != null && columnMax.negate().subtract(BigDecimal.ONE).compareTo(min) > 0) {
            min = columnMax.negate().subtract(BigDecimal.ONE);
            limitBy = "the minimum of column " + column + " (" + columnType + ")";
        }
        BigDecimal range = max.subtract(min);
        if (range.signum() <= 0) {
            return;
        }
        BigDecimal used = ascending ? last.subtract(min) : max.subtract(last);
        Percent percent = Percent.of(used.doubleValue() / range.doubleValue() * 100);
        Severity s = usedPercent.evaluate(percent);
        if (s == Severity.OK) {
            return;
        }
        BigDecimal left = ascending ? max.subtract(last) : last.subtract(min);
        sequences.add(new SequenceUsage(subject, Optional.ofNullable(column), row.text("data_type"), last.longValue(),
                percent, left.longValue(), s));
        Finding f = Finding.of(ID, "sequence-near-max", subject, s, percent + " of its range used, "
                        + Texts.count(left.doubleValue()) + " values left before " + limitBy)
                .withMeasurements(Measurement.percent("used_percent", percent),
                        Measurement.count("values_left", left.longValue()))
                .withDetail("last_value", last.toPlainString())
                .withDetail("data_type", row.text("data_type"));
        if (column != null) {
            f = f.withDetail("column", column);
        }
        findings.add(f);
    }

    private static BigDecimal columnMax(String type) {
        if (type == null) {
            return null;
        }
        return switch (type) {
            case "int2" -> BigDecimal.valueOf(Short.MAX_VALUE);
            case "int4" -> BigDecimal.valueOf(Integer.MAX_VALUE);
            case "int8" -> BigDecimal.valueOf(Long.MAX_VALUE);
            default -> null;
        };
    }
}

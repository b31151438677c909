package io.maintkit.postgres;

import io.maintkit.core.Finding;
import io.maintkit.core.Measurement;
import io.maintkit.core.Percent;
import io.maintkit.core.Severity;
import io.maintkit.core.Threshold;
import io.maintkit.postgres.WraparoundReport.FreezeAge;
import io.maintkit.postgres.internal.Row;
import io.maintkit.postgres.internal.Session;
import io.maintkit.postgres.internal.Settings;
import io.maintkit.postgres.internal.Sql;
import io.maintkit.postgres.internal.Texts;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * {@code postgres.wraparound}: per database and per table of the current database, the transaction ID age and
 * the multixact ID age, as a percentage of {@code autovacuum_freeze_max_age} /
 * {@code autovacuum_multixact_freeze_max_age} (a table's own lower storage parameter applies to it) and of the
 * hard limit of 2^31 at which the server stops assigning IDs. Three queries whatever the number of tables.
 */
public final class WraparoundCheck extends PostgresInspection<WraparoundCheck, WraparoundReport> {

    /** The check id. */
    public static final String ID = "postgres.wraparound";
    /** Age as a percentage of the freeze maximum: warning at 90 %, critical at 95 % (check_postgres). */
    public static final Threshold<Percent> DEFAULT_FREEZE_PERCENT = Threshold.above(Percent.of(90), Percent.of(95));
    /** Age as a percentage of the 2^31 hard limit: warning at 50 %, critical at 75 %. */
    public static final Threshold<Percent> DEFAULT_HARD_LIMIT_PERCENT =
            Threshold.above(Percent.of(50), Percent.of(75));
    /** The distance at which IDs wrap around: 2^31. */
    public static final double HARD_LIMIT = 2147483648.0;

    private final Threshold<Percent> freezePercent;
    private final Threshold<Percent> hardLimitPercent;

    private WraparoundCheck(Context context, Threshold<Percent> freezePercent, Threshold<Percent> hardLimitPercent) {
        super(context);
        this.freezePercent = Objects.requireNonNull(freezePercent, "freezePercent");
        this.hardLimitPercent = Objects.requireNonNull(hardLimitPercent, "hardLimitPercent");
    }

    /** A check with the defaults. */
    public static WraparoundCheck on(DataSource dataSource) {
        return new WraparoundCheck(Context.of(dataSource), DEFAULT_FREEZE_PERCENT, DEFAULT_HARD_LIMIT_PERCENT);
    }

    @Override
    WraparoundCheck with(Context changed) {
        return new WraparoundCheck(changed, freezePercent, hardLimitPercent);
    }

    @Override
    public String id() {
        return ID;
    }

    /** This check with other limits for age as a percentage of the freeze maximum. */
    public WraparoundCheck freezePercent(Threshold<Percent> limits) {
        return new WraparoundCheck(context, limits, hardLimitPercent);
    }

    /** This check with other limits for age as a percentage of the 2^31 hard limit. */
    public WraparoundCheck hardLimitPercent(Threshold<Percent> limits) {
        return new WraparoundCheck(context, freezePercent, limits);
    }

    @Override
    public WraparoundReport inspect() throws SQLException {
        try (Session session = context.open()) {
            Settings settings = Settings.read(session, "autovacuum_freeze_max_age",
                    "autovacuum_multixact_freeze_max_age");
            double freezeMax = settings.number("autovacuum_freeze_max_age", 200_000_000);
            double mxidMax = settings.number("autovacuum_multixact_freeze_max_age", 400_000_000);
            List<Finding> findings = new ArrayList<>();
            List<FreezeAge> ages = new ArrayList<>();
            for (Row row : session.query(Sql.load("wraparound-databases"))) {
                evaluate(findings, ages, row.text("datname"), FreezeAge.Scope.DATABASE, row.doubleValue("xid_age"),
                        freezeMax, row.doubleValue("mxid_age"), mxidMax);
            }
            double fraction = Math.min(freezePercent.warning().value() / 100,
                    hardLimitPercent.warning().value() / 100 * HARD_LIMIT / Math.max(freezeMax, 1));
            String[] schemas = context.scope().schemaArray();
            for (Row row : session.query(Sql.load("wraparound-tables"), freezeMax, mxidMax, schemas, schemas,
                    fraction, fraction)) {
                evaluate(findings, ages, row.text("subject"),
                        row.bool("is_toast") ? FreezeAge.Scope.TOAST_TABLE : FreezeAge.Scope.TABLE,
                        row.doubleValue("xid_age"), row.doubleValue("freeze_max"), row.doubleValue("mxid_age"),
                        row.doubleValue("mxid_max"));
            }
            return new WraparoundReport(session.database(), session.versionNum(), ages, findings);
        }
    }

    private void evaluate(List<Finding> findings, List<FreezeAge> ages, String subject, FreezeAge.Scope scope,
                          double xidAge, double freezeMax, double mxidAge, double mxidMax) {
        String kind = switch (scope) {
            case DATABASE -> "database";
            case TABLE -> "table";
            case TOAST_TABLE -> "TOAST table of";
        };
        Severity s = Severity.worst(
                add(findings, subject, kind, "XID", "autovacuum_freeze_max_age", xidAge, freezeMax),
                add(findings, subject, kind, "multixact", "autovacuum_multixact_freeze_max_age", mxidAge, mxidMax));
        if (s != Severity.OK) {
            ages.add(new FreezeAge(subject, scope, Math.round(xidAge), freezeMax, Math.round(mxidAge), mxidMax, s));
        }
    }

    private Severity add(List<Finding> findings, String subject, String kind, String what, String setting,
                         double age, double max) {
        Percent ofFreeze = Percent.ratio(age, max);
        Percent ofHard = Percent.ratio(age, HARD_LIMIT);
        Severity s = Severity.worst(freezePercent.evaluate(ofFreeze), hardLimitPercent.evaluate(ofHard));
        if (s == Severity.OK) {
            return s;
        }
        String prefix = what.equals("XID") ? "xid" : "mxid";
        findings.add(Finding.of(ID, what.equals("XID") ? "wraparound-risk" : "multixact-wraparound-risk", subject, s,
                kind + " " + what + " age " + Texts.count(age) + ": " + ofFreeze
                        + " of " + setting + " (" + Texts.count(max) + "), " + ofHard + " of the wraparound limit")
                .withMeasurements(Measurement.count(prefix + "_age", Math.round(age)),
                        Measurement.percent(prefix + "_freeze_max_percent", ofFreeze),
                        Measurement.percent(prefix + "_wraparound_percent", ofHard)));
        return s;
    }
}

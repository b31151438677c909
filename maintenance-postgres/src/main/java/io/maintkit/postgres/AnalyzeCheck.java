package io.maintkit.postgres;

import io.maintkit.core.Finding;
import io.maintkit.core.Measurement;
import io.maintkit.core.Severity;
import io.maintkit.core.Threshold;
import io.maintkit.postgres.AnalyzeReport.TableAnalyze;
import io.maintkit.postgres.internal.RelOptions;
import io.maintkit.postgres.internal.Row;
import io.maintkit.postgres.internal.Session;
import io.maintkit.postgres.internal.Settings;
import io.maintkit.postgres.internal.Texts;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * {@code postgres.analyze}: tables never analyzed, rows modified since the last analyze measured against each
 * table's own autoanalyze trigger, and the age of the last (auto)analyze of tables modified since.
 * Two queries whatever the number of tables.
 */
public final class AnalyzeCheck extends PostgresInspection<AnalyzeCheck, AnalyzeReport> {

    /** The check id. */
    public static final String ID = "postgres.analyze";
    /** Modifications as a multiple of the table's analyze trigger: warning at 2x, critical at 10x. */
    public static final Threshold<Double> DEFAULT_MODIFICATION_RATIO = Threshold.above(2.0, 10.0);
    /** Age of the last analyze of a modified table: warning at 7 days, critical at 30. */
    public static final Threshold<Duration> DEFAULT_LAST_ANALYZE_AGE =
            Threshold.above(Duration.ofDays(7), Duration.ofDays(30));
    /** Tables with fewer modifications since the last analyze are never reported: 1,000. */
    public static final long DEFAULT_MINIMUM_MODIFICATIONS = 1000;

    private static final String[] SETTINGS = {"track_counts", "autovacuum_analyze_threshold",
        "autovacuum_analyze_scale_factor"};

    private final Threshold<Double> modificationRatio;
    private final Threshold<Duration> lastAnalyzeAge;
    private final long minimumModifications;

    private AnalyzeCheck(Context context, Threshold<Double> modificationRatio, Threshold<Duration> lastAnalyzeAge,
                         long minimumModifications) {
        super(context);
        this.modificationRatio = Objects.requireNonNull(modificationRatio, "modificationRatio");
        this.lastAnalyzeAge = Objects.requireNonNull(lastAnalyzeAge, "lastAnalyzeAge");
        this.minimumModifications = minimumModifications;
    }

    /** A check with the defaults. */
    public static AnalyzeCheck on(DataSource dataSource) {
        return new AnalyzeCheck(Context.of(dataSource), DEFAULT_MODIFICATION_RATIO, DEFAULT_LAST_ANALYZE_AGE,
                DEFAULT_MINIMUM_MODIFICATIONS);
    }

    @Override
    AnalyzeCheck with(Context changed) {
        return new AnalyzeCheck(changed, modificationRatio, lastAnalyzeAge, minimumModifications);
    }

    @Override
    public String id() {
        return ID;
    }

    /** This check with other limits for modifications as a multiple of each table's analyze trigger. */
    public AnalyzeCheck modificationRatio(Threshold<Double> limits) {
        return new AnalyzeCheck(context, limits, lastAnalyzeAge, minimumModifications);
    }

    /** This check with other limits for the age of the last analyze of a modified table. */
    public AnalyzeCheck lastAnalyzeAge(Threshold<Duration> limits) {
        return new AnalyzeCheck(context, modificationRatio, limits, minimumModifications);
    }

    /** This check ignoring tables with fewer modifications since the last analyze than {@code count}. */
    public AnalyzeCheck minimumModifications(long count) {
        return new AnalyzeCheck(context, modificationRatio, lastAnalyzeAge, count);
    }

    @Override
    public AnalyzeReport inspect() throws SQLException {
        try (Session session = context.open()) {
            Settings settings = Settings.read(session, SETTINGS);
            List<Finding> findings = new ArrayList<>();
            List<TableAnalyze> tables = new ArrayList<>();
            String db = session.database();
            if (settings.isOff("track_counts")) {
                findings.add(Finding.of(ID, "track-counts-off", db, Severity.CRITICAL,
                        "track_counts is off: autovacuum cannot see which tables need analyzing"));
                return new AnalyzeReport(db, session.versionNum(), tables, findings);
            }
            for (Row row : tableActivity(session)) {
                List<Finding> found = new ArrayList<>();
                inspectTable(row, settings, found);
                if (!found.isEmpty()) {
                    Duration age = row.seconds("analyze_age");
                    tables.add(new TableAnalyze(row.text("subject"), row.text("nspname"), row.text("relname"),
                            row.longValue("n_mod_since_analyze"), row.longValue("n_live_tup"),
                            trigger(row, settings), Optional.ofNullable(age),
                            Severity.worst(found.stream().map(Finding::severity).toList())));
                    findings.addAll(found);
                }
            }
            return new AnalyzeReport(db, session.versionNum(), tables, findings);
        }
    }

    private static double trigger(Row row, Settings settings) {
        return RelOptions.of(row.texts("reloptions")).trigger("autovacuum_analyze", settings, 50, 0.1,
                Math.max(0, row.doubleValue("reltuples")));
    }

    private void inspectTable(Row row, Settings settings, List<Finding> findings) {
        String subject = row.text("subject");
        double trigger = trigger(row, settings);
        long modified = row.longValue("n_mod_since_analyze");
        long live = row.longValue("n_live_tup");
        Duration age = row.seconds("analyze_age");
        if (age == null) {
            if (live > 0 || modified > 0 || row.doubleValue("reltuples") > 0) {
                Severity s = modified >= minimumModifications && modified > trigger ? Severity.WARNING : Severity.INFO;
                findings.add(Finding.of(ID, "never-analyzed", subject, s, "never analyzed since the statistics"
                                + " were reset: the planner guesses (" + Texts.count(live) + " live rows, "
                                + Texts.count(modified) + " modified)")
                        .withMeasurements(Measurement.count("modified_since_analyze", modified),
                                Measurement.count("live_tuples", live)));
            }
            return;
        }
        if (modified < minimumModifications) {
            return;
        }
        double ratio = modified / Math.max(trigger, 1);
        Severity byCount = modificationRatio.evaluate(ratio);
        if (byCount != Severity.OK) {
            findings.add(Finding.of(ID, "analyze-overdue", subject, byCount, Texts.count(modified)
                            + " rows modified since the last analyze, " + Texts.times(ratio)
                            + " its analyze trigger of " + Texts.count(trigger))
                    .withMeasurements(Measurement.count("modified_since_analyze", modified),
                            Measurement.count("analyze_trigger", Math.round(trigger))));
        }
        Severity byAge = lastAnalyzeAge.evaluate(age);
        if (byAge != Severity.OK) {
            findings.add(Finding.of(ID, "last-analyze-old", subject, byAge, "last analyzed " + Texts.age(age) + " ago, "
                            + Texts.count(modified) + " rows modified since")
                    .withMeasurements(Measurement.seconds("last_analyze_age", age),
                            Measurement.count("modified_since_analyze", modified)));
        }
    }
}

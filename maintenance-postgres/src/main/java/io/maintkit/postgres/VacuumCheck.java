package io.maintkit.postgres;

import io.maintkit.core.Finding;
import io.maintkit.core.Measurement;
import io.maintkit.core.Severity;
import io.maintkit.core.Threshold;
import io.maintkit.postgres.VacuumReport.TableVacuum;
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
 * {@code postgres.vacuum}: dead tuples measured against each table's own autovacuum trigger
 * ({@code autovacuum_vacuum_threshold + autovacuum_vacuum_scale_factor * reltuples}, per-table storage parameters
 * first, capped by {@code autovacuum_vacuum_max_threshold} on PG18), insert-driven triggers on PG13+, the age of
 * the last (auto)vacuum of tables that have dead tuples, and autovacuum disabled globally or per table.
 * Two queries whatever the number of tables.
 */
public final class VacuumCheck extends PostgresInspection<VacuumCheck, VacuumReport> {

    /** The check id. */
    public static final String ID = "postgres.vacuum";
    /** Dead tuples as a multiple of the table's trigger: warning at 2x, critical at 10x. */
    public static final Threshold<Double> DEFAULT_DEAD_TUPLE_RATIO = Threshold.above(2.0, 10.0);
    /** Age of the last vacuum of a table with dead tuples: warning at 7 days, critical at 30. */
    public static final Threshold<Duration> DEFAULT_LAST_VACUUM_AGE =
            Threshold.above(Duration.ofDays(7), Duration.ofDays(30));
    /** Tables with fewer dead tuples are never reported: 1,000. */
    public static final long DEFAULT_MINIMUM_DEAD_TUPLES = 1000;

    private static final String[] SETTINGS = {"autovacuum", "track_counts", "autovacuum_vacuum_threshold",
        "autovacuum_vacuum_scale_factor", "autovacuum_vacuum_insert_threshold",
        "autovacuum_vacuum_insert_scale_factor", "autovacuum_vacuum_max_threshold"};

    private final Threshold<Double> deadTupleRatio;
    private final Threshold<Duration> lastVacuumAge;
    private final long minimumDeadTuples;

    private VacuumCheck(Context context, Threshold<Double> deadTupleRatio, Threshold<Duration> lastVacuumAge,
                        long minimumDeadTuples) {
        super(context);
        this.deadTupleRatio = Objects.requireNonNull(deadTupleRatio, "deadTupleRatio");
        this.lastVacuumAge = Objects.requireNonNull(lastVacuumAge, "lastVacuumAge");
        this.minimumDeadTuples = minimumDeadTuples;
    }

    /** A check with the defaults. */
    public static VacuumCheck on(DataSource dataSource) {
        return new VacuumCheck(Context.of(dataSource), DEFAULT_DEAD_TUPLE_RATIO, DEFAULT_LAST_VACUUM_AGE,
                DEFAULT_MINIMUM_DEAD_TUPLES);
    }

    @Override
    VacuumCheck with(Context changed) {
        return new VacuumCheck(changed, deadTupleRatio, lastVacuumAge, minimumDeadTuples);
    }

    @Override
    public String id() {
        return ID;
    }

    /** This check with other limits for dead tuples as a multiple of each table's autovacuum trigger. */
    public VacuumCheck deadTupleRatio(Threshold<Double> limits) {
        return new VacuumCheck(context, limits, lastVacuumAge, minimumDeadTuples);
    }

    /** This check with other limits for the age of the last vacuum of a table with dead tuples. */
    public VacuumCheck lastVacuumAge(Threshold<Duration> limits) {
        return new VacuumCheck(context, deadTupleRatio, limits, minimumDeadTuples);
    }

    /** This check ignoring tables with fewer dead tuples than {@code count}. */
    public VacuumCheck minimumDeadTuples(long count) {
        return new VacuumCheck(context, deadTupleRatio, lastVacuumAge, count);
    }

    @Override
    public VacuumReport inspect() throws SQLException {
        try (Session session = context.open()) {
            Settings settings = Settings.read(session, SETTINGS);
            List<Finding> findings = new ArrayList<>();
            List<TableVacuum> tables = new ArrayList<>();
            String db = session.database();
            boolean autovacuum = !settings.isOff("autovacuum");
            if (!autovacuum) {
                findings.add(Finding.of(ID, "autovacuum-disabled", db, Severity.WARNING,
                        "autovacuum is off: dead tuples are removed only by manual VACUUM")
                        .withDetail("setting", "autovacuum = off"));
            }
            if (settings.isOff("track_counts")) {
                findings.add(Finding.of(ID, "track-counts-off", db, Severity.CRITICAL,
                        "track_counts is off: autovacuum cannot see which tables need vacuuming and the dead tuple"
                                + " counts are not kept"));
                return new VacuumReport(db, session.versionNum(), autovacuum, tables, findings);
            }
            boolean inserts = session.major() >= 13;
            for (Row row : tableActivity(session)) {
                List<Finding> found = new ArrayList<>();
                inspectTable(row, settings, autovacuum, inserts, found).ifPresent(tables::add);
                findings.addAll(found);
            }
            return new VacuumReport(db, session.versionNum(), autovacuum, tables, findings);
        }
    }

    /** Adds the table's findings to {@code findings} and returns its state if it has any. */
    private Optional<TableVacuum> inspectTable(Row row, Settings settings, boolean autovacuum, boolean inserts,
                                               List<Finding> findings) {
        String subject = row.text("subject");
        RelOptions options = RelOptions.of(row.texts("reloptions"));
        double reltuples = Math.max(0, row.doubleValue("reltuples"));
        boolean disabledHere = options.isOff("autovacuum_enabled");
        if (disabledHere) {
            findings.add(Finding.of(ID, "autovacuum-disabled", subject, Severity.WARNING,
                    "autovacuum is disabled on this table (autovacuum_enabled = off)"));
        }
        double trigger = options.trigger("autovacuum_vacuum", settings, 50, 0.2, reltuples);
        double max = options.numberOr("autovacuum_vacuum_max_threshold", settings, -1);
        if (max >= 0) {
            trigger = Math.min(trigger, max);
        }
        long dead = row.longValue("n_dead_tup");
        boolean effective = autovacuum && !disabledHere;
        boolean overdue = dead >= minimumDeadTuples && dead > trigger;
        if (overdue) {
            double ratio = dead / Math.max(trigger, 1);
            Severity s = deadTupleRatio.evaluate(ratio);
            if (!effective && s == Severity.OK) {
                s = Severity.WARNING;
            }
            if (s == Severity.OK) {
                s = Severity.INFO;
            }
            String why = effective ? "autovacuum is due or falling behind"
                    : "autovacuum will not run on it";
            findings.add(Finding.of(ID, "vacuum-overdue", subject, s, Texts.count(dead) + " dead tuples, "
                            + Texts.times(ratio) + " its autovacuum trigger of " + Texts.count(trigger) + ": " + why)
                    .withMeasurements(Measurement.count("dead_tuples", dead),
                            Measurement.count("autovacuum_trigger", Math.round(trigger)),
                            Measurement.count("live_tuples", row.longValue("n_live_tup"))));
        }
        long inserted = inserts && !row.isNull("n_ins_since_vacuum") ? row.longValue("n_ins_since_vacuum") : 0;
        if (inserts && !row.isNull("n_ins_since_vacuum")) {
            boolean insertsTrigger = options.numberOr("autovacuum_vacuum_insert_threshold", settings, 1000) >= 0;
            double insTrigger = options.trigger("autovacuum_vacuum_insert", settings, 1000, 0.2, reltuples);
            if (insertsTrigger && inserted >= minimumDeadTuples
                    && deadTupleRatio.evaluate(inserted / Math.max(insTrigger, 1)) != Severity.OK) {
                findings.add(Finding.of(ID, "insert-vacuum-overdue", subject, Severity.INFO, Texts.count(inserted)
                                + " rows inserted since the last vacuum, "
                                + Texts.times(inserted / Math.max(insTrigger, 1)) + " the insert trigger of "
                                + Texts.count(insTrigger)
                                + ": pages are not yet marked all-visible or frozen")
                        .withMeasurements(Measurement.count("inserted_since_vacuum", inserted)));
            }
        }
        Duration age = row.seconds("vacuum_age");
        if (dead >= minimumDeadTuples) {
            if (age == null) {
                findings.add(Finding.of(ID, "never-vacuumed", subject, Severity.INFO,
                        "never vacuumed since the statistics were reset, " + Texts.count(dead) + " dead tuples")
                        .withMeasurements(Measurement.count("dead_tuples", dead)));
            } else if (lastVacuumAge.evaluate(age) != Severity.OK) {
                findings.add(Finding.of(ID, "last-vacuum-old", subject, lastVacuumAge.evaluate(age), "last vacuumed "
                                + Texts.age(age) + " ago, " + Texts.count(dead) + " dead tuples since")
                        .withMeasurements(Measurement.seconds("last_vacuum_age", age),
                                Measurement.count("dead_tuples", dead)));
            }
        }
        if (findings.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new TableVacuum(subject, row.text("nspname"), row.text("relname"), dead,
                row.longValue("n_live_tup"), trigger, effective, inserted, Optional.ofNullable(age), overdue,
                Severity.worst(findings.stream().map(Finding::severity).toList())));
    }
}

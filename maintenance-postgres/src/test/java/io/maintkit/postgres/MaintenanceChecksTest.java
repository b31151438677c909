package io.maintkit.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.maintkit.core.DataSize;
import io.maintkit.core.Finding;
import io.maintkit.core.Percent;
import io.maintkit.core.Severity;
import io.maintkit.core.Threshold;
import io.maintkit.postgres.SequenceReport.SequenceUsage;
import io.maintkit.postgres.SizeReport.RelationSize;
import io.maintkit.postgres.VacuumReport.TableVacuum;

import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Vacuum, analyze, sequences, size and settings on one database with each condition provoked. */
class MaintenanceChecksTest {

    private static final String HOSTILE = "\"Ünï \"\"Sch\"\" ema\".\"Dead \"\"Rows\"\" lé\"";
    private static DataSource db;

    @BeforeAll
    static void provoke() {
        db = Pg.engine().createDatabase("health_maintenance");
        Pg.exec(db,
                "CREATE TABLE churn (id int PRIMARY KEY, v text) WITH (autovacuum_enabled = off)",
                "INSERT INTO churn SELECT g, 'v' FROM generate_series(1, 20000) g",
                "CREATE SCHEMA \"Ünï \"\"Sch\"\" ema\"",
                "CREATE TABLE \"Ünï \"\"Sch\"\" ema\".\"Dead \"\"Rows\"\" lé\" (id int) WITH (autovacuum_enabled = off,"
                        + " autovacuum_vacuum_threshold = 100, autovacuum_vacuum_scale_factor = 0)",
                "INSERT INTO \"Ünï \"\"Sch\"\" ema\".\"Dead \"\"Rows\"\" lé\" SELECT generate_series(1, 5000)",
                "CREATE TABLE quiet (id int PRIMARY KEY)",
                "INSERT INTO quiet SELECT generate_series(1, 100)",
                // sequences: one near its own max, one serial column fed by a bigint sequence near int's max
                "CREATE SEQUENCE almost_done MAXVALUE 1000",
                "SELECT setval('almost_done', 990)",
                "CREATE TABLE tickets (id int, t text)",
                "CREATE SEQUENCE tickets_id_seq AS bigint OWNED BY tickets.id",
                "ALTER TABLE tickets ALTER id SET DEFAULT nextval('tickets_id_seq')",
                "SELECT setval('tickets_id_seq', 1900000000)",
                "CREATE TABLE badges (id smallint GENERATED ALWAYS AS IDENTITY, t text)",
                "SELECT setval(pg_get_serial_sequence('badges', 'id'), 32000)",
                "CREATE SEQUENCE roomy",
                "SELECT nextval('roomy')");
        Pg.settleAndAnalyze(db);
        Pg.exec(db,
                "DELETE FROM churn WHERE id % 2 = 0",
                "DELETE FROM \"Ünï \"\"Sch\"\" ema\".\"Dead \"\"Rows\"\" lé\" WHERE id <= 3000",
                "CREATE TABLE fresh (id int, v text)",
                "INSERT INTO fresh SELECT g, 'x' FROM generate_series(1, 5000) g");
        Pg.await(db, "SELECT count(*) FROM pg_stat_user_tables WHERE relname IN ('churn', 'fresh')"
                + " AND n_dead_tup + n_live_tup IN (20000, 5000) AND n_mod_since_analyze > 0", 2);
    }

    @Test
    void vacuumFindsDeadTuplesAgainstEachTablesOwnTrigger() throws Exception {
        VacuumReport report = VacuumCheck.on(db).inspect();

        assertThat(report.findings()).allMatch(f -> f.checkId().equals("postgres.vacuum"));
        // 10,000 dead of 20,000 rows: the trigger is 50 + 0.2 * 20,000 = 4,050 and autovacuum is off on the table
        Finding churn = Pg.about(report, "public.churn", "vacuum-overdue").get(0);
        assertThat(churn.severity()).isEqualTo(Severity.WARNING);
        assertThat(churn.measurement("dead_tuples").orElseThrow().value()).isEqualTo(10000);
        assertThat(churn.measurement("autovacuum_trigger").orElseThrow().value()).isEqualTo(4050);
        assertThat(Pg.about(report, "public.churn", "autovacuum-disabled")).hasSize(1);
        TableVacuum table = report.tables().stream().filter(t -> t.subject().equals("public.churn")).findFirst()
                .orElseThrow();
        assertThat(table.deadTuples()).isEqualTo(10000);
        assertThat(table.autovacuumTrigger()).isEqualTo(4050);
        assertThat(table.overdue()).isTrue();
        assertThat(table.autovacuumEnabled()).isFalse();
        assertThat(table.name()).isEqualTo("churn");
        // per-table threshold 100 and scale 0: 3,000 dead is 30x the trigger
        assertThat(Pg.about(report, HOSTILE, "vacuum-overdue")).anyMatch(f -> f.severity() == Severity.CRITICAL
                && f.measurement("autovacuum_trigger").orElseThrow().value() == 100);
        assertThat(Pg.about(report, "public.quiet")).isEmpty();
        assertThat(report.tables()).noneMatch(t -> t.subject().equals("public.quiet"));
    }

    @Test
    void analyzeFindsNeverAnalyzedAndStaleTables() throws Exception {
        AnalyzeReport report = AnalyzeCheck.on(db).minimumModifications(100).inspect();

        assertThat(Pg.about(report, "public.fresh")).singleElement()
                .satisfies(f -> assertThat(f.kind()).isEqualTo("never-analyzed"))
                .satisfies(f -> assertThat(f.severity()).isEqualTo(Severity.WARNING));
        assertThat(report.tables()).filteredOn(t -> t.subject().equals("public.fresh")).singleElement()
                .satisfies(t -> assertThat(t.lastAnalyzeAge()).isEmpty());
        // 10,000 modifications against 50 + 0.1 * 20,000 = 2,050
        assertThat(Pg.about(report, "public.churn", "analyze-overdue")).anyMatch(f -> f.severity() == Severity.WARNING
                && f.measurement("analyze_trigger").orElseThrow().value() == 2050);
        assertThat(report.tables()).filteredOn(t -> t.subject().equals("public.churn")).singleElement()
                .satisfies(t -> assertThat(t.analyzeTrigger()).isEqualTo(2050))
                .satisfies(t -> assertThat(t.modifiedSinceAnalyze()).isEqualTo(10000));
        assertThat(Pg.about(report, HOSTILE)).isNotEmpty();
        assertThat(Pg.about(report, "public.quiet")).isEmpty();

        AnalyzeReport ages = AnalyzeCheck.on(db).minimumModifications(100)
                .lastAnalyzeAge(Threshold.above(Duration.ZERO, Duration.ofDays(1))).inspect();
        assertThat(Pg.about(ages, "public.churn", "last-analyze-old")).hasSize(1);
    }

    @Test
    void sequencesNearTheirEndAndColumnsNarrowerThanTheirSequence() throws Exception {
        SequenceReport report = SequenceCheck.on(db).inspect();

        assertThat(Pg.about(report, "public.almost_done")).singleElement()
                .satisfies(f -> assertThat(f.kind()).isEqualTo("sequence-near-max"))
                .satisfies(f -> assertThat(f.severity()).isEqualTo(Severity.CRITICAL))
                .satisfies(f -> assertThat(f.measurement("values_left").orElseThrow().value()).isEqualTo(10));
        SequenceUsage tickets = report.sequences().stream().filter(q -> q.subject().equals("public.tickets_id_seq"))
                .findFirst().orElseThrow();
        assertThat(tickets.severity()).isEqualTo(Severity.WARNING);
        // a bigint sequence feeding an int4 column ends at the column's maximum
        assertThat(tickets.column()).contains("public.tickets.id");
        assertThat(tickets.valuesLeft()).isLessThan(Integer.MAX_VALUE);
        assertThat(Pg.about(report, "public.badges_id_seq")).singleElement()
                .satisfies(f -> assertThat(f.severity()).isEqualTo(Severity.CRITICAL));
        assertThat(Pg.about(report, "public.roomy")).isEmpty();
    }

    @Test
    void sizeListsTheDatabaseAndItsLargestRelations() throws Exception {
        SizeReport report = SizeCheck.on(db).top(2).inspect();

        assertThat(report.worst()).isEqualTo(Severity.INFO);
        assertThat(Pg.about(report, "health_maintenance")).singleElement()
                .satisfies(f -> assertThat(f.kind()).isEqualTo("database-size"));
        assertThat(report.databaseSize().bytes()).isGreaterThan(DataSize.ofMegabytes(1).bytes());
        assertThat(report.largest(RelationSize.Type.TABLE)).hasSize(2)
                .first().satisfies(t -> assertThat(t.subject()).isEqualTo("public.churn"));
        assertThat(report.findings()).filteredOn(f -> f.kind().equals("largest-table")).hasSize(2);
        assertThat(Pg.about(SizeCheck.on(db).databaseSize(Threshold.above(DataSize.ofMegabytes(1),
                DataSize.ofGigabytes(100))).inspect(), "health_maintenance").get(0).severity())
                .isEqualTo(Severity.WARNING);
    }

    @Test
    void settingsThatSwitchMaintenanceOffAreFindings() throws Exception {
        assertThat(Pg.above(SettingsCheck.on(db).inspect(), Severity.INFO)).isEmpty();

        DataSource blind = Pg.engine().createDatabase("health_settings_off");
        Pg.exec(blind, "ALTER DATABASE health_settings_off SET track_counts = off",
                "ALTER DATABASE health_settings_off SET track_activities = off");
        SettingsReport report = SettingsCheck.on(blind).inspect();

        assertThat(report.worst()).isEqualTo(Severity.CRITICAL);
        assertThat(report.findings()).extracting(Finding::kind)
                .containsExactly("track-counts-off", "track-activities-off");
        assertThat(report.problems()).extracting(SettingsReport.SettingProblem::setting)
                .containsExactly("track_counts", "track_activities");
        assertThat(VacuumCheck.on(blind).inspect().worst()).isEqualTo(Severity.CRITICAL);
    }

    @Test
    void percentThresholdsAreConfigurable() throws Exception {
        SequenceReport strict = SequenceCheck.on(db).usedPercent(Threshold.above(Percent.of(0), Percent.of(99.9)))
                .inspect();
        assertThat(Pg.about(strict, "public.roomy")).isNotEmpty();
        List<Finding> excluded = Pg.about(SequenceCheck.on(db).exclude("almost_*").inspect(), "public.almost_done");
        assertThat(excluded).isEmpty();
    }
}

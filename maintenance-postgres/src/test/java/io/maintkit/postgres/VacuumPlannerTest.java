package io.maintkit.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.maintkit.core.Outcome;
import io.maintkit.core.ActionExecution;
import io.maintkit.core.DataSize;
import io.maintkit.core.ExecutionOptions;
import io.maintkit.core.ExecutionReport;
import io.maintkit.core.LockImpact;
import io.maintkit.core.MaintenanceAction;
import io.maintkit.core.MaintenancePlan;
import io.maintkit.core.MaintenanceWindow;
import io.maintkit.core.Percent;
import io.maintkit.core.Threshold;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The planner on one database with each condition provoked, beside tables that need nothing. */
class VacuumPlannerTest {

    private static final String HOSTILE = "\"Ünï \"\"Sch\"\" ema\".\"Dead \"\"Rows\"\"; lé\"";
    private static final BloatThresholds SMALL = BloatThresholds.of(Percent.of(30), DataSize.ofKilobytes(256),
            Percent.of(60), DataSize.ofGigabytes(1));
    private static DataSource db;

    @BeforeAll
    static void provoke() {
        db = Pg.engine().createDatabase("vacuum_planner");
        Pg.exec(db,
                // old enough to be in wraparound danger under the lowered thresholds below
                "CREATE TABLE frozen_late (id int) WITH (autovacuum_enabled = off)",
                "INSERT INTO frozen_late SELECT generate_series(1, 100)",
                "DO $$ BEGIN FOR i IN 1..3000 LOOP BEGIN INSERT INTO frozen_late VALUES (i);"
                        + " EXCEPTION WHEN OTHERS THEN NULL; END; END LOOP; END $$",
                // dead tuples beyond the trigger
                "CREATE TABLE churn (id int PRIMARY KEY, v text) WITH (autovacuum_enabled = off)",
                "INSERT INTO churn SELECT g, 'v' FROM generate_series(1, 20000) g",
                "CREATE SCHEMA \"Ünï \"\"Sch\"\" ema\"",
                "CREATE TABLE " + HOSTILE + " (id int) WITH (autovacuum_enabled = off)",
                "INSERT INTO " + HOSTILE + " SELECT generate_series(1, 5000)",
                // dead tuples and table bloat at once: a rebuild makes the plain vacuum unnecessary
                "CREATE TABLE decayed (id int PRIMARY KEY, pad text) WITH (autovacuum_enabled = off)",
                "INSERT INTO decayed SELECT g, repeat('d', 200) FROM generate_series(1, 30000) g",
                // table bloat: 80 % of the rows deleted and vacuumed, the pages stay
                "CREATE TABLE swollen (id int PRIMARY KEY, pad text) WITH (autovacuum_enabled = off)",
                "INSERT INTO swollen SELECT g, repeat('s', 200) FROM generate_series(1, 30000) g",
                // index bloat: most keys removed from a B-tree
                "CREATE TABLE keyed (id int, k int) WITH (autovacuum_enabled = off)",
                "INSERT INTO keyed SELECT g, g FROM generate_series(1, 100000) g",
                "CREATE INDEX keyed_k ON keyed (k)",
                // healthy
                "CREATE TABLE calm (id int PRIMARY KEY, v text)",
                "INSERT INTO calm SELECT g, 'c' FROM generate_series(1, 5000) g");
        Pg.exec(db,
                "DELETE FROM swollen WHERE id % 5 <> 0",
                "DELETE FROM keyed WHERE k % 10 <> 0",
                "DELETE FROM decayed WHERE id % 5 <> 0",
                "VACUUM swollen",
                "VACUUM keyed");
        Pg.settleAndAnalyze(db);
        Pg.exec(db,
                "DELETE FROM churn WHERE id % 2 = 0",
                "DELETE FROM " + HOSTILE + " WHERE id <= 3000",
                "CREATE TABLE fresh (id int, v text) WITH (autovacuum_enabled = off)",
                "INSERT INTO fresh SELECT g, 'x' FROM generate_series(1, 5000) g");
        Pg.await(db, "SELECT count(*) FROM pg_stat_user_tables WHERE relname IN ('churn', 'fresh')"
                + " AND n_dead_tup + n_live_tup IN (20000, 5000) AND n_mod_since_analyze > 0", 2);
    }

    private static VacuumPlanner planner() {
        return VacuumPlanner.on(db)
                .health(h -> h.bloat(b -> b.minimumSize(DataSize.ofKilobytes(64)).thresholds(SMALL))
                        .analyze(a -> a.minimumModifications(100))
                        .wraparound(w -> w.freezePercent(Threshold.above(Percent.of(0.001), Percent.of(0.002)))))
                .lockTimeout(Duration.ofMillis(500))
                .progressInterval(Duration.ofMillis(100));
    }

    private static MaintenanceWindow openWindow() {
        return MaintenanceWindow.once(Instant.now().minusSeconds(60), Duration.ofHours(1));
    }

    private static List<String> commands(MaintenancePlan plan) {
        return plan.actions().stream().map(MaintenanceAction::command).toList();
    }

    @Test
    void plansTheRightActionMostUrgentFirstAndNothingForHealthyTables() throws Exception {
        MaintenancePlan plan = planner().plan();

        assertThat(commands(plan)).containsExactly(
                "VACUUM (FREEZE, ANALYZE) \"public\".\"frozen_late\"",
                // same severity: the most dead tuples first
                "VACUUM (ANALYZE) \"public\".\"decayed\"",
                "VACUUM (ANALYZE) \"public\".\"churn\"",
                "VACUUM (ANALYZE) \"Ünï \"\"Sch\"\" ema\".\"Dead \"\"Rows\"\"; lé\"",
                "ANALYZE \"public\".\"fresh\"",
                "REINDEX INDEX CONCURRENTLY \"public\".\"keyed_k\"",
                "REINDEX INDEX CONCURRENTLY \"public\".\"decayed_pkey\"",
                "REINDEX INDEX CONCURRENTLY \"public\".\"swollen_pkey\"");
        assertThat(plan.actions()).allMatch(a -> a.lockImpact() == LockImpact.NONE && !a.destructive());
        MaintenanceAction churn = plan.actions().get(2);
        assertThat(churn.reason()).contains("10,000 dead tuples").contains("4,050");
        assertThat(churn.cost().reads().bytes()).isGreaterThan(0);
        MaintenanceAction reindex = plan.actions().get(5);
        assertThat(reindex.reason()).contains("index bloat");
        assertThat(reindex.cost().frees().bytes()).isGreaterThan(0);
        assertThat(plan.describe()).contains("VACUUM (ANALYZE) \"public\".\"churn\"");
        assertThat(String.join("\n", commands(plan))).doesNotContain("calm").doesNotContain("FULL");
    }

    @Test
    void aRebuildNeedsTheOptInAndAWindow() throws Exception {
        assertThat(commands(planner().allowTableRebuild(true).plan())).noneMatch(c -> c.contains("FULL"));
        assertThat(commands(planner().window(openWindow()).plan())).noneMatch(c -> c.contains("FULL"));

        MaintenancePlan plan = planner().allowTableRebuild(true).window(openWindow()).plan();

        // the rebuilds come last, and replace the REINDEX of their tables' bloated indexes
        assertThat(commands(plan).subList(plan.actions().size() - 3, plan.actions().size())).containsExactlyInAnyOrder(
                "VACUUM (FULL, ANALYZE) \"public\".\"swollen\"", "VACUUM (FULL, ANALYZE) \"public\".\"keyed\"",
                "VACUUM (FULL, ANALYZE) \"public\".\"decayed\"");
        assertThat(commands(plan)).noneMatch(c -> c.startsWith("REINDEX"));
        assertThat(commands(plan)).filteredOn(c -> c.contains("\"public\".\"decayed\""))
                .containsExactly("VACUUM (FULL, ANALYZE) \"public\".\"decayed\"");
        MaintenanceAction rebuild = plan.actions().get(plan.actions().size() - 1);
        assertThat(rebuild.lockImpact()).isEqualTo(LockImpact.BLOCKS_READS_AND_WRITES);
        assertThat(rebuild.cost().extraDisk().bytes()).isGreaterThan(0);
        assertThat(rebuild.reason()).contains("free disk").contains("table bloat");
        // executed without a window, the core refuses the blocking action
        MaintenancePlan only = new MaintenancePlan("rebuild", List.of(rebuild));
        assertThat(only.execute(ExecutionOptions.defaults()).executions().get(0).outcome())
                .isEqualTo(Outcome.SKIPPED);
    }

    @Test
    void executingReportsSizesAndReplanningFindsNothingLeft() throws Exception {
        MaintenancePlan plan = planner().allowTableRebuild(true).window(openWindow()).plan();

        ExecutionReport report = plan.execute(ExecutionOptions.defaults().window(openWindow()));

        assertThat(report.allSucceeded()).as(report.toString()).isTrue();
        ActionExecution rebuild = report.executions().stream()
                .filter(e -> e.action().command().equals("VACUUM (FULL, ANALYZE) \"public\".\"swollen\""))
                .findFirst().orElseThrow();
        double before = rebuild.measurements().stream().filter(m -> m.name().equals("size_before_bytes"))
                .findFirst().orElseThrow().value();
        double after = rebuild.measurements().stream().filter(m -> m.name().equals("size_after_bytes"))
                .findFirst().orElseThrow().value();
        assertThat(after).isLessThan(before * 0.5);
        assertThat(rebuild.measurements()).anyMatch(m -> m.name().equals("lock_timeouts") && m.value() == 0);

        Pg.settleStats(db);
        Pg.await(db, "SELECT count(*) FROM pg_stat_user_tables WHERE n_dead_tup > 1000", 0);
        // what ran is not planned again (a vacuum may reveal new needs, such as churn's now measurable bloat)
        assertThat(commands(planner().allowTableRebuild(true).window(openWindow()).plan()))
                .doesNotContainAnyElementsOf(commands(plan));
    }
}

package io.maintkit.mysql;

import static io.maintkit.mysql.Servers.execute;
import static org.assertj.core.api.Assertions.assertThat;

import io.maintkit.core.ActionExecution;
import io.maintkit.core.Cancellation;
import io.maintkit.core.ExecutionOptions;
import io.maintkit.core.ExecutionReport;
import io.maintkit.core.LockImpact;
import io.maintkit.core.MaintenanceAction;
import io.maintkit.core.MaintenancePlan;
import io.maintkit.core.MaintenanceWindow;
import io.maintkit.core.Outcome;
import io.maintkit.testkit.MariaDbEngine;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import javax.sql.DataSource;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class TableOptimizerTest {

    static List<Named<MariaDbEngine>> servers() {
        return Servers.all();
    }

    private static ExecutionOptions inWindow(Duration length) {
        return ExecutionOptions.defaults().window(MaintenanceWindow.once(Instant.now(), length));
    }

    @ParameterizedTest
    @MethodSource("servers")
    void aFragmentedTableWithAHostileNameIsRebuiltOnlineAndCheckIsNeverInADefaultPlan(MariaDbEngine server)
            throws SQLException {
        DataSource db = server.createDatabase("opt_rebuild");
        FragmentationCheckTest.fragmentedTable(db, "ev`ents ü");
        execute(db, "CREATE TABLE calm (id INT PRIMARY KEY) ENGINE=InnoDB");

        TableOptimizer optimizer = TableOptimizer.on(db).schemas("opt_rebuild")
                .thresholds(FragmentationCheckTest.SMALL).analyze("opt_rebuild", "calm");
        MaintenancePlan plan = optimizer.plan();

        assertThat(plan.actions()).extracting(MaintenanceAction::command).containsExactly(
                "ALTER TABLE `opt_rebuild`.`ev``ents ü` FORCE, ALGORITHM=INPLACE, LOCK=NONE",
                "ANALYZE TABLE `opt_rebuild`.`calm`");
        assertThat(plan.actions().get(0).lockImpact()).isEqualTo(LockImpact.NONE);
        assertThat(plan.actions().get(0).reason()).contains("exclusive metadata lock");
        assertThat(plan.actions()).noneMatch(a -> a.command().startsWith("CHECK"));

        ExecutionReport report = plan.execute(inWindow(Duration.ofMinutes(5)));

        assertThat(report.executions()).extracting(ActionExecution::outcome)
                .containsExactly(Outcome.SUCCEEDED, Outcome.SUCCEEDED);
        assertThat(FragmentationCheck.on(db).schemas("opt_rebuild").thresholds(FragmentationCheckTest.SMALL)
                .inspect().fragmented()).isEmpty();
        assertThat(optimizer.plan().actions()).extracting(MaintenanceAction::command)
                .containsExactly("ANALYZE TABLE `opt_rebuild`.`calm`");
    }

    @ParameterizedTest
    @MethodSource("servers")
    void staleStatisticsAreAnalyzedAndFreshOnesAreNot(MariaDbEngine server) throws SQLException {
        DataSource db = server.createDatabase("opt_stale");
        for (String table : List.of("`stale sta``ts`", "mostly_fresh", "tiny")) {
            execute(db, "CREATE TABLE " + table + " (id INT PRIMARY KEY, v INT NOT NULL) ENGINE=InnoDB"
                    + " STATS_AUTO_RECALC=0");
        }
        execute(db, "INSERT INTO `stale sta``ts` SELECT seq, 0 FROM seq_1_to_10000",
                "INSERT INTO mostly_fresh SELECT seq, 0 FROM seq_1_to_10000",
                "INSERT INTO tiny SELECT seq, 0 FROM seq_1_to_100",
                "ANALYZE TABLE `stale sta``ts`, mostly_fresh, tiny",
                "UPDATE `stale sta``ts` SET v = 1 WHERE id <= 5000",
                "UPDATE mostly_fresh SET v = 1 WHERE id <= 200",
                "UPDATE tiny SET v = 1");

        TableOptimizer optimizer = TableOptimizer.on(db).schemas("opt_stale");
        MaintenancePlan plan = optimizer.plan();

        assertThat(plan.actions()).extracting(MaintenanceAction::command)
                .as("5,000 of 10,000 rows changed; 2 %% of a table and 100 rows of a tiny one are not stale")
                .containsExactly("ANALYZE TABLE `opt_stale`.`stale sta``ts`");
        assertThat(plan.actions().get(0).reason()).contains("statistics stale");
        assertThat(plan.execute(inWindow(Duration.ofMinutes(1))).executions()).extracting(ActionExecution::outcome)
                .containsExactly(Outcome.SUCCEEDED);
        assertThat(optimizer.plan().actions()).as("analyzed").isEmpty();
        assertThat(optimizer.staleStatistics(io.maintkit.core.Percent.of(1), 50).plan().actions())
                .extracting(MaintenanceAction::command).containsExactlyInAnyOrder(
                        "ANALYZE TABLE `opt_stale`.`mostly_fresh`", "ANALYZE TABLE `opt_stale`.`tiny`");
    }

    @ParameterizedTest
    @MethodSource("servers")
    void checkTableOnlyWhenAskedAndOtherEnginesNeedAWindow(MariaDbEngine server) throws SQLException {
        DataSource db = server.createDatabase("opt_engines");
        execute(db, "CREATE TABLE docs (id INT PRIMARY KEY, body TEXT, FULLTEXT KEY ft_body (body)) ENGINE=InnoDB",
                "INSERT INTO docs SELECT seq, REPEAT('word ', 100) FROM seq_1_to_30000",
                "DELETE FROM docs WHERE id % 10 <> 0",
                "CREATE TABLE legacy (id INT PRIMARY KEY, pad CHAR(255)) ENGINE=MyISAM",
                "INSERT INTO legacy SELECT seq, REPEAT('x', 255) FROM seq_1_to_30000",
                "DELETE FROM legacy WHERE id % 10 <> 0");
        FragmentationCheckTest.awaitPurge(db, "docs");

        MaintenancePlan plan = TableOptimizer.on(db).schemas("opt_engines").thresholds(FragmentationCheckTest.SMALL)
                .checkTables("opt_engines", "legacy").plan();

        assertThat(plan.actions()).extracting(MaintenanceAction::command, MaintenanceAction::lockImpact)
                .containsExactlyInAnyOrder(
                        org.assertj.core.api.Assertions.tuple(
                                "ALTER TABLE `opt_engines`.`docs` FORCE, ALGORITHM=INPLACE, LOCK=SHARED",
                                LockImpact.BLOCKS_WRITES),
                        org.assertj.core.api.Assertions.tuple("OPTIMIZE TABLE `opt_engines`.`legacy`",
                                LockImpact.BLOCKS_READS_AND_WRITES),
                        org.assertj.core.api.Assertions.tuple("CHECK TABLE `opt_engines`.`legacy`",
                                LockImpact.BLOCKS_WRITES));

        ExecutionReport outsideWindow = plan.execute(ExecutionOptions.defaults());
        assertThat(outsideWindow.executions()).filteredOn(e -> e.action().command().startsWith("OPTIMIZE"))
                .extracting(ActionExecution::outcome).containsExactly(Outcome.SKIPPED);
        ExecutionReport inWindow = plan.execute(inWindow(Duration.ofMinutes(5)));
        assertThat(inWindow.executions()).extracting(ActionExecution::outcome).containsOnly(Outcome.SUCCEEDED);
    }

    @ParameterizedTest
    @MethodSource("servers")
    void aBusyMetadataLockIsRetriedWhileTheWindowLastsAndNeverQueuesOthersForLong(MariaDbEngine server)
            throws Exception {
        DataSource db = server.createDatabase("opt_busy");
        FragmentationCheckTest.fragmentedTable(db, "busy");
        MaintenancePlan plan = TableOptimizer.on(db).schemas("opt_busy").thresholds(FragmentationCheckTest.SMALL)
                .retryPause(Duration.ofMillis(300)).plan();
        try (Connection longTransaction = db.getConnection(); Connection reader = db.getConnection()) {
            longTransaction.setAutoCommit(false);
            try (Statement st = longTransaction.createStatement()) {
                st.executeQuery("SELECT COUNT(*) FROM busy").close();
            }
            CompletableFuture<ExecutionReport> running = CompletableFuture.supplyAsync(
                    () -> plan.execute(inWindow(Duration.ofSeconds(4))));
            long worstRead = 0;
            while (!running.isDone()) {
                long t0 = System.nanoTime();
                try (Statement st = reader.createStatement()) {
                    st.executeQuery("SELECT COUNT(*) FROM busy WHERE id = 10").close();
                }
                worstRead = Math.max(worstRead, (System.nanoTime() - t0) / 1_000_000);
                Thread.sleep(50);
            }
            ActionExecution e = running.get().executions().get(0);
            assertThat(e.outcome()).isEqualTo(Outcome.FAILED);
            assertThat(e.detail()).contains("gave up after").contains("attempts");
            assertThat(worstRead).as("a reader queued behind the rebuild's lock request, ms").isLessThan(1500);
            longTransaction.rollback();
        }
        assertThat(plan.execute(inWindow(Duration.ofMinutes(1))).executions())
                .extracting(ActionExecution::outcome).containsExactly(Outcome.SUCCEEDED);
    }

    @ParameterizedTest
    @MethodSource("servers")
    void cancellingKillsTheRunningStatement(MariaDbEngine server) throws Exception {
        DataSource db = server.createDatabase("opt_cancel");
        FragmentationCheckTest.fragmentedTable(db, "stuck");
        MaintenancePlan plan = TableOptimizer.on(db).schemas("opt_cancel").thresholds(FragmentationCheckTest.SMALL)
                .lockTimeout(Duration.ofSeconds(60)).plan();
        Cancellation cancellation = Cancellation.create();
        try (Connection longTransaction = db.getConnection()) {
            longTransaction.setAutoCommit(false);
            try (Statement st = longTransaction.createStatement()) {
                st.executeQuery("SELECT COUNT(*) FROM stuck").close();
            }
            long t0 = System.nanoTime();
            CompletableFuture<ExecutionReport> running = CompletableFuture.supplyAsync(() -> plan.execute(
                    ExecutionOptions.defaults().cancellation(cancellation)));
            Thread.sleep(1000);
            cancellation.cancel();
            ActionExecution e = running.get().executions().get(0);
            assertThat(e.outcome()).isEqualTo(Outcome.CANCELLED);
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
            longTransaction.rollback();
        }
    }
}

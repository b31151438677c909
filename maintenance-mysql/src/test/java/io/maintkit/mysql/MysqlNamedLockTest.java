package io.maintkit.mysql;

import static org.assertj.core.api.Assertions.assertThat;

import io.maintkit.core.ExecutionOptions;
import io.maintkit.core.ExecutionReport;
import io.maintkit.core.MaintenanceAction;
import io.maintkit.core.MaintenancePlan;
import io.maintkit.core.Outcome;
import io.maintkit.core.StepResult;
import io.maintkit.testkit.MariaDbEngine;
import io.maintkit.testkit.TestEngines;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** Two nodes, each with its own data source, racing on one plan under a MariaDB {@code GET_LOCK}. */
class MysqlNamedLockTest {

    private static final String NAME = "optimize `app`.'ördrë' \"x\"";

    private final MariaDbEngine engine = TestEngines.mariadb();
    private final DataSource nodeA = engine.dataSource("", engine.user(), engine.password());
    private final DataSource nodeB = engine.dataSource("", engine.user(), engine.password());
    private final AtomicInteger runs = new AtomicInteger();
    private final CountDownLatch running = new CountDownLatch(1);
    private final CountDownLatch finish = new CountDownLatch(1);

    private MaintenancePlan plan(String name, boolean blocking) {
        return new MaintenancePlan(name, List.of(MaintenanceAction.builder("t", "optimize").reason("because")
                .step(c -> {
                    runs.incrementAndGet();
                    if (blocking) {
                        running.countDown();
                        finish.await(20, TimeUnit.SECONDS);
                    }
                    return StepResult.done();
                }).build()));
    }

    private static ExecutionReport run(MaintenancePlan plan, DataSource node, String owner) {
        return plan.execute(ExecutionOptions.defaults().lock(MysqlNamedLock.on(node)).owner(owner));
    }

    private static Outcome outcome(ExecutionReport report) {
        return report.executions().get(0).outcome();
    }

    private long holderId(String name) throws SQLException {
        try (Connection c = engine.dataSource().getConnection();
                PreparedStatement st = c.prepareStatement("SELECT IS_USED_LOCK(?)")) {
            st.setString(1, MysqlNamedLock.lockName(name));
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    @Test
    void oneNodeRunsTheOtherSkipsNamingTheHolderAndTheLockIsFreeAfterwards() throws Exception {
        CompletableFuture<ExecutionReport> first = CompletableFuture.supplyAsync(() -> run(plan(NAME, true), nodeA,
                "a"));
        assertThat(running.await(20, TimeUnit.SECONDS)).isTrue();
        long holder = holderId(NAME);

        ExecutionReport second = run(plan(NAME, false), nodeB, "b");
        finish.countDown();

        assertThat(outcome(first.get(20, TimeUnit.SECONDS))).isEqualTo(Outcome.SUCCEEDED);
        assertThat(outcome(second)).isEqualTo(Outcome.SKIPPED);
        assertThat(second.executions().get(0).detail())
                .contains("is held by connection " + holder + " (" + engine.user() + "@127.0.0.1:")
                .containsPattern("idle for \\d+ s\\)");
        assertThat(runs).hasValue(1);
        assertThat(outcome(run(plan(NAME, false), nodeB, "b"))).as("released after success")
                .isEqualTo(Outcome.SUCCEEDED);
        assertThat(holderId(NAME)).as("no lock left behind").isZero();
    }

    @Test
    void killingTheHoldersConnectionFreesTheLockForTheNextRun() throws Exception {
        String longName = "retention of " + "a very long table name ".repeat(5) + NAME;
        CompletableFuture<ExecutionReport> first = CompletableFuture.supplyAsync(() -> run(plan(longName, true),
                nodeA, "a"));
        assertThat(running.await(20, TimeUnit.SECONDS)).isTrue();
        assertThat(outcome(run(plan(longName, false), nodeB, "b"))).as("a hashed long name is still one lock")
                .isEqualTo(Outcome.SKIPPED);

        Servers.execute(engine.dataSource(), "KILL " + holderId(longName));

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (holderId(longName) != 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(outcome(run(plan(longName, false), nodeB, "b")))
                .as("the server released the killed session's lock").isEqualTo(Outcome.SUCCEEDED);
        finish.countDown();
        assertThat(outcome(first.get(20, TimeUnit.SECONDS))).isEqualTo(Outcome.SUCCEEDED);
    }

    @Test
    void namesOverSixtyFourCharactersAreHashedStably() {
        String longName = "x".repeat(65);
        assertThat(MysqlNamedLock.lockName(NAME)).isEqualTo(NAME);
        assertThat(MysqlNamedLock.lockName(longName)).hasSize(64).startsWith("sha256:")
                .isEqualTo(MysqlNamedLock.lockName(longName))
                .isNotEqualTo(MysqlNamedLock.lockName("y".repeat(65)));
    }
}

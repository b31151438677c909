package io.maintkit.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.maintkit.core.ExecutionLock;
import io.maintkit.core.ExecutionOptions;
import io.maintkit.core.ExecutionReport;
import io.maintkit.core.MaintenanceAction;
import io.maintkit.core.MaintenancePlan;
import io.maintkit.core.Outcome;
import io.maintkit.core.StepResult;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** Two nodes, each with its own data source, racing on one plan under a PostgreSQL advisory lock. */
class PostgresAdvisoryLockTest {

    private static final String NAME = "vacuum \"app\" 'ördrë' @ db-1";

    private final DataSource nodeA = Pg.engine().dataSource("postgres", Pg.engine().user(), "");
    private final DataSource nodeB = Pg.engine().dataSource("postgres", Pg.engine().user(), "");
    private final AtomicInteger runs = new AtomicInteger();
    private final CountDownLatch running = new CountDownLatch(1);
    private final CountDownLatch finish = new CountDownLatch(1);

    private MaintenancePlan plan(boolean blocking) {
        return new MaintenancePlan(NAME, List.of(MaintenanceAction.builder("t", "vacuum").reason("because")
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
        return plan.execute(ExecutionOptions.defaults().lock(PostgresAdvisoryLock.on(node)).owner(owner));
    }

    private static Outcome outcome(ExecutionReport report) {
        return report.executions().get(0).outcome();
    }

    @Test
    void oneNodeRunsTheOtherSkipsNamingTheHolderAndTheLockIsFreeAfterwards() throws Exception {
        CompletableFuture<ExecutionReport> first = CompletableFuture.supplyAsync(() -> run(plan(true), nodeA,
                "host a pid 1"));
        assertThat(running.await(20, TimeUnit.SECONDS)).isTrue();

        ExecutionReport second = run(plan(false), nodeB, "host b pid 2");
        finish.countDown();

        assertThat(outcome(first.get(20, TimeUnit.SECONDS))).isEqualTo(Outcome.SUCCEEDED);
        assertThat(outcome(second)).isEqualTo(Outcome.SKIPPED);
        assertThat(second.executions().get(0).detail())
                .contains("is held by host a pid 1 (backend pid ")
                .contains("from 127.0.0.1, connected since ");
        assertThat(runs).hasValue(1);
        assertThat(outcome(run(plan(false), nodeB, "host b pid 2"))).as("released after success")
                .isEqualTo(Outcome.SUCCEEDED);
        assertThat(Pg.number(nodeA, "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'"))
                .as("no advisory lock left behind").isZero();
    }

    @Test
    void killingTheHoldersBackendFreesTheLockForTheNextRun() throws Exception {
        CompletableFuture<ExecutionReport> first = CompletableFuture.supplyAsync(() -> run(plan(true), nodeA,
                "doomed"));
        assertThat(running.await(20, TimeUnit.SECONDS)).isTrue();
        assertThat(outcome(run(plan(false), nodeB, "b"))).isEqualTo(Outcome.SKIPPED);

        Pg.exec(Pg.engine().dataSource(), "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                + " WHERE application_name = 'maintkit lock doomed'");

        awaitFree();
        assertThat(outcome(run(plan(false), nodeB, "b"))).as("the server released the dead session's lock")
                .isEqualTo(Outcome.SUCCEEDED);
        finish.countDown();
        assertThat(outcome(first.get(20, TimeUnit.SECONDS))).as("the killed node's work itself went on")
                .isEqualTo(Outcome.SUCCEEDED);
    }

    @Test
    void keysAreStableAcrossRunsAndNamespaces() throws Exception {
        assertThat(PostgresAdvisoryLock.key("maintkit", NAME)).isEqualTo(PostgresAdvisoryLock.key("maintkit", NAME))
                .isNotEqualTo(PostgresAdvisoryLock.key("other", NAME));
        try (ExecutionLock.Attempt a = PostgresAdvisoryLock.on(nodeA).tryLock(NAME, "a");
                ExecutionLock.Attempt b = PostgresAdvisoryLock.on(nodeB).namespace("other").tryLock(NAME, "b")) {
            assertThat(a.acquired()).isTrue();
            assertThat(b.acquired()).as("another namespace is another lock").isTrue();
        }
    }

    @Test
    void anOwnerNameWithQuotesAndNonAsciiCharactersIsReported() throws Exception {
        try (ExecutionLock.Attempt held = PostgresAdvisoryLock.on(nodeA).tryLock(NAME, "n\u0153ud 'b'; --");
                ExecutionLock.Attempt refused = PostgresAdvisoryLock.on(nodeB).tryLock(NAME, "c")) {
            assertThat(held.acquired()).isTrue();
            assertThat(refused.acquired()).isFalse();
            assertThat(refused.holder()).startsWith("n").contains("ud 'b'; -- (backend pid ");
        }
    }

    private void awaitFree() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (Pg.number(nodeB, "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'") > 0
                && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }
}

package io.maintkit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class MaintenancePlanTest {

    final List<String> ran = new ArrayList<>();

    MaintenanceAction action(String name, LockImpact impact, boolean destructive) {
        return MaintenanceAction.builder("t", name).reason("because").lockImpact(impact).destructive(destructive)
                .step(c -> {
                    ran.add(name);
                    return StepResult.done();
                }).build();
    }

    MaintenanceAction failing(String name) {
        return MaintenanceAction.builder("t", name).reason("because").step(c -> {
            ran.add(name);
            throw new IllegalStateException("lock timeout");
        }).build();
    }

    static List<Outcome> outcomes(ExecutionReport r) {
        return r.executions().stream().map(ActionExecution::outcome).toList();
    }

    @Test
    void destructiveAndFullyBlockingActionsRunOnlyWhenAllowed() {
        MaintenancePlan plan = new MaintenancePlan("p", List.of(
                action("analyze", LockImpact.NONE, false),
                action("delete", LockImpact.BLOCKS_WRITES, true),
                action("vacuum full", LockImpact.BLOCKS_READS_AND_WRITES, false)));

        ExecutionReport report = plan.execute(ExecutionOptions.defaults());

        assertThat(ran).containsExactly("analyze");
        assertThat(outcomes(report)).containsExactly(Outcome.SUCCEEDED, Outcome.SKIPPED, Outcome.SKIPPED);
        assertThat(report.executions().get(1).detail()).contains("allowDestructive");
        assertThat(report.executions().get(2).detail()).contains("maintenance window");

        ran.clear();
        Instant now = Instant.parse("2025-02-16T01:30:00Z");
        plan.execute(ExecutionOptions.defaults().allowDestructive(true)
                .window(MaintenanceWindow.once(now.minusSeconds(60), Duration.ofHours(1)))
                .clock(Clock.fixed(now, ZoneOffset.UTC)));
        assertThat(ran).containsExactly("analyze", "delete", "vacuum full");
    }

    @Test
    void nothingStartsWhileTheWindowIsClosed() {
        Instant now = Instant.parse("2025-02-16T05:00:00Z");
        MaintenancePlan plan = new MaintenancePlan("p", List.of(action("analyze", LockImpact.NONE, false)));

        ExecutionReport report = plan.execute(ExecutionOptions.defaults()
                .window(MaintenanceWindow.once(now.minus(Duration.ofHours(3)), Duration.ofHours(2)))
                .clock(Clock.fixed(now, ZoneOffset.UTC)));

        assertThat(ran).isEmpty();
        assertThat(outcomes(report)).containsExactly(Outcome.NOT_STARTED);
        assertThat(report.executions().get(0).detail()).startsWith("the maintenance window is closed");
    }

    @Test
    void aFailureStopsThePlanByDefaultOrIsPassedWhenAsked() {
        MaintenancePlan plan = new MaintenancePlan("p", List.of(
                failing("reindex"), action("analyze", LockImpact.NONE, false)));

        ExecutionReport stopped = plan.execute(ExecutionOptions.defaults());
        assertThat(outcomes(stopped)).containsExactly(Outcome.FAILED, Outcome.NOT_STARTED);
        assertThat(stopped.executions().get(0).detail()).isEqualTo("lock timeout");
        assertThat(stopped.executions().get(1).detail()).isEqualTo("an earlier action failed: reindex");

        ExecutionReport continued = plan.execute(ExecutionOptions.defaults()
                .onFailure(ExecutionOptions.OnFailure.CONTINUE));
        assertThat(outcomes(continued)).containsExactly(Outcome.FAILED, Outcome.SUCCEEDED);
    }

    @Test
    void anExecutionLastsAsLongAsItsActions() {
        MaintenancePlan plan = new MaintenancePlan("p", List.of(MaintenanceAction.builder("t", "sleep")
                .reason("because").step(c -> {
                    Thread.sleep(50);
                    return StepResult.done();
                }).build()));

        ExecutionReport report = plan.execute(ExecutionOptions.defaults());

        assertThat(report.duration()).isGreaterThanOrEqualTo(Duration.ofMillis(50))
                .isGreaterThanOrEqualTo(report.executions().get(0).duration());
    }

    @Test
    void withAFleetLockOneNodeRunsAndTheOtherSkipsNamingTheHolder() throws Exception {
        ExecutionLock fleet = ExecutionLock.inProcess();
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        MaintenancePlan plan = new MaintenancePlan("vacuum app@db-1", List.of(MaintenanceAction.builder("t",
                "vacuum").reason("because").step(c -> {
                    running.countDown();
                    finish.await(10, TimeUnit.SECONDS);
                    return StepResult.done();
                }).build()));
        List<ExecutionReport> first = new ArrayList<>();
        Thread nodeA = new Thread(() -> first.add(plan.execute(ExecutionOptions.defaults().lock(fleet).owner("a"))));
        nodeA.start();
        assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();

        ExecutionReport second = plan.execute(ExecutionOptions.defaults().lock(fleet).owner("b"));
        finish.countDown();
        nodeA.join(10_000);

        assertThat(outcomes(first.get(0))).containsExactly(Outcome.SUCCEEDED);
        assertThat(first.get(0).duration()).as("the execution lasts at least as long as its action")
                .isGreaterThanOrEqualTo(first.get(0).executions().get(0).duration());
        assertThat(outcomes(second)).containsExactly(Outcome.SKIPPED);
        assertThat(second.executions().get(0).detail())
                .startsWith("the execution lock vacuum app@db-1 is held by a since");
        assertThat(outcomes(plan.execute(ExecutionOptions.defaults().lock(fleet).owner("b"))))
                .as("the lock is free once the holder is done").containsExactly(Outcome.SUCCEEDED);
    }

    @Test
    void aFleetLockThatCannotBeReachedRunsNothing() {
        ExecutionLock unreachable = (name, owner) -> {
            throw new java.io.IOException("connection refused");
        };
        MaintenancePlan plan = new MaintenancePlan("p", List.of(action("analyze", LockImpact.NONE, false)));

        ExecutionReport report = plan.execute(ExecutionOptions.defaults().lock(unreachable));

        assertThat(ran).isEmpty();
        assertThat(outcomes(report)).containsExactly(Outcome.COULD_NOT_RUN);
        assertThat(report.executions().get(0).detail()).contains("cannot take the execution lock p")
                .contains("connection refused");
    }

    @Test
    void anExecutionSpeaksTheCommonLanguageOfReports() {
        MaintenancePlan plan = new MaintenancePlan("p", List.of(
                failing("reindex"), action("analyze", LockImpact.NONE, false)));

        Report report = plan.execute(ExecutionOptions.defaults());

        assertThat(report.worst()).isEqualTo(Severity.CRITICAL);
        assertThat(report.findings()).extracting(Finding::kind, Finding::severity).containsExactly(
                tuple("action-failed", Severity.CRITICAL),
                tuple("action-not-started", Severity.INFO));
        assertThat(report.findings().get(0).summary()).isEqualTo("FAILED: reindex (lock timeout)");
    }

    @Test
    void cancellingStopsTheRunningActionAndStartsNoOther() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch released = new CountDownLatch(1);
        MaintenanceAction slow = MaintenanceAction.builder("t", "vacuum").reason("because").step(c -> {
            try (AutoCloseable registration = c.onCancel(released::countDown)) {
                started.countDown();
                released.await();
                if (c.isCancelled()) {
                    throw new IllegalStateException("canceling statement due to user request");
                }
                return StepResult.done();
            }
        }).build();
        MaintenancePlan plan = new MaintenancePlan("p", List.of(slow, action("analyze", LockImpact.NONE, false)));
        Cancellation cancellation = Cancellation.create();
        List<String> heard = new ArrayList<>();

        Thread canceller = new Thread(() -> {
            try {
                if (started.await(5, TimeUnit.SECONDS)) {
                    cancellation.cancel();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        canceller.start();
        ExecutionReport report = plan.execute(ExecutionOptions.defaults().cancellation(cancellation)
                .listener(new ExecutionListener() {
                    @Override
                    public void actionFinished(ActionExecution execution) {
                        heard.add(execution.action().command() + " " + execution.outcome());
                    }
                }));
        canceller.join();

        assertThat(outcomes(report)).containsExactly(Outcome.CANCELLED, Outcome.NOT_STARTED);
        assertThat(report.executions().get(1).detail()).isEqualTo("cancelled");
        assertThat(ran).isEmpty();
        assertThat(heard).containsExactly("vacuum CANCELLED", "analyze NOT_STARTED");
    }

    @Test
    void aPlanDescribesEveryActionForAnOperator() {
        MaintenanceAction vacuumFull = MaintenanceAction.builder("public.orders", "VACUUM FULL public.orders")
                .reason("62.0% bloat (1.2 GiB)").lockImpact(LockImpact.BLOCKS_READS_AND_WRITES)
                .cost(EstimatedCost.reading(DataSize.ofGigabytes(2)).needingExtraDisk(DataSize.ofMegabytes(800)))
                .step(c -> StepResult.done()).build();

        String text = new MaintenancePlan("vacuum app", List.of(vacuumFull)).describe();

        assertThat(text).contains("VACUUM FULL public.orders", "why:   62.0% bloat (1.2 GiB)",
                "locks: blocks reads and writes", "cost:  reads 2.0 GiB, needs 800.0 MiB extra disk");
        assertThat(new MaintenancePlan("empty", List.of()).describe()).isEqualTo("Plan empty: nothing to do\n");
    }
}

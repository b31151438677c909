package io.maintkit.test;

import io.maintkit.core.ActionExecution;
import io.maintkit.core.CheckResult;
import io.maintkit.core.ExecutionReport;
import io.maintkit.core.Finding;
import io.maintkit.core.Findings;
import io.maintkit.core.LockImpact;
import io.maintkit.core.MaintenanceAction;
import io.maintkit.core.MaintenancePlan;
import io.maintkit.core.Outcome;
import io.maintkit.core.Report;
import io.maintkit.core.Severity;
import io.maintkit.core.StepResult;
import io.maintkit.core.SuiteResult;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static io.maintkit.test.MaintkitAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReportAssertTest {

    static final Instant T0 = Instant.parse("2026-11-30T02:00:00Z");
    static final Finding DUPLICATE = Finding.of("postgres.indexes", "duplicate-index", "public.orders_again",
            Severity.WARNING, "duplicate of index public.orders_customer on public.orders (552.0 KiB to drop)");
    static final Finding FK = Finding.of("postgres.indexes", "fk-without-index", "public.lines",
            Severity.WARNING, "foreign key lines_order_fk (order_id) has no index leading with its columns");
    static final Finding SIZE = Finding.of("postgres.size", "database-size", "app", Severity.INFO,
            "database size 36.8 MiB");
    static final Report SCHEMA = () -> List.of(DUPLICATE, FK, SIZE);

    @Test
    void aHealthyReportPasses() {
        Report healthy = () -> List.of(SIZE);
        assertThatCode(() -> assertThat(healthy).completed().hasNoFindingsWorseThan(Severity.INFO)
                .hasOnlyFindingsOfKind("database-size")).doesNotThrowAnyException();
    }

    @Test
    void aFailureListsTheOffendingFindingsLikeAnOperatorsReport() {
        assertThatThrownBy(() -> assertThat(SCHEMA).hasNoFindingsWorseThan(Severity.INFO))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Expected no findings worse than INFO, but found 2:")
                .hasMessageContaining("WARNING   postgres.indexes  duplicate-index   public.orders_again  duplicate of index")
                .hasMessageContaining("WARNING   postgres.indexes  fk-without-index  public.lines         foreign key lines_order_fk")
                .hasMessageNotContaining("database size");
    }

    @Test
    void acceptedFindingsAreLeftOutByPredicate() {
        assertThatCode(() -> assertThat(SCHEMA)
                .ignoring(Findings.ofKind("duplicate-index"))
                .ignoring(Findings.aboutSubject("public.li*"))
                .hasNoFindingsWorseThan(Severity.INFO)).doesNotThrowAnyException();
        assertThatThrownBy(() -> assertThat(SCHEMA).ignoring(Findings.ofKind("duplicate-index"))
                .hasNoFindingsWorseThan(Severity.INFO))
                .hasMessageContaining("found 1:").hasMessageContaining("public.lines");
    }

    @Test
    void hasFindingAndHasOnlyFindingsOfKindNameWhatWasFound() {
        assertThatCode(() -> assertThat(SCHEMA).hasFinding("duplicate-index", "public.orders_again"))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> assertThat(SCHEMA).hasFinding("duplicate-index", "public.lines"))
                .hasMessageContaining("Expected a finding of kind duplicate-index about public.lines, but found 3:")
                .hasMessageContaining("public.orders_again");
        assertThatThrownBy(() -> assertThat(SCHEMA).hasOnlyFindingsOfKind("duplicate-index", "database-size"))
                .hasMessageContaining("Expected only findings of kind database-size, duplicate-index,"
                        + " but found 1 other:")
                .hasMessageContaining("fk-without-index").hasMessageNotContaining("orders_again");
    }

    @Test
    void aCheckThatCouldNotRunFailsCompletedWithItsReason() {
        CheckResult denied = CheckResult.couldNotRun("postgres.queries", "db-1/app", T0, Duration.ofMillis(3),
                "permission denied for view pg_stat_statements");
        SuiteResult suite = new SuiteResult("postgres", T0, Duration.ofMillis(5), List.of(denied,
                CheckResult.completed("postgres.size", "db-1/app", T0, Duration.ofMillis(2), List.of(SIZE))));

        assertThatThrownBy(() -> assertThat(denied).completed())
                .hasMessageContaining("postgres.queries on db-1/app: permission denied for view pg_stat_statements");
        assertThatThrownBy(() -> assertThat(suite).completed())
                .hasMessageContaining("but 1 did not")
                .hasMessageContaining("postgres.queries on db-1/app: permission denied");
        assertThatCode(() -> assertThat(suite).hasNoFindingsWorseThan(Severity.INFO)).doesNotThrowAnyException();
    }

    @Test
    void anExecutedPlanCompletedOnlyWhenEveryActionSucceeded() {
        MaintenanceAction vacuum = MaintenanceAction.builder("public.orders", "VACUUM (ANALYZE) public.orders")
                .reason("dead tuples").step(c -> StepResult.done()).build();
        ExecutionReport report = new ExecutionReport("vacuum", T0, Duration.ofSeconds(1), List.of(
                new ActionExecution(vacuum, Outcome.FAILED, "lock timeout", T0, Duration.ofSeconds(1), List.of())));

        assertThatThrownBy(() -> assertThat(report).completed())
                .hasMessageContaining("FAILED VACUUM (ANALYZE) public.orders: lock timeout");
        assertThatThrownBy(() -> assertThat(report).hasNoFindingsWorseThan(Severity.WARNING))
                .hasMessageContaining("CRITICAL  core.execution  action-failed  public.orders");
    }

    @Test
    void planAssertionsNameTheActionsThatWouldLockOrDestroy() {
        MaintenancePlan plan = new MaintenancePlan("retention", List.of(
                MaintenanceAction.builder("public.audit", "DELETE FROM public.audit WHERE ...").reason("older than 90d")
                        .lockImpact(LockImpact.BLOCKS_WRITES).destructive(true).step(c -> StepResult.done()).build(),
                MaintenanceAction.builder("public.audit", "ANALYZE public.audit").reason("after removal")
                        .step(c -> StepResult.done()).build()));

        assertThatCode(() -> assertThat(plan).hasNoActionsBlocking(LockImpact.BLOCKS_READS_AND_WRITES))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> assertThat(plan).hasNoActionsBlocking(LockImpact.BLOCKS_WRITES))
                .hasMessageContaining("Expected no actions that blocks writes in plan retention, but found 1:")
                .hasMessageContaining("DELETE FROM public.audit WHERE ...  [BLOCKS_WRITES, destructive] older than 90d");
        assertThatThrownBy(() -> assertThat(plan).hasNoDestructiveActions())
                .hasMessageContaining("DELETE FROM public.audit");
        assertThatThrownBy(() -> assertThat(plan).isEmpty()).hasMessageContaining("found 2");
    }
}

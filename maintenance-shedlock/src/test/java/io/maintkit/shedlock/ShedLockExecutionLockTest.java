package io.maintkit.shedlock;

import io.maintkit.core.ActionExecution;
import io.maintkit.core.ExecutionLock;
import io.maintkit.core.ExecutionOptions;
import io.maintkit.core.ExecutionReport;
import io.maintkit.core.MaintenanceAction;
import io.maintkit.core.MaintenancePlan;
import io.maintkit.core.Outcome;
import io.maintkit.core.StepResult;
import io.maintkit.testkit.PostgresEngine;
import io.maintkit.testkit.TestEngines;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

import net.javacrumbs.shedlock.provider.jdbctemplate.JdbcTemplateLockProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Two nodes, each with its own connections and its own ShedLock JDBC provider over one PostgreSQL table, as a fleet
 * of two JVMs would have.
 */
class ShedLockExecutionLockTest {

    static DataSource admin;
    static PostgresEngine postgres;

    @BeforeAll
    static void shedLockTable() throws SQLException {
        postgres = TestEngines.postgres();
        admin = postgres.createDatabase("shedlock_fleet");
        try (Connection c = admin.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE shedlock (name VARCHAR(64) NOT NULL PRIMARY KEY, lock_until TIMESTAMP NOT NULL,"
                    + " locked_at TIMESTAMP NOT NULL, locked_by VARCHAR(255) NOT NULL)");
        }
    }

    /** A node: its own data source (a new physical connection each time) and its own provider. */
    static ShedLockExecutionLock node() {
        DataSource own = postgres.dataSource("shedlock_fleet", postgres.user(), postgres.password());
        return ShedLockExecutionLock.on(new JdbcTemplateLockProvider(own));
    }

    static MaintenancePlan plan(String name, AtomicInteger ran, CountDownLatch holdUntil) {
        MaintenanceAction action = MaintenanceAction.builder("orders", "rebuild orders").reason("test")
                .step(context -> {
                    ran.incrementAndGet();
                    holdUntil.await(10, TimeUnit.SECONDS);
                    return StepResult.done();
                }).build();
        return new MaintenancePlan(name, List.of(action));
    }

    static String lockedBy(String shedLockName) throws SQLException {
        try (Connection c = admin.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT locked_by FROM shedlock WHERE name = ?")) {
            s.setString(1, shedLockName);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    @Test
    void twoNodesRaceExactlyOneExecutesAndTheOtherSkipsSayingShedLockCannotNameTheHolder() throws Exception {
        AtomicInteger ran = new AtomicInteger();
        CountDownLatch oneReturned = new CountDownLatch(1);
        MaintenancePlan plan = plan("race rebuild orders", ran, oneReturned);
        CyclicBarrier start = new CyclicBarrier(2);
        ExecutorService nodes = Executors.newFixedThreadPool(2);
        try {
            List<Future<ExecutionReport>> runs = List.of("node-a", "node-b").stream().map(owner -> {
                ExecutionOptions options = ExecutionOptions.defaults().lock(node()).owner(owner);
                return nodes.submit(() -> {
                    start.await(10, TimeUnit.SECONDS);
                    ExecutionReport report = plan.execute(options);
                    oneReturned.countDown();
                    return report;
                });
            }).toList();
            List<ActionExecution> outcomes = List.of(runs.get(0).get(30, TimeUnit.SECONDS).executions().get(0),
                    runs.get(1).get(30, TimeUnit.SECONDS).executions().get(0));

            assertThat(ran).hasValue(1);
            assertThat(outcomes).extracting(ActionExecution::outcome)
                    .containsExactlyInAnyOrder(Outcome.SUCCEEDED, Outcome.SKIPPED);
            assertThat(outcomes).filteredOn(e -> e.outcome() == Outcome.SKIPPED).singleElement()
                    .satisfies(e -> assertThat(e.detail()).isEqualTo("the execution lock race rebuild orders is held"
                            + " by another node: ShedLock's LockProvider does not say which (the lock store's record"
                            + " of \"maintkit race rebuild orders\" may name it)"));
            assertThat(lockedBy("maintkit race rebuild orders")).isNotBlank();
        } finally {
            nodes.shutdownNow();
        }
    }

    @Test
    void aReleasedLockStaysHeldForLockAtLeastForAndIsFreeWithoutIt() throws Exception {
        ExecutionLock lingering = node().lockAtLeastFor(Duration.ofMinutes(1));
        lingering.tryLock("short tier", "node-a").close();
        try (ExecutionLock.Attempt again = node().tryLock("short tier", "node-b")) {
            assertThat(again.acquired()).isFalse();
        }

        node().lockAtLeastFor(Duration.ZERO).tryLock("free tier", "node-a").close();
        try (ExecutionLock.Attempt again = node().tryLock("free tier", "node-b")) {
            assertThat(again.acquired()).isTrue();
        }
    }

    @Test
    void aHolderThatDiesWithoutReleasingFreesTheLockWhenLockAtMostForEnds() throws Exception {
        ExecutionLock.Attempt dead = node().lockAtMostFor(Duration.ofSeconds(1)).tryLock("vacuum app", "node-a");
        assertThat(dead.acquired()).isTrue();
        try (ExecutionLock.Attempt meanwhile = node().tryLock("vacuum app", "node-b")) {
            assertThat(meanwhile.acquired()).isFalse();
        }

        Thread.sleep(1_500);

        try (ExecutionLock.Attempt next = node().tryLock("vacuum app", "node-b")) {
            assertThat(next.acquired()).isTrue();
        }
    }

    @Test
    void longNamesFitShedLocksColumnAndStayDistinct() throws Exception {
        String base = "vacuum \"app\" 'ördrë' @ db-1 and a very long tail of schema names: public, billing, ";
        ShedLockExecutionLock lock = node();
        String one = lock.shedLockName(base + "audit");
        String two = lock.shedLockName(base + "archive");

        assertThat(one).hasSize(ShedLockExecutionLock.MAX_NAME_LENGTH).isNotEqualTo(two)
                .isEqualTo(node().shedLockName(base + "audit"));
        try (ExecutionLock.Attempt held = lock.lockAtLeastFor(Duration.ZERO).tryLock(base + "audit", "node-a")) {
            assertThat(held.acquired()).isTrue();
            assertThat(lockedBy(one)).isNotBlank();
        }
    }

    @Test
    void aLockStoreThatCannotBeReachedRunsNothing() {
        DataSource nowhere = postgres.dataSource("no_such_database", postgres.user(), postgres.password());
        ExecutionLock lock = ShedLockExecutionLock.on(new JdbcTemplateLockProvider(nowhere));
        AtomicInteger ran = new AtomicInteger();

        ExecutionReport report = plan("unreachable", ran, new CountDownLatch(0))
                .execute(ExecutionOptions.defaults().lock(lock));

        assertThat(ran).hasValue(0);
        assertThat(report.executions()).extracting(ActionExecution::outcome).containsExactly(Outcome.COULD_NOT_RUN);
    }

    @Test
    void leasesAreValidated() {
        ShedLockExecutionLock lock = node();
        assertThatThrownBy(() -> lock.lockAtMostFor(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> lock.lockAtLeastFor(Duration.ofHours(7)))
                .hasMessageContaining("lockAtLeastFor must be between zero and lockAtMostFor");
        assertThat(lock.lockAtMostFor(Duration.ofSeconds(10))).hasToString(
                "ShedLockExecutionLock[JdbcTemplateLockProvider, at most 10s, at least 10s]");
    }
}

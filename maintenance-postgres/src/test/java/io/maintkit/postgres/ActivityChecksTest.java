package io.maintkit.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.maintkit.core.DataSize;
import io.maintkit.core.Finding;
import io.maintkit.core.Severity;
import io.maintkit.core.Threshold;
import io.maintkit.postgres.ConnectionReport.SessionProblem;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Connections, replication slots and statements, provoked with real sessions. */
class ActivityChecksTest {

    private static final Threshold<Duration> AT_ONCE = Threshold.above(Duration.ZERO, Duration.ofHours(1));
    private static DataSource db;

    @BeforeAll
    static void setUp() {
        db = Pg.engine().createDatabase("health_activity");
        Pg.exec(db, "CREATE TABLE accounts (id int PRIMARY KEY, balance int)",
                "INSERT INTO accounts SELECT g, 100 FROM generate_series(1, 10) g",
                "CREATE EXTENSION pg_stat_statements");
    }

    @Test
    void idleInTransactionAndBlockedSessionsWithTheirBlocker() throws Exception {
        try (Connection holder = db.getConnection(); Connection waiter = db.getConnection()) {
            int holderPid = pid(holder);
            int waiterPid = pid(waiter);
            holder.setAutoCommit(false);
            try (Statement st = holder.createStatement()) {
                st.execute("UPDATE accounts SET balance = balance - 1 WHERE id = 1");
            }
            CompletableFuture<Void> blocked = CompletableFuture.runAsync(() -> {
                try (Statement st = waiter.createStatement()) {
                    st.execute("UPDATE accounts SET balance = balance + 1 WHERE id = 1");
                } catch (java.sql.SQLException e) {
                    // cancelled below
                }
            });
            awaitLockWait(waiterPid);

            ConnectionReport report = ConnectionCheck.on(db).idleInTransaction(AT_ONCE).lockWait(AT_ONCE).inspect();

            Finding idle = Pg.about(report, "pid " + holderPid).get(0);
            assertThat(idle.kind()).isEqualTo("idle-in-transaction");
            assertThat(idle.details()).containsEntry("database", "health_activity");
            Finding waiting = Pg.about(report, "pid " + waiterPid).get(0);
            assertThat(waiting.kind()).isEqualTo("lock-wait");
            // the operator reads who blocks and what the blocker ran
            assertThat(waiting.summary()).contains("blocked by pid " + holderPid)
                    .contains("UPDATE accounts SET balance = balance - 1");
            assertThat(waiting.details().get("query")).contains("balance + 1");
            assertThat(report.sessions()).filteredOn(p -> p.pid() == waiterPid).singleElement()
                    .satisfies(p -> assertThat(p.type()).isEqualTo(SessionProblem.Type.LOCK_WAIT))
                    .satisfies(p -> assertThat(p.blockingPids()).containsExactly((long) holderPid))
                    .satisfies(p -> assertThat(p.query()).contains("balance + 1"));
            assertThat(report.sessions()).filteredOn(p -> p.pid() == holderPid).singleElement()
                    .satisfies(p -> assertThat(p.type()).isEqualTo(SessionProblem.Type.IDLE_IN_TRANSACTION))
                    .satisfies(p -> assertThat(p.database()).isEqualTo("health_activity"));

            assertThat(Pg.above(ConnectionCheck.on(db).inspect(), Severity.INFO)).isEmpty();
            holder.rollback();
            blocked.get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void inactiveReplicationSlotIsAFinding() throws Exception {
        Pg.exec(db, "SELECT pg_create_physical_replication_slot('maintkit_test_slot', true)");
        try {
            ReplicationReport report = ReplicationCheck.on(db)
                    .slotRetained(Threshold.above(DataSize.ofBytes(1), DataSize.ofGigabytes(10))).inspect();

            Finding slot = Pg.about(report, "slot maintkit_test_slot").get(0);
            assertThat(slot.severity()).isEqualTo(Severity.WARNING);
            assertThat(slot.kind()).isEqualTo("slot-inactive");
            assertThat(slot.details()).containsEntry("active", "false");
            assertThat(report.standby()).isFalse();
            assertThat(report.slots()).filteredOn(s -> s.name().equals("maintkit_test_slot")).singleElement()
                    .satisfies(s -> assertThat(s.active()).isFalse())
                    .satisfies(s -> assertThat(s.type()).isEqualTo("physical"));
        } finally {
            Pg.exec(db, "SELECT pg_drop_replication_slot('maintkit_test_slot')");
        }
        assertThat(Pg.above(ReplicationCheck.on(db).inspect(), Severity.INFO)).isEmpty();
    }

    @Test
    void slowStatementsFromPgStatStatements() throws Exception {
        Pg.exec(db, "SELECT pg_stat_statements_reset()");
        for (int i = 0; i < 3; i++) {
            Pg.exec(db, "SELECT pg_sleep(0.03), 'maintkit-slow'");
        }
        QueryReport report = QueryCheck.on(db).minimumCalls(3)
                .meanTime(Threshold.above(Duration.ofMillis(20), Duration.ofSeconds(10))).inspect();

        Finding slow = report.findings().stream().filter(f -> f.details().getOrDefault("query", "")
                .contains("pg_sleep")).findFirst().orElseThrow();
        assertThat(slow.severity()).isEqualTo(Severity.WARNING);
        assertThat(slow.kind()).isEqualTo("slow-query");
        assertThat(report.statements()).filteredOn(q -> q.query().contains("pg_sleep")).singleElement()
                .satisfies(q -> assertThat(q.calls()).isEqualTo(3))
                .satisfies(q -> assertThat(q.mean()).isGreaterThanOrEqualTo(Duration.ofMillis(30)));
        assertThat(slow.measurement("calls").orElseThrow().value()).isEqualTo(3);
        assertThat(slow.measurement("mean_time").orElseThrow().value()).isGreaterThanOrEqualTo(0.03);

        DataSource bare = Pg.engine().createDatabase("health_activity_no_pgss");
        QueryReport missing = QueryCheck.on(bare).inspect();
        assertThat(missing.worst()).isEqualTo(Severity.UNKNOWN);
        assertThat(missing.findings().get(0).kind()).isEqualTo("pg-stat-statements-missing");
        assertThat(missing.extensionVersion()).isEmpty();
    }

    @Test
    void extensionVersionsCompareNumerically() {
        assertThat(QueryCheck.compareVersions("1.10", "1.8")).isPositive();
        assertThat(QueryCheck.compareVersions("1.7", "1.8")).isNegative();
        assertThat(QueryCheck.compareVersions("1.8", "1.8")).isZero();
    }

    private static int pid(Connection c) throws Exception {
        try (Statement st = c.createStatement(); var rs = st.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static void awaitLockWait(int pid) throws InterruptedException {
        for (int i = 0; i < 200; i++) {
            if (Pg.number(db, "SELECT count(*) FROM pg_stat_activity WHERE pid = " + pid
                    + " AND wait_event_type = 'Lock'") > 0) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("session " + pid + " never waited on the lock");
    }
}

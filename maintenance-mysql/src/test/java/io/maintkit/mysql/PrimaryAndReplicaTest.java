package io.maintkit.mysql;

import static io.maintkit.mysql.Servers.execute;
import static io.maintkit.mysql.Servers.queryString;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.maintkit.core.ActionExecution;
import io.maintkit.core.ExecutionOptions;
import io.maintkit.core.Finding;
import io.maintkit.core.MaintenanceAction;
import io.maintkit.core.Outcome;
import io.maintkit.core.Severity;
import io.maintkit.core.Threshold;
import io.maintkit.testkit.SystemMariaDb;

import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A real primary and replica: two of the system's MariaDB, the second replicating from the first. */
class PrimaryAndReplicaTest {

    private static SystemMariaDb primary;
    private static SystemMariaDb replica;

    @BeforeAll
    static void startPrimaryAndReplica() throws Exception {
        Assumptions.assumeTrue(SystemMariaDb.unavailableReason().isEmpty(),
                () -> "replication tests skipped: " + SystemMariaDb.unavailableReason().orElse(""));
        primary = SystemMariaDb.start("--server-id=11");
        replica = SystemMariaDb.start("--server-id=12", "--log-slave-updates=OFF");
        execute(replica.dataSource(), "CHANGE MASTER TO MASTER_HOST = '127.0.0.1', MASTER_PORT = " + primary.port()
                + ", MASTER_USER = 'root', MASTER_PASSWORD = '', MASTER_CONNECT_RETRY = 1", "START SLAVE");
        execute(primary.dataSource(), "CREATE DATABASE app", "CREATE TABLE app.t (id INT PRIMARY KEY)",
                "INSERT INTO app.t VALUES (1)");
        awaitRow(1);
    }

    @AfterAll
    static void stop() {
        if (replica != null) {
            replica.stop();
        }
        if (primary != null) {
            primary.stop();
        }
    }

    /**
     * Ends the primary's dump thread of the stopped replica, as a replica that is gone: a stopped replica's dump
     * thread lingers until the primary next writes to it, and the server refuses to purge a log one is reading.
     */
    private static void disconnect(DataSource primary) throws Exception {
        String ids = queryString(primary, "SELECT GROUP_CONCAT(ID) FROM information_schema.PROCESSLIST"
                + " WHERE COMMAND LIKE 'Binlog Dump%'");
        if (ids != null) {
            for (String id : ids.split(",")) {
                execute(primary, "KILL " + Long.parseLong(id.trim()));
            }
        }
        for (int i = 0; i < 200; i++) {
            if ("0".equals(queryString(primary, "SELECT COUNT(*) FROM information_schema.PROCESSLIST"
                    + " WHERE COMMAND LIKE 'Binlog Dump%'"))) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the primary still serves the stopped replica");
    }

    private static void awaitRow(int id) throws Exception {
        for (int i = 0; i < 200; i++) {
            try {
                if ("1".equals(queryString(replica.dataSource(), "SELECT COUNT(*) FROM app.t WHERE id = " + id))) {
                    return;
                }
            } catch (SQLException e) {
                // not there yet
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the replica did not catch up");
    }

    @Test
    void aRunningReplicaIsHealthyAndNamesTheLogItStillNeeds() throws SQLException {
        ReplicationReport report = ReplicationCheck.on(replica.dataSource()).inspect();

        assertThat(report.findings()).isEmpty();
        assertThat(report.channels()).singleElement().satisfies(c -> {
            assertThat(c.ioThread()).isEqualTo("Yes");
            assertThat(c.sqlThread()).isEqualTo("Yes");
            assertThat(c.source()).isEqualTo("127.0.0.1:" + primary.port());
            assertThat(c.executedLogFile()).startsWith("mariadb-bin.");
        });
        assertThat(ReplicationCheck.on(primary.dataSource()).inspect().channels()).isEmpty();
    }

    @Test
    void lagAndAStoppedSqlThreadAreReported() throws Exception {
        DataSource r = replica.dataSource();
        execute(r, "STOP SLAVE", "CHANGE MASTER TO MASTER_DELAY = 4", "START SLAVE");
        try {
            execute(primary.dataSource(), "INSERT INTO app.t VALUES (2)");
            Thread.sleep(2500);
            ReplicationReport lagging = ReplicationCheck.on(r)
                    .lag(Threshold.above(Duration.ofSeconds(1), Duration.ofHours(1))).inspect();
            assertThat(lagging.findings()).extracting(Finding::kind, Finding::severity)
                    .containsExactly(tuple("replica-lag", Severity.WARNING));
            awaitRow(2);
        } finally {
            execute(r, "STOP SLAVE", "CHANGE MASTER TO MASTER_DELAY = 0", "START SLAVE");
        }

        execute(r, "STOP SLAVE SQL_THREAD");
        try {
            ReplicationReport stopped = ReplicationCheck.on(r).inspect();
            assertThat(stopped.findings()).extracting(Finding::kind, Finding::severity)
                    .containsExactly(tuple("replica-sql-stopped", Severity.CRITICAL));
            assertThat(stopped.worst()).isEqualTo(Severity.CRITICAL);
        } finally {
            execute(r, "START SLAVE SQL_THREAD");
        }
    }

    @Test
    void aPurgeNeverPassesTheLogADisconnectedReplicaNeeds() throws Exception {
        DataSource p = primary.dataSource();
        execute(p, "FLUSH BINARY LOGS", "INSERT INTO app.t VALUES (10)");
        awaitRow(10);
        execute(replica.dataSource(), "STOP SLAVE");
        disconnect(p);
        try {
            String needed = ReplicationCheck.on(replica.dataSource()).inspect().channels().get(0).executedLogFile();
            execute(p, "FLUSH BINARY LOGS", "INSERT INTO app.t VALUES (11)", "FLUSH BINARY LOGS",
                    "INSERT INTO app.t VALUES (12)");
            String newest = lastLog(p);

            BinlogPurgeReport blind = BinlogRetention.on(p).retention(Duration.ZERO).inspect();
            assertThat(blind.plan().actions()).extracting(MaintenanceAction::command)
                    .containsExactly("PURGE BINARY LOGS TO '" + newest + "'");
            BinlogPurgeReport safe = BinlogRetention.on(p).retention(Duration.ZERO).replicas(replica.dataSource())
                    .inspect();
            assertThat(safe.plan().actions()).extracting(MaintenanceAction::command)
                    .containsExactly("PURGE BINARY LOGS TO '" + needed + "'");
            assertThat(safe.plan().actions().get(0).destructive()).isTrue();
            assertThat(BinlogRetention.on(p).retention(Duration.ZERO).keepFrom(needed).plan().actions())
                    .extracting(MaintenanceAction::command).containsExactly("PURGE BINARY LOGS TO '" + needed + "'");
            assertThat(BinlogRetention.on(p).inspect().plan().isEmpty()).as("nothing is a week old").isTrue();

            assertThat(safe.plan().execute(ExecutionOptions.defaults()).executions())
                    .extracting(ActionExecution::outcome).containsExactly(Outcome.SKIPPED);
            assertThat(safe.plan().execute(ExecutionOptions.defaults().allowDestructive(true)).executions())
                    .extracting(ActionExecution::outcome).containsExactly(Outcome.SUCCEEDED);
            assertThat(firstLog(p)).isEqualTo(needed);
        } finally {
            execute(replica.dataSource(), "START SLAVE");
        }
        awaitRow(12);
        assertThat(ReplicationCheck.on(replica.dataSource()).inspect().findings()).isEmpty();
    }

    private static String lastLog(DataSource ds) throws SQLException {
        List<BinaryLog> logs = BinlogCheck.on(ds).inspect().logs();
        return logs.get(logs.size() - 1).name();
    }

    private static String firstLog(DataSource ds) throws SQLException {
        return BinlogCheck.on(ds).inspect().logs().get(0).name();
    }
}

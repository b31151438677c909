package io.maintkit.mysql;

import static io.maintkit.mysql.Servers.execute;
import static io.maintkit.mysql.Servers.queryString;
import static org.assertj.core.api.Assertions.assertThat;

import io.maintkit.core.ArchiveSink;
import io.maintkit.core.ExecutionOptions;
import io.maintkit.core.MaintenanceWindow;
import io.maintkit.core.Outcome;
import io.maintkit.testkit.SystemMariaDb;

import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Table retention beside a real replica (two of the system's MariaDB): it waits while the replica cannot keep up. */
class RetentionReplicaLagTest {

    private static SystemMariaDb primary;
    private static SystemMariaDb replica;
    private static DataSource app;

    @TempDir
    Path dir;

    @BeforeAll
    static void startPrimaryAndReplica() throws Exception {
        Assumptions.assumeTrue(SystemMariaDb.unavailableReason().isEmpty(),
                () -> "replica lag tests skipped: " + SystemMariaDb.unavailableReason().orElse(""));
        primary = SystemMariaDb.start("--server-id=31");
        replica = SystemMariaDb.start("--server-id=32", "--log-slave-updates=OFF");
        execute(replica.dataSource(), "CHANGE MASTER TO MASTER_HOST = '127.0.0.1', MASTER_PORT = " + primary.port()
                + ", MASTER_USER = 'root', MASTER_PASSWORD = '', MASTER_CONNECT_RETRY = 1", "START SLAVE");
        execute(primary.dataSource(), "CREATE DATABASE app");
        app = primary.dataSource("app", primary.user(), primary.password());
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

    private static void awaitReplicaRows(String table, String expected) throws Exception {
        for (int i = 0; i < 400; i++) {
            try {
                if (expected.equals(queryString(replica.dataSource(), "SELECT COUNT(*) FROM app." + table))) {
                    return;
                }
            } catch (SQLException e) {
                // the table has not reached the replica yet
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the replica never had " + expected + " rows in app." + table);
    }

    private TableRetention retention(String table) {
        return TableRetention.on(app).table("app", table).olderThan("created_at", Duration.ofDays(90))
                .archiveTo(ArchiveSink.gzipCsvFiles(dir)).batchSize(300);
    }

    @Test
    void aReplicaWhoseSqlThreadStoppedPausesTheRunUntilTheWindowClosesThenTheRunGoesOnAndTheReplicaFollows()
            throws Exception {
        Set<Long> old = TableRetentionTest.auditTable(app, "app.audit", "created_at", 900);
        awaitReplicaRows("audit", "900");
        execute(replica.dataSource(), "STOP SLAVE SQL_THREAD");
        TableRetention watched = retention("audit").pauseWhileReplicasLag(Duration.ofSeconds(10),
                replica.dataSource());

        RetentionRun paused = watched.execute(ExecutionOptions.defaults().allowDestructive(true)
                .window(MaintenanceWindow.once(Instant.now(), Duration.ofSeconds(3))));

        assertThat(paused.outcome()).as(paused.toString()).isEqualTo(Outcome.CANCELLED);
        assertThat(paused.rows()).isZero();
        assertThat(paused.replicaWait()).isPositive();
        assertThat(paused.detail()).contains("lag unknown");
        assertThat(queryString(primary.dataSource(), "SELECT COUNT(*) FROM app.audit")).isEqualTo("900");

        execute(replica.dataSource(), "START SLAVE SQL_THREAD");
        RetentionRun run = watched.execute(ExecutionOptions.defaults().allowDestructive(true));

        assertThat(run.outcome()).as(run.toString()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(run.rows()).isEqualTo(600);
        RetentionArchive.assertExactlyOnce(dir, app, "app.audit", old);
        awaitReplicaRows("audit", "300");
    }

    @Test
    void aServerThatIsNoReplicaIsNeverTakenForACaughtUpOne() throws Exception {
        TableRetentionTest.auditTable(app, "app.lonely", "created_at", 300);

        RetentionRun run = retention("lonely").pauseWhileReplicasLag(Duration.ofSeconds(10), primary.dataSource())
                .execute(ExecutionOptions.defaults().allowDestructive(true)
                        .window(MaintenanceWindow.once(Instant.now(), Duration.ofSeconds(2))));

        assertThat(run.outcome()).isEqualTo(Outcome.CANCELLED);
        assertThat(run.detail()).contains("is not a replica");
        assertThat(run.rows()).isZero();
    }
}

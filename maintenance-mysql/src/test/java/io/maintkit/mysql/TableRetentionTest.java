package io.maintkit.mysql;

import static io.maintkit.mysql.Servers.execute;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.maintkit.core.ArchiveSink;
import io.maintkit.core.ExecutionOptions;
import io.maintkit.core.MaintenancePlan;
import io.maintkit.core.MaintenanceWindow;
import io.maintkit.core.Outcome;
import io.maintkit.testkit.MariaDbEngine;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TableRetentionTest {

    private static final ExecutionOptions ALLOWED = ExecutionOptions.defaults().allowDestructive(true);

    @TempDir
    Path dir;

    /** Every server, each with MariaDB's {@code DELETE ... RETURNING} and with MySQL's locking read forced. */
    static Stream<Arguments> paths() {
        return Servers.all().stream().flatMap(s -> Stream.of(
                Arguments.of(s, Named.of("DELETE ... RETURNING", true)),
                Arguments.of(s, Named.of("SELECT ... FOR UPDATE, then DELETE", false))));
    }

    static List<Named<MariaDbEngine>> servers() {
        return Servers.all();
    }

    /**
     * A table of {@code rows} rows, two thirds of them 200 days old interleaved with new ones, notes with commas,
     * quotes, line breaks, empty strings and NULLs, a binary column; returns the old rows' ids.
     */
    static Set<Long> auditTable(DataSource db, String qualified, String column, int rows) throws SQLException {
        execute(db, "CREATE TABLE " + qualified + " (id BIGINT PRIMARY KEY, " + column + " DATETIME(6) NOT NULL,"
                        + " note VARCHAR(200), raw VARBINARY(16), KEY (" + column + ")) ENGINE=InnoDB",
                "INSERT INTO " + qualified + " SELECT seq, IF(seq % 3 = 0, NOW(6), NOW(6) - INTERVAL 200 DAY),"
                        + " CASE seq % 4 WHEN 0 THEN NULL WHEN 1 THEN CONCAT('a,\"b\"\\nline ', seq) WHEN 2 THEN ''"
                        + " ELSE CONCAT(' note ', seq) END, UNHEX('00FF') FROM seq_1_to_" + rows);
        Set<Long> old = new HashSet<>();
        for (long i = 1; i <= rows; i++) {
            if (i % 3 != 0) {
                old.add(i);
            }
        }
        return old;
    }

    private TableRetention retention(DataSource db, String schema, String table, boolean returning,
                                     ArchiveSink sink) {
        TableRetention r = TableRetention.on(db).table(schema, table).olderThan("created_at", Duration.ofDays(90))
                .archiveTo(sink).batchSize(300).pauseRatio(0);
        return returning ? r : r.withoutReturning();
    }

    @ParameterizedTest
    @MethodSource("paths")
    void everyOldRowIsArchivedExactlyOnceAndDeletedAndNewRowsStay(MariaDbEngine server, boolean returning)
            throws Exception {
        DataSource db = server.createDatabase("ret_once_" + (returning ? "r" : "l"));
        String schema = "ret_once_" + (returning ? "r" : "l");
        Set<Long> old = auditTable(db, "audit", "created_at", 3000);

        RetentionRun run = retention(db, schema, "audit", returning, ArchiveSink.gzipCsvFiles(dir)).execute(ALLOWED);

        assertThat(run.outcome()).as(run.toString()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(run.rows()).isEqualTo(2000);
        assertThat(run.batches()).isEqualTo(10);
        assertThat(run.findings()).extracting(f -> f.kind()).containsExactly("rows-removed");
        assertThat(RetentionArchive.ids(db, "SELECT id FROM audit")).hasSize(1000).allMatch(id -> id % 3 == 0);
        RetentionArchive.assertExactlyOnce(dir, db, "audit", old);
        assertThat(RetentionArchive.header(dir)).containsExactly("id", "created_at", "note", "raw");
        List<List<String>> rows = RetentionArchive.rows(dir);
        assertThat(rows).filteredOn(r -> r.get(0).equals("1")).singleElement()
                .satisfies(r -> assertThat(r.subList(2, 4)).containsExactly("a,\"b\"\nline 1", "\\x00ff"));
        assertThat(rows).filteredOn(r -> r.get(0).equals("7")).singleElement()
                .satisfies(r -> assertThat(r.get(2)).isEqualTo(" note 7"));
        assertThat(Servers.queryString(db, "SELECT COUNT(*) FROM maintkit_retention_batches")).isEqualTo("0");

        RetentionRun again = retention(db, schema, "audit", returning, ArchiveSink.gzipCsvFiles(dir)).execute(ALLOWED);
        assertThat(again.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(again.rows()).isZero();
    }

    @ParameterizedTest
    @MethodSource("servers")
    void thePlanIsADryRunUntilExecutedWithTheOptIn(MariaDbEngine server) throws Exception {
        DataSource db = server.createDatabase("ret_plan");
        auditTable(db, "audit", "created_at", 900);
        TableRetention retention = retention(db, "ret_plan", "audit", true, ArchiveSink.gzipCsvFiles(dir));

        RetentionEstimate estimate = retention.estimate();
        MaintenancePlan plan = retention.plan();

        assertThat(estimate.rows()).isEqualTo(600);
        assertThat(estimate.primaryKey()).isEqualTo("id");
        assertThat(estimate.indexed()).isTrue();
        assertThat(plan.actions()).singleElement().satisfies(a -> {
            assertThat(a.destructive()).isTrue();
            assertThat(a.command()).startsWith("DELETE FROM `ret_plan`.`audit` WHERE `created_at` older than");
            assertThat(a.reason()).startsWith("600 row(s)");
        });
        assertThat(plan.execute(ExecutionOptions.defaults()).executions()).singleElement()
                .satisfies(e -> assertThat(e.outcome()).isEqualTo(Outcome.SKIPPED));
        assertThat(RetentionArchive.ids(db, "SELECT id FROM audit")).hasSize(900);
        assertThat(RetentionArchive.files(dir, ".gz")).isEmpty();

        assertThat(plan.execute(ALLOWED).executions()).singleElement()
                .satisfies(e -> assertThat(e.outcome()).isEqualTo(Outcome.SUCCEEDED));
        assertThat(RetentionArchive.ids(db, "SELECT id FROM audit")).hasSize(300);
        assertThat(retention.plan().actions()).isEmpty();
        assertThat(retention.asAction().destructive()).isTrue();
    }

    @ParameterizedTest
    @MethodSource("paths")
    void aConnectionKilledBetweenArchiveAndCommitLeavesEveryRowExactlyOnceAfterReruns(MariaDbEngine server,
                                                                                      boolean returning)
            throws Exception {
        String schema = "ret_kill_" + (returning ? "r" : "l");
        DataSource db = server.createDatabase(schema);
        Set<Long> old = auditTable(db, "audit", "created_at", 3000);
        AtomicInteger prepared = new AtomicInteger();
        ArchiveSink killing = new RetentionArchive.Forwarding(ArchiveSink.gzipCsvFiles(dir)) {
            @Override
            public Batch open(String table, String batchId, long transactionId) throws IOException {
                return new RetentionArchive.ForwardingBatch(super.open(table, batchId, transactionId)) {
                    @Override
                    public ArchiveSink.Pending prepare(String source, long rows) throws IOException {
                        ArchiveSink.Pending p = super.prepare(source, rows);
                        if (prepared.incrementAndGet() % 3 == 0) {
                            killRetentionConnection(server, schema);
                        }
                        return p;
                    }
                };
            }
        };

        int runs = 0;
        int failed = 0;
        RetentionRun run;
        do {
            run = retention(db, schema, "audit", returning, killing).execute(ALLOWED);
            runs++;
            if (run.outcome() == Outcome.FAILED) {
                failed++;
            }
        } while (run.outcome() != Outcome.SUCCEEDED && runs < 40);

        assertThat(run.outcome()).as(run.toString()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(failed).as("runs whose connection was killed").isGreaterThan(0);
        RetentionArchive.assertExactlyOnce(dir, db, "audit", old);
        assertThat(RetentionArchive.ids(db, "SELECT id FROM audit")).hasSize(1000);
    }

    /** Kills, from another connection, every connection of the test's database: the retention's own. */
    static void killRetentionConnection(MariaDbEngine server, String schema) {
        try (Connection c = server.dataSource().getConnection(); Statement st = c.createStatement()) {
            for (Long id : RetentionArchive.ids(server.dataSource(), "SELECT ID FROM information_schema.PROCESSLIST"
                    + " WHERE DB = '" + schema + "' AND ID <> CONNECTION_ID()")) {
                st.execute("KILL " + id);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @ParameterizedTest
    @MethodSource("paths")
    void aCrashAfterTheArchiveIsSyncedAndBeforeTheCommitIsSettledByTheNextRun(MariaDbEngine server,
                                                                              boolean returning) throws Exception {
        String schema = "ret_crash_" + (returning ? "r" : "l");
        DataSource db = server.createDatabase(schema);
        Set<Long> old = auditTable(db, "audit", "created_at", 1500);
        ArchiveSink real = ArchiveSink.gzipCsvFiles(dir);
        ArchiveSink diesBeforeCommit = new RetentionArchive.Forwarding(real) {
            @Override
            public Batch open(String table, String batchId, long transactionId) throws IOException {
                return new RetentionArchive.ForwardingBatch(super.open(table, batchId, transactionId)) {
                    @Override
                    public ArchiveSink.Pending prepare(String source, long rows) throws IOException {
                        super.prepare(source, rows);
                        throw new IOException("the process died after the archive was synced");
                    }
                };
            }
        };
        ArchiveSink diesAfterCommit = new RetentionArchive.Forwarding(real) {
            @Override
            public Batch open(String table, String batchId, long transactionId) throws IOException {
                return new RetentionArchive.ForwardingBatch(super.open(table, batchId, transactionId)) {
                    @Override
                    public ArchiveSink.Pending prepare(String source, long rows) throws IOException {
                        ArchiveSink.Pending p = super.prepare(source, rows);
                        return new ArchiveSink.Pending() {
                            public String batchId() {
                                return p.batchId();
                            }

                            public long transactionId() {
                                return p.transactionId();
                            }

                            public long rows() {
                                return p.rows();
                            }

                            public long bytes() {
                                return p.bytes();
                            }

                            public void confirm() throws IOException {
                                throw new IOException("the process died after the commit");
                            }

                            public void discard() throws IOException {
                                p.discard();
                            }
                        };
                    }
                };
            }
        };

        RetentionRun before = retention(db, schema, "audit", returning, diesBeforeCommit).execute(ALLOWED);
        assertThat(before.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(RetentionArchive.pending(dir)).isNotEmpty();
        assertThat(RetentionArchive.ids(db, "SELECT id FROM audit")).hasSize(1500);

        RetentionRun after = retention(db, schema, "audit", returning, diesAfterCommit).execute(ALLOWED);
        assertThat(after.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(after.pendingDiscarded()).isEqualTo(1);
        assertThat(RetentionArchive.ids(db, "SELECT id FROM audit")).hasSize(1500 - 200);

        RetentionRun rerun = retention(db, schema, "audit", returning, real).execute(ALLOWED);
        assertThat(rerun.outcome()).as(rerun.toString()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(rerun.pendingConfirmed()).isEqualTo(1);
        assertThat(rerun.rows()).isEqualTo(800);
        RetentionArchive.assertExactlyOnce(dir, db, "audit", old);
    }

    @ParameterizedTest
    @MethodSource("servers")
    void aFullDiskLosesNothing(MariaDbEngine server) throws Exception {
        DataSource db = server.createDatabase("ret_full");
        Set<Long> old = auditTable(db, "audit", "created_at", 1500);
        ArchiveSink real = ArchiveSink.gzipCsvFiles(dir);
        AtomicInteger opened = new AtomicInteger();
        ArchiveSink fills = new RetentionArchive.Forwarding(real) {
            @Override
            public Batch open(String table, String batchId, long transactionId) throws IOException {
                Batch b = super.open(table, batchId, transactionId);
                if (opened.incrementAndGet() < 3) {
                    return b;
                }
                return new RetentionArchive.ForwardingBatch(b) {
                    @Override
                    public OutputStream out() {
                        return new OutputStream() {
                            @Override
                            public void write(int x) throws IOException {
                                throw new IOException("No space left on device");
                            }
                        };
                    }
                };
            }
        };

        RetentionRun full = retention(db, "ret_full", "audit", true, fills).execute(ALLOWED);

        assertThat(full.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(full.detail()).contains("No space left on device");
        assertThat(full.rows()).isEqualTo(400);
        assertThat(full.findings()).extracting(f -> f.kind()).containsExactly("retention-failed");
        assertThat(RetentionArchive.pending(dir)).isEmpty();
        assertThat(RetentionArchive.ids(db, "SELECT id FROM audit")).hasSize(1100);
        RetentionRun rerun = retention(db, "ret_full", "audit", true, real).execute(ALLOWED);
        assertThat(rerun.outcome()).isEqualTo(Outcome.SUCCEEDED);
        RetentionArchive.assertExactlyOnce(dir, db, "audit", old);
    }

    @ParameterizedTest
    @MethodSource("servers")
    void theWindowsEndStopsTheRunCleanlyAndTheNextRunGoesOn(MariaDbEngine server) throws Exception {
        DataSource db = server.createDatabase("ret_window");
        Set<Long> old = auditTable(db, "audit", "created_at", 3000);
        TableRetention retention = retention(db, "ret_window", "audit", true, ArchiveSink.gzipCsvFiles(dir))
                .batchSize(100).pauseBetweenBatches(Duration.ofMillis(400));

        RetentionRun stopped = retention.execute(ALLOWED.window(MaintenanceWindow.once(Instant.now(),
                Duration.ofMillis(1500))));

        assertThat(stopped.outcome()).as(stopped.toString()).isEqualTo(Outcome.CANCELLED);
        assertThat(stopped.detail()).contains("the window closed");
        assertThat(stopped.rows()).isBetween(1L, 1999L);
        assertThat(stopped.findings()).extracting(f -> f.kind()).containsExactly("retention-cancelled");
        assertThat(RetentionArchive.pending(dir)).isEmpty();
        RetentionArchive.assertExactlyOnce(dir, db, "audit", old);

        RetentionRun rest = retention.pauseBetweenBatches(Duration.ZERO).execute(ALLOWED);
        assertThat(rest.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(stopped.rows() + rest.rows()).isEqualTo(2000);
        RetentionArchive.assertExactlyOnce(dir, db, "audit", old);
    }

    @ParameterizedTest
    @MethodSource("paths")
    void hostileIdentifiersAreQuotedEverywhere(MariaDbEngine server, boolean returning) throws Exception {
        DataSource db = server.createDatabase("ret_hostile_" + (returning ? "r" : "l"));
        String schema = "ret `hostile' ü" + (returning ? "r" : "l");
        String table = "old `rows\"; DROP TABLE audit; --";
        String column = "créé `at";
        execute(db, "DROP DATABASE IF EXISTS `ret ``hostile' ü" + (returning ? "r" : "l") + "`",
                "CREATE DATABASE `ret ``hostile' ü" + (returning ? "r" : "l") + "`",
                "CREATE TABLE audit (id INT PRIMARY KEY)");
        String qualified = "`ret ``hostile' ü" + (returning ? "r" : "l") + "`.`old ``rows\"; DROP TABLE audit; --`";
        Set<Long> old = auditTable(db, qualified, "`créé ``at`", 600);
        TableRetention retention = TableRetention.on(db).table(schema, table).olderThan(column, Duration.ofDays(90))
                .archiveTo(ArchiveSink.gzipCsvFiles(dir)).batchSize(128);

        RetentionRun run = (returning ? retention : retention.withoutReturning()).execute(ALLOWED);

        assertThat(run.outcome()).as(run.toString()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(run.rows()).isEqualTo(400);
        assertThat(RetentionArchive.header(dir)).containsExactly("id", column, "note", "raw");
        RetentionArchive.assertExactlyOnce(dir, db, qualified, old);
        assertThat(Servers.queryString(db, "SELECT COUNT(*) FROM audit")).isEqualTo("0");
        assertThat(retention.plan().actions()).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("servers")
    void aTableWithoutAUsablePrimaryKeyOrTransactionsIsRefusedWithTheReason(MariaDbEngine server) throws Exception {
        DataSource db = server.createDatabase("ret_refused");
        execute(db, "CREATE TABLE nokey (created_at DATETIME NOT NULL, note TEXT) ENGINE=InnoDB",
                "INSERT INTO nokey VALUES (NOW() - INTERVAL 200 DAY, 'x')",
                "CREATE TABLE pair (a INT, b INT, created_at DATETIME NOT NULL, PRIMARY KEY (a, b)) ENGINE=InnoDB",
                "CREATE TABLE legacy (id INT PRIMARY KEY, created_at DATETIME NOT NULL) ENGINE=MyISAM",
                "CREATE TABLE texty (id INT PRIMARY KEY, created_at VARCHAR(30) NOT NULL) ENGINE=InnoDB");

        for (String t : List.of("nokey", "pair", "legacy", "texty")) {
            TableRetention r = retention(db, "ret_refused", t, true, ArchiveSink.gzipCsvFiles(dir));
            assertThatThrownBy(r::plan).isInstanceOf(SQLException.class).hasMessageContaining("ret_refused." + t);
            RetentionRun run = r.execute(ALLOWED);
            assertThat(run.outcome()).isEqualTo(Outcome.FAILED);
        }
        assertThatThrownBy(retention(db, "ret_refused", "nokey", true, ArchiveSink.gzipCsvFiles(dir))::plan)
                .hasMessageContaining("has no primary key");
        assertThatThrownBy(retention(db, "ret_refused", "pair", true, ArchiveSink.gzipCsvFiles(dir))::plan)
                .hasMessageContaining("primary key of 2 columns");
        assertThatThrownBy(retention(db, "ret_refused", "legacy", true, ArchiveSink.gzipCsvFiles(dir))::plan)
                .hasMessageContaining("MyISAM");
        assertThat(RetentionArchive.ids(db, "SELECT COUNT(*) FROM nokey")).containsExactly(1L);
        assertThat(RetentionArchive.files(dir, "")).as("nothing archived").isEmpty();
        assertThatThrownBy(() -> TableRetention.on(db).table("s", "t").execute(ALLOWED))
                .hasMessageContaining("the age").hasMessageContaining("the archive");
    }
}

package io.maintkit.mysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.maintkit.backup.BackupEntry;
import io.maintkit.backup.BackupFormat;
import io.maintkit.backup.BackupReport;
import io.maintkit.backup.BackupRun;
import io.maintkit.backup.BackupRunner;
import io.maintkit.backup.BackupStore;
import io.maintkit.backup.BackupVerifier;
import io.maintkit.backup.ChecksumManifest;
import io.maintkit.backup.RestoreResult;
import io.maintkit.backup.ScratchConnections;
import io.maintkit.backup.ScratchRestore;
import io.maintkit.core.Outcome;
import io.maintkit.core.Severity;
import io.maintkit.testkit.MariaDbEngine;
import io.maintkit.testkit.TestEngines;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Dumps made by the real mariadb-dump (through the runner), restored by the real mariadb client. */
class MysqlRestoreRoundTripTest {

    private static final String DATABASE = "restore_source";

    @TempDir
    static Path store;

    static MariaDbEngine engine;
    static Path client;
    static Path dumpTool;
    static BackupEntry dump;

    @BeforeAll
    static void dump() throws Exception {
        engine = TestEngines.mariadb();
        assumeTrue(engine.binDirectory().isPresent(), "no mariadb client for an external server");
        client = engine.binDirectory().get().resolve("mariadb");
        dumpTool = engine.binDirectory().get().resolve("mariadb-dump");
        try (Connection c = engine.createDatabase(DATABASE).getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE customers (id INT PRIMARY KEY, name VARCHAR(100) NOT NULL)");
            st.execute("INSERT INTO customers VALUES (1, 'Ada'), (2, 'Grace'), (3, 'Edsger')");
            st.execute("CREATE TABLE orders (id INT AUTO_INCREMENT PRIMARY KEY, customer INT NOT NULL,"
                    + " total DECIMAL(12,2), note TEXT, FOREIGN KEY (customer) REFERENCES customers (id))");
            st.execute("INSERT INTO orders (customer, total, note) SELECT 1 + seq % 3, seq * 1.25,"
                    + " CONCAT('line ', seq, '\\nsecond line') FROM seq_1_to_5000");
            st.execute("CREATE VIEW big_orders AS SELECT * FROM orders WHERE total > 1000");
            st.execute("CREATE TRIGGER orders_total BEFORE INSERT ON orders FOR EACH ROW"
                    + " SET NEW.total = COALESCE(NEW.total, 0)");
        }
        BackupRunner runner = BackupRunner.mariadbDump(engine.host(), engine.port(), engine.user(), DATABASE)
                .executable(dumpTool).into(BackupStore.directory(store));
        if (!engine.password().isEmpty()) {
            runner = runner.password(engine.password().toCharArray());
        }
        BackupRun run = runner.run();
        assertThat(run.succeeded()).as(run.reason()).isTrue();
        dump = run.backup().orElseThrow();
    }

    @AfterEach
    void noScratchSchemaIsLeft() throws Exception {
        assertThat(scratchSchemas()).isEmpty();
    }

    /** Connections to a scratch schema as the admin account, the way a host's own pool would open them. */
    private static ScratchConnections scratchConnections() {
        return schema -> engine.dataSource(schema, engine.user(), engine.password()).getConnection();
    }

    private static MysqlRestoreTest restoreTest() {
        MysqlRestoreTest test = MysqlRestoreTest.on(engine.dataSource(), scratchConnections()).client(client)
                .connection(engine.host(), engine.port(), engine.user());
        return engine.password().isEmpty() ? test : test.password(engine.password().toCharArray());
    }

    @Test
    void theRunnersDumpRoundTripsIntoAScratchSchemaThatIsDroppedAfterwards() throws Exception {
        RestoreResult r = restoreTest()
                .expectTable("orders").minRows(5000)
                .expectTable("customers")
                .expectTrue("SELECT COUNT(*) = 3 FROM customers")
                .expectTrue("SELECT SUM(note LIKE '%\\nsecond line') = 5000 FROM orders")
                .expectTrue("SELECT COUNT(*) = 1 FROM information_schema.triggers"
                        + " WHERE trigger_schema = DATABASE() AND trigger_name = 'orders_total'")
                .expectTrue("SELECT COUNT(*) > 0 FROM big_orders")
                .run(BackupStore.directory(store), dump, BackupFormat.MYSQL_DUMP);
        assertThat(r.outcome()).as(r.reason()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(r.scratch()).startsWith(ScratchRestore.SCRATCH_PREFIX);
        assertThat(r.expectations()).hasSize(6).allMatch(RestoreResult.ExpectationResult::passed);
        assertThat(r.expectations().get(0).expectation()).isEqualTo("table orders has at least 5000 rows");
        assertThat(r.expectations().get(0).detail()).isEqualTo("5000 rows");
        assertThat(r.scratchDropped()).isTrue();
        assertThat(rows(DATABASE, "orders")).as("the original is untouched").isEqualTo(5000);
    }

    @Test
    void aGzippedDumpRestoresToo(@TempDir Path dir) throws Exception {
        Path gz = dir.resolve("backup.sql.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            Files.copy(store.resolve(dump.name()), out);
        }
        RestoreResult r = restoreTest().expectTable("orders").minRows(5000)
                .run(BackupStore.directory(dir), entry(gz), BackupFormat.GZIP);
        assertThat(r.outcome()).as(r.reason()).isEqualTo(Outcome.SUCCEEDED);
    }

    @Test
    void failedExpectationsStillDropTheScratchSchema() {
        RestoreResult r = restoreTest().expectTable("invoices").expectTrue("SELECT COUNT(*) = 4 FROM customers")
                .run(BackupStore.directory(store), dump, BackupFormat.MYSQL_DUMP);
        assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(r.expectations()).extracting(RestoreResult.ExpectationResult::detail)
                .containsExactly("table missing", "not true");
        assertThat(r.reason()).contains("table invoices exists (table missing)");
        assertThat(r.scratchDropped()).isTrue();
    }

    @Test
    void aBrokenDumpFailsTheRestoreAndStillDropsTheScratchSchema(@TempDir Path dir) throws Exception {
        byte[] bytes = Files.readAllBytes(store.resolve(dump.name()));
        int cut = new String(bytes, StandardCharsets.ISO_8859_1).indexOf("INSERT INTO `orders`") + 200;
        Path broken = Files.write(dir.resolve("broken.sql"), java.util.Arrays.copyOf(bytes, cut));
        RestoreResult r = restoreTest().expectTable("orders")
                .run(BackupStore.directory(dir), entry(broken), BackupFormat.MYSQL_DUMP);
        assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(r.reason()).startsWith("mariadb failed (exit 1)");
        assertThat(r.expectations()).isEmpty();
        assertThat(r.scratchDropped()).isTrue();
    }

    @Test
    void aDumpThatSwitchesDatabaseIsCutOffBeforeItTouchesTheOriginal(@TempDir Path dir) throws Exception {
        Path all = dir.resolve("databases.sql");
        Process p = new ProcessBuilder(dumpTool.toString(), "--host=" + engine.host(), "--port=" + engine.port(),
                "--user=" + engine.user(), "--protocol=TCP", "--add-drop-database", "--databases", DATABASE)
                .redirectOutput(all.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assumeTrue(p.exitValue() == 0 && engine.password().isEmpty(), "mariadb-dump --databases did not run");
        RestoreResult r = restoreTest().run(BackupStore.directory(dir), entry(all), BackupFormat.MYSQL_DUMP);
        assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(r.reason()).contains("leaves the scratch database").contains("DATABASE");
        assertThat(r.scratchDropped()).isTrue();
        assertThat(rows(DATABASE, "orders")).as("the original is untouched").isEqualTo(5000);
    }

    @Test
    void aPasswordReachesTheClientThroughAPrivateOptionFile() throws Exception {
        String password = "s3cret \"quoted\" back\\slash #not-a-comment";
        try (Connection c = engine.dataSource().getConnection(); Statement st = c.createStatement()) {
            st.execute("DROP USER IF EXISTS 'maintkit_restorer'@'%'");
            st.execute("CREATE USER 'maintkit_restorer'@'%' IDENTIFIED BY '" + password.replace("\\", "\\\\")
                    .replace("'", "''") + "'");
            st.execute("GRANT ALL ON `" + ScratchRestore.SCRATCH_PREFIX.replace("_", "\\_") + "%`.*"
                    + " TO 'maintkit_restorer'@'%'");
            // restoring a trigger with DEFINER=root while the binary log is on takes SUPER and SET USER
            st.execute("GRANT SUPER, SET USER ON *.* TO 'maintkit_restorer'@'%'");
        }
        try {
            RestoreResult r = MysqlRestoreTest.on(engine.dataSource(), scratchConnections()).client(client)
                    .connection(engine.host(), engine.port(), "maintkit_restorer").password(password.toCharArray())
                    .expectTable("orders").minRows(5000)
                    .run(BackupStore.directory(store), dump, BackupFormat.MYSQL_DUMP);
            assertThat(r.outcome()).as(r.reason()).isEqualTo(Outcome.SUCCEEDED);
            assertThat(r.toString()).doesNotContain("s3cret");
            RestoreResult wrong = MysqlRestoreTest.on(engine.dataSource(), scratchConnections()).client(client)
                    .connection(engine.host(), engine.port(), "maintkit_restorer").password("wrong".toCharArray())
                    .run(BackupStore.directory(store), dump, BackupFormat.MYSQL_DUMP);
            assertThat(wrong.outcome()).isEqualTo(Outcome.FAILED);
            assertThat(wrong.reason()).contains("Access denied").doesNotContain("wrong");
        } finally {
            try (Connection c = engine.dataSource().getConnection(); Statement st = c.createStatement()) {
                st.execute("DROP USER IF EXISTS 'maintkit_restorer'@'%'");
            }
        }
    }

    @Test
    void theVerifierRunsTheMariaDbRestoreTestOnTheNewestVerifiedDump() throws Exception {
        BackupReport report = BackupVerifier.on(BackupStore.directory(store))
                .matching("backup-*.sql")
                .checksums(ChecksumManifest.sha256())
                .restoreTest(restoreTest().expectTable("orders").minRows(1))
                .verify();
        assertThat(report.worst()).as(report.findings().toString()).isEqualTo(Severity.OK);
        assertThat(report.restore()).get().matches(RestoreResult::passed);
        assertThat(report.findings()).filteredOn(f -> f.kind().startsWith("restore-")).singleElement()
                .satisfies(f -> assertThat(f.kind()).isEqualTo("restore-succeeded"));
    }

    @Test
    void whenNoDumpVerifiesTheReportSaysTheRestoreTestDidNotRun(@TempDir Path dir) throws Exception {
        byte[] bytes = Files.readAllBytes(store.resolve(dump.name()));
        Files.write(dir.resolve(dump.name()), java.util.Arrays.copyOf(bytes, bytes.length - 100));
        BackupReport report = BackupVerifier.on(BackupStore.directory(dir))
                .restoreTest(restoreTest().expectTable("orders")).verify();
        assertThat(report.restore()).isEmpty();
        assertThat(report.findings()).filteredOn(f -> f.kind().startsWith("restore-")).singleElement()
                .satisfies(f -> {
                    assertThat(f.severity()).isEqualTo(Severity.UNKNOWN);
                    assertThat(f.kind()).isEqualTo("restore-not-run");
                });
        assertThat(report.worst()).isEqualTo(Severity.CRITICAL);
    }

    @Test
    void anotherFormatCannotRunAndSaysWhy(@TempDir Path dir) throws Exception {
        Path rdb = Files.write(dir.resolve("x.rdb"), "REDIS0011".getBytes(StandardCharsets.US_ASCII));
        RestoreResult r = restoreTest().run(BackupStore.directory(dir), entry(rdb), BackupFormat.REDIS_RDB);
        assertThat(r.outcome()).isEqualTo(Outcome.COULD_NOT_RUN);
        assertThat(r.reason()).contains("Redis RDB snapshot");
    }

    @Test
    void withoutWhereTheClientConnectsNothingIsCreatedAndTheResultSaysWhatIsMissing() {
        RestoreResult r = MysqlRestoreTest.on(engine.dataSource(), scratchConnections()).client(client)
                .run(BackupStore.directory(store), dump, BackupFormat.MYSQL_DUMP);
        assertThat(r.outcome()).isEqualTo(Outcome.COULD_NOT_RUN);
        assertThat(r.reason()).contains("connection(host, port, user)");
        assertThat(r.findings()).singleElement().satisfies(f -> assertThat(f.kind()).isEqualTo("restore-could-not-run"));
    }

    private static BackupEntry entry(Path file) throws Exception {
        return BackupStore.directory(file.getParent()).metadata(file.getFileName().toString()).orElseThrow();
    }

    private static long rows(String schema, String table) throws Exception {
        try (Connection c = engine.dataSource().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM `" + schema + "`.`" + table + "`")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static List<String> scratchSchemas() throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = engine.dataSource().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT schema_name FROM information_schema.schemata"
                     + " WHERE schema_name LIKE 'maintkit\\_restore\\_%'")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}

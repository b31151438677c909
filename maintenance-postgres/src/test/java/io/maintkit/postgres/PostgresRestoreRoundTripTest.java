package io.maintkit.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.maintkit.backup.BackupEntry;
import io.maintkit.backup.BackupFormat;
import io.maintkit.backup.BackupReport;
import io.maintkit.backup.BackupStore;
import io.maintkit.backup.BackupVerifier;
import io.maintkit.backup.RestoreResult;
import io.maintkit.backup.ScratchConnections;
import io.maintkit.backup.ScratchRestore;
import io.maintkit.core.Outcome;
import io.maintkit.core.internal.Executables;
import io.maintkit.testkit.PostgresEngine;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** pg_dump archives restored by the real pg_restore on the PATH into scratch databases of the test server. */
class PostgresRestoreRoundTripTest {

    @TempDir
    static Path store;

    static PostgresEngine engine;
    static BackupEntry gzipArchive;
    static BackupEntry rawArchive;

    @BeforeAll
    static void archives() throws Exception {
        assumeTrue(Executables.onPath("pg_restore").isPresent(),
                "pg_restore is not on the PATH (apt-get install postgresql-client-15)");
        engine = Pg.engine();
        gzipArchive = copy("pg13-gzip.dump");
        rawArchive = copy("pg13-none.dump");
    }

    private static BackupEntry copy(String resource) throws Exception {
        try (InputStream in = PostgresRestoreRoundTripTest.class.getResourceAsStream("/restore/" + resource)) {
            Files.copy(in, store.resolve(resource));
        }
        return BackupStore.directory(store).metadata(resource).orElseThrow();
    }

    /** Connections to a scratch database as the admin role, the way a host's own pool would open them. */
    private static ScratchConnections scratchConnections() {
        return database -> engine.dataSource(database, engine.user(), engine.password()).getConnection();
    }

    private static PostgresRestoreTest restoreTest() {
        PostgresRestoreTest test = PostgresRestoreTest.on(engine.dataSource(), scratchConnections())
                .connection(engine.host(), engine.port(), engine.user());
        return engine.password().isEmpty() ? test : test.password(engine.password().toCharArray());
    }

    @AfterEach
    void noScratchDatabaseIsLeft() throws Exception {
        assertThat(scratchDatabases()).isZero();
    }

    @Test
    void restoreTestRoundTripsAndDropsTheScratchDatabase() {
        RestoreResult r = restoreTest()
                .expectTable("public", "orders").minRows(800)
                .expectTable("public", "customers")
                .expectTrue("SELECT count(*) = 3 FROM public.customers")
                .expectTrue("SELECT count(*) = 1 FROM pg_largeobject_metadata")
                .expectTrue("SELECT current_setting('application_name') = 'maintkit-restore-test'")
                .run(BackupStore.directory(store), gzipArchive, BackupFormat.POSTGRES_CUSTOM);
        assertThat(r.outcome()).as(r.reason()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(r.scratch()).startsWith(ScratchRestore.SCRATCH_PREFIX);
        assertThat(r.expectations()).hasSize(5).allMatch(RestoreResult.ExpectationResult::passed);
        assertThat(r.expectations().get(0).detail()).isEqualTo("800 rows");
        assertThat(r.scratchDropped()).isTrue();
    }

    @Test
    void aGzippedArchiveRestoresToo(@TempDir Path dir) throws Exception {
        Path gz = dir.resolve("backup.dump.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            Files.copy(store.resolve(rawArchive.name()), out);
        }
        RestoreResult r = restoreTest().expectTable("public", "orders").minRows(800)
                .run(BackupStore.directory(dir), entry(gz), BackupFormat.GZIP);
        assertThat(r.outcome()).as(r.reason()).isEqualTo(Outcome.SUCCEEDED);
    }

    @Test
    void failingExpectationsAndFailingRestoresStillDropTheScratchDatabase(@TempDir Path dir) throws Exception {
        RestoreResult missing = restoreTest().expectTable("public", "invoices")
                .run(BackupStore.directory(store), rawArchive, BackupFormat.POSTGRES_CUSTOM);
        assertThat(missing.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(missing.expectations().get(0).detail()).isEqualTo("table missing");
        assertThat(missing.scratchDropped()).isTrue();

        byte[] bytes = Files.readAllBytes(store.resolve(gzipArchive.name()));
        Path cut = Files.write(dir.resolve("cut.dump"), java.util.Arrays.copyOf(bytes, bytes.length / 2));
        RestoreResult broken = restoreTest().run(BackupStore.directory(dir), entry(cut), BackupFormat.POSTGRES_CUSTOM);
        assertThat(broken.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(broken.reason()).contains("pg_restore failed");
        assertThat(broken.scratchDropped()).isTrue();
    }

    @Test
    void withoutWhereTheClientConnectsNothingIsCreatedAndTheResultSaysWhatIsMissing() {
        RestoreResult r = PostgresRestoreTest.on(engine.dataSource(), scratchConnections())
                .run(BackupStore.directory(store), rawArchive, BackupFormat.POSTGRES_CUSTOM);
        assertThat(r.outcome()).isEqualTo(Outcome.COULD_NOT_RUN);
        assertThat(r.reason()).contains("connection(host, port, user)");
    }

    @Test
    void anotherFormatCannotRunAndSaysWhy(@TempDir Path dir) throws Exception {
        Path plain = Files.writeString(dir.resolve("x.sql"), "-- PostgreSQL database dump\n");
        RestoreResult r = restoreTest().run(BackupStore.directory(dir), entry(plain), BackupFormat.POSTGRES_PLAIN);
        assertThat(r.outcome()).isEqualTo(Outcome.COULD_NOT_RUN);
        assertThat(r.reason()).contains("PostgreSQL plain SQL dump");
    }

    @Test
    void verifierRunsTheRestoreTestOnTheNewestVerifiedBackup(@TempDir Path dir) throws Exception {
        Files.copy(store.resolve(gzipArchive.name()), dir.resolve("backup-1.dump"));
        BackupReport report = BackupVerifier.on(BackupStore.directory(dir))
                .matching("backup-*.dump")
                .restoreTest(restoreTest().expectTable("public", "orders").minRows(1))
                .verify();
        assertThat(report.worst().isHealthy()).as(report.findings().toString()).isTrue();
        assertThat(report.restore()).get().matches(RestoreResult::passed);
        assertThat(report.findings()).anyMatch(f -> f.kind().equals("restore-succeeded"));
    }

    private static BackupEntry entry(Path file) throws Exception {
        return BackupStore.directory(file.getParent()).metadata(file.getFileName().toString()).orElseThrow();
    }

    private static long scratchDatabases() throws Exception {
        try (Connection c = engine.dataSource().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM pg_database WHERE datname LIKE"
                     + " 'maintkit_restore_%'")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}

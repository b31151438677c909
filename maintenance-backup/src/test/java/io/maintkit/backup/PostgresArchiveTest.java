package io.maintkit.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.maintkit.core.internal.Executables;
import io.maintkit.testkit.PostgresEngine;
import io.maintkit.testkit.TestEngines;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Archives made by the real pg_dump on the PATH from a real server. */
class PostgresArchiveTest {

    private static final String DATABASE = "backup_source";

    @TempDir
    static Path store;

    static PostgresEngine engine;
    static Path gzipArchive;
    static Path rawArchive;
    static Path plainDump;

    @BeforeAll
    static void dump() throws Exception {
        assumeTrue(Executables.onPath("pg_dump").isPresent(),
                "pg_dump is not on the PATH (apt-get install postgresql-client-15)");
        engine = TestEngines.postgres();
        DataSource ds = engine.createDatabase(DATABASE);
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE customers (id int PRIMARY KEY, name text NOT NULL)");
            st.execute("INSERT INTO customers VALUES (1, 'Ada'), (2, 'Grace'), (3, 'Edsger')");
            st.execute("CREATE TABLE orders (id bigserial PRIMARY KEY, customer int REFERENCES customers,"
                    + " total numeric(12,2), note text, created timestamptz DEFAULT now())");
            st.execute("INSERT INTO orders (customer, total, note) SELECT 1 + i % 3, (i * 7919 % 100000) / 100.0,"
                    + " md5(i::text) FROM generate_series(1, 20000) i");
            st.execute("CREATE INDEX orders_customer ON orders (customer)");
            st.execute("CREATE VIEW big_orders AS SELECT * FROM orders WHERE total > 900");
            st.execute("SELECT lo_from_bytea(0, decode(repeat('cafe', 5000), 'hex'))");
        }
        gzipArchive = pgDump("backup-gzip.dump", "--format=custom");
        rawArchive = pgDump("backup-raw.dump", "--format=custom", "--compress=0");
        plainDump = pgDump("backup-plain.sql", "--format=plain");
    }

    static Path pgDump(String name, String... options) throws Exception {
        Path out = store.resolve(name);
        List<String> command = new ArrayList<>(List.of("pg_dump", "--host", engine.host(), "--port",
                Integer.toString(engine.port()), "--username", engine.user(), "--no-password", "--file",
                        out.toString()));
        command.addAll(List.of(options));
        command.add(DATABASE);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("pg_dump: %s", output).isZero();
        return out;
    }

    private static BackupVerification verify(Path file) throws Exception {
        return BackupVerifier.on(BackupStore.directory(file.getParent())).verify(file.getFileName().toString());
    }

    @Test
    void intactArchivesAndDumpsVerify() throws Exception {
        BackupVerification gz = verify(gzipArchive);
        assertThat(gz.integrity()).as(gz.detail()).isEqualTo(BackupVerification.Integrity.INTACT);
        assertThat(gz.format()).isEqualTo(BackupFormat.POSTGRES_CUSTOM);
        assertThat(gz.detail()).contains("by pg_dump 15").contains("compression gzip").contains("TOC entries");
        BackupVerification raw = verify(rawArchive);
        assertThat(raw.integrity()).as(raw.detail()).isEqualTo(BackupVerification.Integrity.INTACT);
        assertThat(raw.detail()).contains("compression none");
        BackupVerification plain = verify(plainDump);
        assertThat(plain.integrity()).as(plain.detail()).isEqualTo(BackupVerification.Integrity.INTACT);
        assertThat(plain.format()).isEqualTo(BackupFormat.POSTGRES_PLAIN);
    }

    @Test
    void pgRestoreListAcceptsATruncatedArchiveThatTheVerifierRejects(@TempDir Path dir) throws Exception {
        Path cut = Damage.truncated(gzipArchive, dir, "cut.dump", Files.size(gzipArchive) * 2 / 3);
        Process list = new ProcessBuilder("pg_restore", "--list", cut.toString()).redirectErrorStream(true).start();
        list.getInputStream().readAllBytes();
        assertThat(list.waitFor()).as("pg_restore -l on a truncated archive").isZero();
        BackupVerification v = verify(cut);
        assertThat(v.integrity()).isEqualTo(BackupVerification.Integrity.CORRUPT);
        assertThat(v.problem()).isEqualTo("truncated");
    }

    @Test
    void everyTruncatedCopyIsCorrupt(@TempDir Path dir) throws Exception {
        for (Path archive : List.of(gzipArchive, rawArchive, plainDump)) {
            long size = Files.size(archive);
            for (long at : Damage.offsets(0, size, 60, size)) {
                Path cut = Damage.truncated(archive, dir, archive.getFileName().toString(), at);
                BackupVerification v = verify(cut);
                assertThat(v.integrity()).as("%s cut at %d of %d: %s", archive.getFileName(), at, size, v.detail())
                        .isEqualTo(BackupVerification.Integrity.CORRUPT);
            }
        }
    }

    @Test
    void flippedBytesInCompressedDataAreCorruptWithoutAnyChecksum(@TempDir Path dir) throws Exception {
        long size = Files.size(gzipArchive);
        for (long at : Damage.offsets(size / 3, size, 60, 7)) {
            Path f = Damage.flipped(gzipArchive, dir, "flip.dump", at);
            BackupVerification v = verify(f);
            assertThat(v.integrity()).as("flip at %d of %d: %s", at, size, v.detail())
                    .isEqualTo(BackupVerification.Integrity.CORRUPT);
        }
    }

    @Test
    void everyFlippedCopyFailsVerificationWithTheChecksumManifest(@TempDir Path dir) throws Exception {
        for (Path archive : List.of(gzipArchive, rawArchive, plainDump)) {
            String name = archive.getFileName().toString();
            String sha = sha256(archive);
            long size = Files.size(archive);
            for (long at : Damage.offsets(0, size, 40, 11)) {
                Path f = Damage.flipped(archive, dir, name, at);
                Files.writeString(dir.resolve("checksums.txt"), sha + "  " + name + "\n");
                BackupVerification v = BackupVerifier.on(BackupStore.directory(dir))
                        .checksums(ChecksumManifest.sha256()).verify(name);
                assertThat(v.verified()).as("%s flipped at %d", name, at).isFalse();
                assertThat(v.checksum()).isEqualTo(BackupVerification.ChecksumStatus.MISMATCH);
            }
        }
    }

    @Test
    void runnerWritesAVerifiedBackupWithItsManifestLineAndLeavesNothingOnFailure(@TempDir Path dir) throws Exception {
        DirectoryBackupStore target = BackupStore.directory(dir);
        BackupRun run = BackupRunner.pgDump(engine.host(), engine.port(), engine.user(), DATABASE).into(target).run();
        assertThat(run.succeeded()).as(run.reason()).isTrue();
        String name = run.backup().orElseThrow().name();
        assertThat(name).startsWith("backup-").endsWith(".dump");
        assertThat(ChecksumManifest.sha256().read(target).orElseThrow()).containsEntry(name, run.sha256());
        BackupVerification v = BackupVerifier.on(target).checksums(ChecksumManifest.sha256()).verify(name);
        assertThat(v.verified()).isTrue();
        assertThat(v.checksum()).isEqualTo(BackupVerification.ChecksumStatus.MATCH);

        BackupRun failed = BackupRunner.pgDump(engine.host(), engine.port(), engine.user(), "no_such_database")
                .into(target).prefix("other-").run();
        assertThat(failed.succeeded()).isFalse();
        assertThat(failed.reason()).contains("no_such_database");
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder(name, "checksums.txt");
        }
    }

    static String sha256(Path file) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(Files.readAllBytes(file)));
    }
}

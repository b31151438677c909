package io.maintkit.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.maintkit.backup.internal.Executables;
import io.maintkit.core.Finding;
import io.maintkit.core.Severity;
import io.maintkit.testkit.PostgresEngine;
import io.maintkit.testkit.TestEngines;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Plain-format base backups made by the real pg_basebackup of a real server, with SHA-256 and with the default
 * CRC32C manifest checksums, each damaged in the ways an operator meets, verified by maintkit and by the real
 * pg_verifybackup on the same directory.
 */
class BaseBackupManifestTest {

    @TempDir
    static Path store;

    static PostgresEngine engine;
    static Optional<Path> pgVerifyBackup;
    static String tableFile;

    @BeforeAll
    static void baseBackups() throws Exception {
        assumeTrue(Executables.onPath("pg_basebackup").isPresent(),
                "pg_basebackup is not on the PATH (apt-get install postgresql-client-15)");
        engine = TestEngines.postgres();
        try (Connection c = engine.createDatabase("base_backup_source").getConnection();
             Statement st = c.createStatement()) {
            st.execute("CREATE TABLE events (id int PRIMARY KEY, payload text)");
            st.execute("INSERT INTO events SELECT i, md5(i::text) FROM generate_series(1, 20000) i");
            st.execute("CHECKPOINT");
            try (ResultSet rs = st.executeQuery("SELECT pg_relation_filepath('events')")) {
                rs.next();
                tableFile = rs.getString(1);
            }
        }
        baseBackup("base-sha256", "--manifest-checksums=SHA256");
        baseBackup("base-crc32c");
        Optional<Path> onPath = Executables.onPath("pg_verifybackup");
        Path debian = Path.of("/usr/lib/postgresql/" + engine.majorVersion() + "/bin/pg_verifybackup");
        pgVerifyBackup = onPath.isPresent() ? onPath : Files.isExecutable(debian) ? Optional.of(debian)
                : Optional.empty();
    }

    private static void baseBackup(String name, String... options) throws Exception {
        List<String> command = new ArrayList<>(List.of("pg_basebackup", "--host", engine.host(), "--port",
                Integer.toString(engine.port()), "--username", engine.user(), "--no-password", "-D",
                store.resolve(name).toString(), "-Fp", "--checkpoint=fast"));
        command.addAll(List.of(options));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("pg_basebackup (the server's pg_hba.conf must allow replication): %s", output)
                .isZero();
    }

    private static Path dir(String backup) {
        return store.resolve(backup);
    }

    private static BackupVerification verify(String backup) throws Exception {
        return BackupVerifier.on(BackupStore.directory(store)).verify(backup + "/backup_manifest");
    }

    /** pg_verifybackup's exit code and output on the backup directory; empty when it is not installed. */
    private static Optional<String> pgVerifyBackup(String backup, boolean expectSuccess) throws Exception {
        if (pgVerifyBackup.isEmpty()) {
            return Optional.empty();
        }
        Process p = new ProcessBuilder(pgVerifyBackup.get().toString(), dir(backup).toString())
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue() == 0).as("pg_verifybackup: %s", output).isEqualTo(expectSuccess);
        return Optional.of(output);
    }

    private static void assertCorrupt(String backup, String... mentions) throws Exception {
        BackupVerification v = verify(backup);
        assertThat(v.integrity()).as(v.detail()).isEqualTo(BackupVerification.Integrity.CORRUPT);
        assertThat(v.detail()).contains(mentions);
        pgVerifyBackup(backup, false);
    }

    @ParameterizedTest
    @ValueSource(strings = {"base-sha256", "base-crc32c"})
    void intactBaseBackupsAreHealthyAsPgVerifyBackupSays(String backup) throws Exception {
        BackupVerification v = verify(backup);
        assertThat(v.integrity()).as(v.detail()).isEqualTo(BackupVerification.Integrity.INTACT);
        assertThat(v.format()).isEqualTo(BackupFormat.POSTGRES_BASE_BACKUP);
        assertThat(v.detail()).contains(backup.endsWith("sha256") ? "SHA256 checksum" : "CRC32C checksum")
                .contains("no unlisted files").contains("1 WAL segment");
        pgVerifyBackup(backup, true).ifPresent(out -> assertThat(out).contains("backup successfully verified"));

        BackupReport report = BackupVerifier.on(BackupStore.directory(store)).matching(backup).verifyAll().verify();
        assertThat(report.findings()).filteredOn(f -> f.checkId().equals(BackupVerifier.INTEGRITY))
                .singleElement().extracting(Finding::severity).isEqualTo(Severity.OK);
    }

    @ParameterizedTest
    @ValueSource(strings = {"base-sha256", "base-crc32c"})
    void aFlippedByteInADataFileIsReported(String backup) throws Exception {
        Path file = dir(backup).resolve(tableFile);
        byte[] original = Files.readAllBytes(file);
        byte[] flipped = original.clone();
        flipped[original.length / 2] ^= 0x01;
        Files.write(file, flipped);
        try {
            assertCorrupt(backup, "file " + tableFile + " does not match its "
                    + (backup.endsWith("sha256") ? "SHA256" : "CRC32C") + " checksum");
        } finally {
            Files.write(file, original);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"base-sha256", "base-crc32c"})
    void aTruncatedFileIsReported(String backup) throws Exception {
        Path file = dir(backup).resolve(tableFile);
        byte[] original = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(original, original.length - 8192));
        try {
            assertCorrupt(backup, "file " + tableFile + " has " + (original.length - 8192) + " bytes, the manifest"
                    + " says " + original.length + " (truncated)");
        } finally {
            Files.write(file, original);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"base-sha256", "base-crc32c"})
    void aMissingFileIsReported(String backup) throws Exception {
        Path file = dir(backup).resolve("global/pg_control");
        Path aside = store.resolve(backup + "-pg_control");
        Files.move(file, aside);
        try {
            assertCorrupt(backup, "file global/pg_control is in the manifest but missing");
        } finally {
            Files.move(aside, file);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"base-sha256", "base-crc32c"})
    void anExtraFileIsReportedButTheFilesPgVerifyBackupIgnoresAreNot(String backup) throws Exception {
        Path extra = dir(backup).resolve("base/extra_file");
        Path signal = dir(backup).resolve("standby.signal");
        Files.writeString(extra, "not from pg_basebackup");
        Files.writeString(signal, "");
        try {
            assertCorrupt(backup, "file base/extra_file is on disk but not in the manifest");
            assertThat(verify(backup).detail()).doesNotContain("standby.signal");
        } finally {
            Files.delete(extra);
            Files.delete(signal);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"base-sha256", "base-crc32c"})
    void aCorruptedManifestIsReported(String backup) throws Exception {
        Path manifest = dir(backup).resolve("backup_manifest");
        byte[] original = Files.readAllBytes(manifest);
        String text = new String(original, StandardCharsets.UTF_8);
        byte[] changed = original.clone();
        changed[text.indexOf("\"Size\": ") + 8] ^= 0x01;
        Files.write(manifest, changed);
        try {
            assertCorrupt(backup, "the manifest's own SHA-256 does not match its contents");
            Files.write(manifest, java.util.Arrays.copyOf(original, original.length / 2));
            assertCorrupt(backup, "truncated");
        } finally {
            Files.write(manifest, original);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"base-crc32c"})
    void everyProblemIsReportedNotOnlyTheFirst(String backup) throws Exception {
        Path control = dir(backup).resolve("global/pg_control");
        Path aside = store.resolve(backup + "-pg_control");
        Path version = dir(backup).resolve("PG_VERSION");
        String originalVersion = Files.readString(version);
        Files.move(control, aside);
        Files.writeString(version, "99\n");
        try {
            BackupVerification v = verify(backup);
            assertThat(v.detail()).startsWith("2 problems: ").contains("PG_VERSION").contains("global/pg_control");
        } finally {
            Files.move(aside, control);
            Files.writeString(version, originalVersion);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"base-crc32c"})
    void missingOrDamagedWalIsNeverHealthy(String backup) throws Exception {
        Path walDir = dir(backup).resolve("pg_wal");
        Path segment;
        try (var files = Files.list(walDir)) {
            segment = files.filter(p -> p.getFileName().toString().matches("[0-9A-F]{24}")).findFirst().orElseThrow();
        }
        String name = segment.getFileName().toString();
        byte[] original = Files.readAllBytes(segment);
        try {
            Files.write(segment, java.util.Arrays.copyOf(original, original.length / 2));
            BackupVerification cut = verify(backup);
            assertThat(cut.integrity()).as(cut.detail()).isEqualTo(BackupVerification.Integrity.CORRUPT);
            assertThat(cut.detail()).contains("pg_wal/" + name + " has " + original.length / 2 + " bytes, a WAL"
                    + " segment has " + original.length + " (truncated)");
            // pg_verifybackup decodes only the records between the start and end LSN, and accepts the cut segment
            pgVerifyBackup(backup, true);

            byte[] zeroed = original.clone();
            java.util.Arrays.fill(zeroed, 0, 40, (byte) 0);
            Files.write(segment, zeroed);
            BackupVerification noHeader = verify(backup);
            assertThat(noHeader.verified()).as(noHeader.detail()).isFalse();
            pgVerifyBackup(backup, false);

            Files.delete(segment);
            BackupVerification missing = verify(backup);
            assertThat(missing.integrity()).as(missing.detail()).isEqualTo(BackupVerification.Integrity.UNVERIFIABLE);
            assertThat(missing.detail()).contains("the WAL it needs is not in pg_wal (missing " + name);
            pgVerifyBackup(backup, false);
        } finally {
            Files.write(segment, original);
        }
    }
}

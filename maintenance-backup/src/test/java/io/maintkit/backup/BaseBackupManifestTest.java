package io.maintkit.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.maintkit.core.internal.Executables;
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
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
    static javax.sql.DataSource source;

    @BeforeAll
    static void baseBackups() throws Exception {
        assumeTrue(Executables.onPath("pg_basebackup").isPresent(),
                "pg_basebackup is not on the PATH (apt-get install postgresql-client-15)");
        engine = TestEngines.postgres();
        source = engine.createDatabase("base_backup_source");
        try (Connection c = source.getConnection();
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
        baseBackupWhileWriting("base-busy");
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

    /**
     * A base backup taken while another session writes 100 kB WAL records, so that its WAL range holds records
     * spanning many WAL pages.
     */
    private static void baseBackupWhileWriting(String name) throws Exception {
        java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.CompletableFuture<Integer> writer = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> {
                    int messages = 0;
                    try (Connection c = source.getConnection(); Statement st = c.createStatement()) {
                        while (!done.get() || messages < 3) {
                            st.execute("SELECT pg_logical_emit_message(false, 'maintkit', repeat('w', 100000))");
                            messages++;
                            Thread.sleep(5);
                        }
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    return messages;
                });
        try {
            baseBackup(name);
        } finally {
            done.set(true);
        }
        assertThat(writer.get(60, TimeUnit.SECONDS)).isPositive();
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
                .contains("no unlisted files").contains("1 WAL segment")
                .containsPattern("; [1-9][0-9]* WAL records? decoded with valid length, prev-link and CRC-32C")
                .doesNotContain("not decoded");
        pgVerifyBackup(backup, true).ifPresent(out -> assertThat(out).contains("backup successfully verified"));

        BackupReport report = BackupVerifier.on(BackupStore.directory(store)).matching(backup).verifyAll().verify();
        assertThat(report.findings()).filteredOn(f -> f.subject().startsWith(backup))
                .singleElement().satisfies(f -> assertThat(f.kind()).isEqualTo("intact"))
                .extracting(Finding::severity).isEqualTo(Severity.OK);
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

    /** The byte at {@code lsn} of the backup's (single) WAL segment inverted while {@code check} runs. */
    private static void withWalByteFlipped(String backup, long lsn, ThrowingCheck check) throws Exception {
        Path segment = dir(backup).resolve("pg_wal/" + segmentName(backup));
        byte[] original = Files.readAllBytes(segment);
        byte[] flipped = original.clone();
        flipped[(int) (lsn % original.length)] ^= (byte) 0xff;
        Files.write(segment, flipped);
        try {
            check.run();
        } finally {
            Files.write(segment, original);
        }
    }

    interface ThrowingCheck {
        void run() throws Exception;
    }

    /** The Start-LSN and End-LSN of the backup's only WAL range. */
    private static long[] walRange(String backup) throws Exception {
        String manifest = Files.readString(dir(backup).resolve("backup_manifest"));
        Matcher m = Pattern.compile("\"Start-LSN\": \"([0-9A-F]+)/([0-9A-F]+)\","
                + " \"End-LSN\": \"([0-9A-F]+)/([0-9A-F]+)\"").matcher(manifest);
        assertThat(m.find()).as(manifest).isTrue();
        return new long[] {Long.parseLong(m.group(1), 16) << 32 | Long.parseLong(m.group(2), 16),
                Long.parseLong(m.group(3), 16) << 32 | Long.parseLong(m.group(4), 16)};
    }

    private static String segmentName(String backup) throws Exception {
        try (var files = Files.list(dir(backup).resolve("pg_wal"))) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.matches("[0-9A-F]{24}")).findFirst()
                    .orElseThrow();
        }
    }

    /**
     * The LSN of the second record of the range (the first is where pg_waldump starts looking, so damage to it reads
     * as "no valid record" there rather than as a bad checksum), found by walking from the Start-LSN by the
     * records' own lengths.
     */
    private static long secondRecord(String backup) throws Exception {
        long[] range = walRange(backup);
        byte[] wal = Files.readAllBytes(dir(backup).resolve("pg_wal/" + segmentName(backup)));
        int at = (int) (range[0] % wal.length);
        long totLen = java.nio.ByteBuffer.wrap(wal, at, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt()
                & 0xffffffffL;
        long second = range[0] + ((totLen + 7) & ~7L);
        assertThat(second % 8192).as("the first record ends inside its page").isGreaterThan(40);
        assertThat(second).as("the range holds a second record").isLessThan(range[1]);
        return second;
    }

    private static String lsn(long lsn) {
        return Long.toHexString(lsn >>> 32).toUpperCase(Locale.ROOT) + "/"
                + Long.toHexString(lsn & 0xffffffffL).toUpperCase(Locale.ROOT);
    }

    @ParameterizedTest
    @ValueSource(strings = {"base-crc32c"})
    void aFlippedByteInsideAWalRecordIsReportedAtItsLsnAsPgVerifyBackupDoes(String backup) throws Exception {
        long record = secondRecord(backup);
        withWalByteFlipped(backup, record + 24, () -> {
            BackupVerification v = verify(backup);
            assertThat(v.integrity()).as(v.detail()).isEqualTo(BackupVerification.Integrity.CORRUPT);
            assertThat(v.detail()).contains("pg_wal/" + segmentName(backup) + ": the WAL record at " + lsn(record)
                    + " is broken: incorrect resource manager data checksum");
            pgVerifyBackup(backup, false).ifPresent(out -> assertThat(out)
                    .contains("incorrect resource manager data checksum in record at " + lsn(record)));
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"base-busy"})
    void recordsSpanningPagesAreDecodedAndAFlipInTheirContinuationIsReported(String backup) throws Exception {
        BackupVerification v = verify(backup);
        assertThat(v.integrity()).as(v.detail()).isEqualTo(BackupVerification.Integrity.INTACT);
        pgVerifyBackup(backup, true);
        Path pgWalDump = pgVerifyBackup.map(p -> p.resolveSibling("pg_waldump")).filter(Files::isExecutable)
                .orElse(null);
        assumeTrue(pgWalDump != null, "pg_waldump is not installed beside pg_verifybackup");
        long[] range = walRange(backup);
        String dump = run(pgWalDump.toString(), "--path=" + dir(backup).resolve("pg_wal"), "--start=" + lsn(range[0]),
                "--end=" + lsn(range[1]));
        long records = dump.lines().filter(l -> l.startsWith("rmgr: ")).count();
        assertThat(v.detail()).as("as many records as pg_waldump decodes").contains("; " + records
                + " WAL records decoded");
        Matcher m = Pattern.compile("rmgr: LogicalMessage +len \\(rec/tot\\): +\\d+/ *(\\d+), tx: +\\d+,"
                + " lsn: ([0-9A-F]+)/([0-9A-F]+)").matcher(dump);
        // a 100 kB record after the range's first one: pg_waldump words a broken first record differently
        long found = -1;
        while (found <= range[0] && m.find()) {
            found = Long.parseLong(m.group(2), 16) << 32 | Long.parseLong(m.group(3), 16);
        }
        long record = found;
        assertThat(record).as("a 100 kB record after the first in the range: %s", dump).isGreaterThan(range[0]);
        assertThat(Long.parseLong(m.group(1))).isGreaterThan(100000);
        // the middle of the second page after the record's start is its data, far from any page header
        long inside = (record / 8192 + 2) * 8192 + 4096;
        Path segment = dir(backup).resolve("pg_wal/" + WalName.of(inside));
        byte[] original = Files.readAllBytes(segment);
        byte[] flipped = original.clone();
        flipped[(int) (inside % original.length)] ^= (byte) 0xff;
        Files.write(segment, flipped);
        try {
            BackupVerification broken = verify(backup);
            assertThat(broken.integrity()).as(broken.detail()).isEqualTo(BackupVerification.Integrity.CORRUPT);
            assertThat(broken.detail()).contains("the WAL record at " + lsn(record)
                    + " is broken: incorrect resource manager data checksum");
            pgVerifyBackup(backup, false).ifPresent(out -> assertThat(out)
                    .contains("incorrect resource manager data checksum in record at " + lsn(record)));
        } finally {
            Files.write(segment, original);
        }
    }

    private static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("%s: %s", command[0], output).isZero();
        return output;
    }

    /** Segment file names on timeline 1 with 16 MiB segments. */
    private static final class WalName {
        static String of(long lsn) {
            long segno = lsn / (16 << 20);
            return String.format("%08X%08X%08X", 1, segno / 256, segno % 256);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"base-crc32c"})
    void aFlippedRecordLengthIsReported(String backup) throws Exception {
        long record = secondRecord(backup);
        withWalByteFlipped(backup, record + 3, () -> {
            BackupVerification v = verify(backup);
            assertThat(v.integrity()).as(v.detail()).isEqualTo(BackupVerification.Integrity.CORRUPT);
            assertThat(v.detail()).contains("the WAL record at " + lsn(record) + " is broken: record length ")
                    .contains(" too long");
            // pg_waldump stops reading at the End-LSN, before the end of the record this length claims, and accepts
            pgVerifyBackup(backup, true);
        });
        withWalByteFlipped(backup, record, () -> {
            BackupVerification v = verify(backup);
            assertThat(v.integrity()).as(v.detail()).isEqualTo(BackupVerification.Integrity.CORRUPT);
            assertThat(v.detail()).contains("the WAL record at " + lsn(record)
                    + " is broken: incorrect resource manager data checksum");
            pgVerifyBackup(backup, false).ifPresent(out -> assertThat(out)
                    .contains("incorrect resource manager data checksum in record at " + lsn(record)));
        });
    }
}

package io.maintkit.backup;

import static org.assertj.core.api.Assertions.assertThat;

import io.maintkit.backup.internal.Crc64Jones;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FormatWalkTest {

    @TempDir
    Path dir;

    @Test
    void crc64JonesMatchesRedisTestVector() {
        Crc64Jones crc = new Crc64Jones();
        byte[] data = "123456789".getBytes(StandardCharsets.US_ASCII);
        crc.update(data, 0, data.length);
        assertThat(crc.value()).isEqualTo(0xe9c6d914c4b8d9caL);
        Crc64Jones split = new Crc64Jones();
        split.update(data, 0, 3);
        split.update(data, 3, 6);
        assertThat(split.value()).isEqualTo(0xe9c6d914c4b8d9caL);
    }

    @Test
    void gzipFromTheGzipToolIsIntactAndEveryTruncationIsCorrupt() throws Exception {
        Path sql = dir.resolve("source.sql");
        Files.writeString(sql, sampleSql(20_000));
        Path gz = dir.resolve("backup-1.sql.gz");
        Process p = new ProcessBuilder("gzip", "-c", sql.toString()).redirectOutput(gz.toFile()).start();
        assertThat(p.waitFor()).isZero();

        BackupVerification intact = verify(gz);
        assertThat(intact.integrity()).isEqualTo(BackupVerification.Integrity.INTACT);
        assertThat(intact.format()).isEqualTo(BackupFormat.GZIP);
        assertThat(intact.detail()).contains("1 gzip member").contains("PostgreSQL plain SQL dump inside");

        long size = Files.size(gz);
        for (long cut : Damage.offsets(0, size, 60, 1)) {
            Path t = Damage.truncated(gz, dir, "cut.gz", cut);
            assertThat(verify(t).integrity()).as("cut at %d of %d", cut, size)
                    .isEqualTo(BackupVerification.Integrity.CORRUPT);
        }
    }

    @Test
    void gzipFlipsInTheCompressedDataAndTrailerAreCorrupt() throws Exception {
        Path gz = dir.resolve("backup-2.sql.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write(sampleSql(20_000).getBytes(StandardCharsets.UTF_8));
        }
        long size = Files.size(gz);
        // bytes 0-3 (magic, method, flags) and 10..end (deflate data, CRC-32, ISIZE) are covered by the format;
        // bytes 4-9 (mtime, extra flags, OS) are not, only a checksum manifest catches flips there.
        List<Long> offsets = new ArrayList<>(List.of(0L, 1L, 2L, 3L));
        offsets.addAll(Damage.offsets(10, size, 80, 2));
        for (long at : offsets) {
            Path f = Damage.flipped(gz, dir, "flip.gz", at);
            assertThat(verify(f).integrity()).as("flip at %d of %d", at, size)
                    .isEqualTo(BackupVerification.Integrity.CORRUPT);
        }
    }

    @Test
    void gzipWithSeveralMembersIsWalkedToTheLastOne() throws Exception {
        Path gz = dir.resolve("multi.gz");
        try (OutputStream out = Files.newOutputStream(gz)) {
            for (int i = 0; i < 3; i++) {
                java.io.ByteArrayOutputStream member = new java.io.ByteArrayOutputStream();
                try (OutputStream z = new GZIPOutputStream(member)) {
                    z.write(("part " + i + "\n").repeat(1000).getBytes(StandardCharsets.UTF_8));
                }
                out.write(member.toByteArray());
            }
        }
        BackupVerification v = verify(gz);
        assertThat(v.integrity()).isEqualTo(BackupVerification.Integrity.INTACT);
        assertThat(v.detail()).contains("3 gzip members");
        Files.write(gz, new byte[] {1, 2, 3}, java.nio.file.StandardOpenOption.APPEND);
        assertThat(verify(gz).integrity()).isEqualTo(BackupVerification.Integrity.CORRUPT);
        assertThat(verify(gz).detail()).contains("trailing bytes");
    }

    @Test
    void plainSqlDumpsNeedTheirTrailer() throws Exception {
        Path complete = dir.resolve("plain.sql");
        Files.writeString(complete, sampleSql(200));
        assertThat(verify(complete).integrity()).isEqualTo(BackupVerification.Integrity.INTACT);
        String text = Files.readString(complete);
        Files.writeString(complete, text.substring(0, text.length() / 2));
        BackupVerification cut = verify(complete);
        assertThat(cut.integrity()).isEqualTo(BackupVerification.Integrity.CORRUPT);
        assertThat(cut.problem()).isEqualTo("truncated");
    }

    @Test
    void unrecognisedFilesAreNeverHealthy() throws Exception {
        Path odd = dir.resolve("notes.bin");
        byte[] bytes = new byte[5000];
        new Random(3).nextBytes(bytes);
        bytes[0] = 7;
        Files.write(odd, bytes);
        BackupVerification v = verify(odd);
        assertThat(v.integrity()).isEqualTo(BackupVerification.Integrity.UNVERIFIABLE);
        assertThat(v.verified()).isFalse();
    }

    private BackupVerification verify(Path file) throws IOException {
        return BackupVerifier.on(BackupStore.directory(file.getParent())).verify(file.getFileName().toString());
    }

    static String sampleSql(int rows) {
        StringBuilder sb = new StringBuilder("--\n-- PostgreSQL database dump\n--\n\nCOPY public.orders (id, note)"
                + " FROM stdin;\n");
        Random random = new Random(rows);
        for (int i = 0; i < rows; i++) {
            sb.append(i).append('\t').append(Long.toHexString(random.nextLong())).append('\n');
        }
        return sb.append("\\.\n\n--\n-- PostgreSQL database dump complete\n--\n\n").toString();
    }
}

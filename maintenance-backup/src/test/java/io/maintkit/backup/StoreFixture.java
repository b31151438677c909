package io.maintkit.backup;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.zip.GZIPOutputStream;

/** Gzip-compressed SQL dumps with chosen sizes and times, listed in a checksum manifest. */
final class StoreFixture {

    private StoreFixture() {
    }

    /** Writes {@code name} holding {@code rows} rows, dated {@code time}, and adds its manifest line. */
    static Path backup(Path dir, String name, int rows, Instant time) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(bytes)) {
            out.write(FormatWalkTest.sampleSql(rows).getBytes(StandardCharsets.UTF_8));
        }
        Path p = dir.resolve(name);
        Files.write(p, bytes.toByteArray());
        Files.setLastModifiedTime(p, FileTime.from(time));
        String hex = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes.toByteArray()));
        ChecksumManifest.sha256().put(BackupStore.directory(dir), name, hex);
        return p;
    }

    /** Damages a backup in place, keeping its time. */
    static void corrupt(Path p) throws IOException {
        FileTime t = Files.getLastModifiedTime(p);
        byte[] b = Files.readAllBytes(p);
        b[b.length / 2] ^= 0x55;
        Files.write(p, b);
        Files.setLastModifiedTime(p, t);
    }
}

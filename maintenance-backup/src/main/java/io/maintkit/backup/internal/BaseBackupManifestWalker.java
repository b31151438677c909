package io.maintkit.backup.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * Verifies a {@code pg_basebackup} {@code backup_manifest}: the SHA-256 manifest checksum over everything before
 * its last line, then every listed file's size and checksum (CRC32C or SHA-224/256/384/512), reading each file to
 * its end. WAL continuity is not checked.
 */
public final class BaseBackupManifestWalker {

    private static final int MAX_MANIFEST = 256 << 20;

    /** Opens a file of the backup by the path the manifest lists. */
    @FunctionalInterface
    public interface Files {
        /** The file's bytes; throws {@link java.nio.file.NoSuchFileException} when it is missing. */
        InputStream open(String path) throws IOException;
    }

    /**
     * What the walk saw.
     *
     * @param manifestVersion the manifest's version
     * @param files           how many files were verified
     * @param bytes           how many bytes they hold
     */
    public record Result(int manifestVersion, int files, long bytes) {
    }

    private BaseBackupManifestWalker() {
    }

    /** Verifies the manifest read from {@code src} and the files it lists. */
    public static Result walk(ByteSource src, Files files) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        while (src.ensure()) {
            if (buffer.size() + src.available() > MAX_MANIFEST) {
                throw new UnsupportedBackupException("the manifest is larger than " + (MAX_MANIFEST >> 20) + " MiB");
            }
            buffer.write(src.buffer(), src.offset(), src.available());
            src.consume(src.available());
        }
        byte[] bytes = buffer.toByteArray();
        verifyOwnChecksum(bytes);
        Object parsed = MiniJson.parse(new String(bytes, StandardCharsets.UTF_8));
        if (!(parsed instanceof Map<?, ?> manifest)) {
            throw new CorruptBackupException("the manifest is not a JSON object");
        }
        int version = number(manifest.get("PostgreSQL-Backup-Manifest-Version"), "the manifest version").intValue();
        if (version < 1 || version > 2) {
            throw new UnsupportedBackupException("manifest version " + version + " is not one maintkit reads (1, 2)");
        }
        if (!(manifest.get("Files") instanceof List<?> list)) {
            throw new CorruptBackupException("the manifest lists no Files");
        }
        long total = 0;
        for (Object item : list) {
            if (!(item instanceof Map<?, ?> file)) {
                throw new CorruptBackupException("a Files entry is not an object");
            }
            total += verifyFile(file, files);
        }
        return new Result(version, list.size(), total);
    }

    private static void verifyOwnChecksum(byte[] bytes) throws CorruptBackupException {
        int last = bytes.length - 1;
        while (last >= 0 && bytes[last] != '\n') {
            last--;
        }
        int penultimate = last - 1;
        while (penultimate >= 0 && bytes[penultimate] != '\n') {
            penultimate--;
        }
        if (last < 0 || penultimate < 0) {
            throw new CorruptBackupException("truncated: the manifest has no checksum line");
        }
        String line = new String(bytes, penultimate + 1, last - penultimate - 1, StandardCharsets.UTF_8).strip();
        String prefix = "\"Manifest-Checksum\": \"";
        if (!line.startsWith(prefix) || !line.endsWith("\"}")) {
            throw new CorruptBackupException("truncated: the manifest's last line is not its checksum");
        }
        String stored = line.substring(prefix.length(), line.length() - 2);
        String computed = HexFormat.of().formatHex(digest("SHA-256").digest(java.util.Arrays.copyOf(bytes,
                penultimate + 1)));
        if (!computed.equalsIgnoreCase(stored)) {
            throw new CorruptBackupException("the manifest's own SHA-256 does not match its contents");
        }
    }

    private static long verifyFile(Map<?, ?> file, Files files) throws IOException {
        Object pathValue = file.containsKey("Path") ? file.get("Path") : file.get("Encoded-Path");
        if (!(pathValue instanceof String path)) {
            throw new CorruptBackupException("a Files entry has no Path");
        }
        if (file.containsKey("Encoded-Path")) {
            path = new String(HexFormat.of().parseHex(path), StandardCharsets.UTF_8);
        }
        long size = number(file.get("Size"), "the size of " + path).longValueExact();
        Object algorithmValue = file.get("Checksum-Algorithm");
        String algorithm = algorithmValue instanceof String s ? s : "NONE";
        Object stored = file.get("Checksum");
        MessageDigest digest = switch (algorithm) {
            case "NONE", "CRC32C" -> null;
            case "SHA224", "SHA256", "SHA384", "SHA512" -> digest("SHA-" + algorithm.substring(3));
            default -> throw new UnsupportedBackupException("unknown checksum algorithm " + algorithm + " for " + path);
        };
        CRC32C crc = algorithm.equals("CRC32C") ? new CRC32C() : null;
        long read = 0;
        byte[] buf = new byte[256 * 1024];
        try (InputStream in = files.open(path)) {
            int n;
            while ((n = in.read(buf)) > 0) {
                read += n;
                if (digest != null) {
                    digest.update(buf, 0, n);
                }
                if (crc != null) {
                    crc.update(buf, 0, n);
                }
            }
        } catch (java.nio.file.NoSuchFileException e) {
            throw new CorruptBackupException("file " + path + " listed in the manifest is missing");
        }
        if (read != size) {
            throw new CorruptBackupException("file " + path + " has " + read + " bytes, the manifest says " + size);
        }
        String computed = null;
        if (digest != null) {
            computed = HexFormat.of().formatHex(digest.digest());
        } else if (crc != null) {
            int v = (int) crc.getValue();
            computed = HexFormat.of().formatHex(new byte[] {(byte) v, (byte) (v >>> 8), (byte) (v >>> 16),
                    (byte) (v >>> 24)});
        }
        if (computed != null && !(stored instanceof String s && s.equalsIgnoreCase(computed))) {
            throw new CorruptBackupException("file " + path + ": " + algorithm + " checksum mismatch");
        }
        return read;
    }

    private static BigDecimal number(Object value, String what) throws CorruptBackupException {
        if (!(value instanceof BigDecimal n)) {
            throw new CorruptBackupException("the manifest has no number for " + what);
        }
        return n;
    }

    private static MessageDigest digest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is missing from this JVM", e);
        }
    }
}

package io.maintkit.backup.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.CRC32C;

/**
 * Verifies a plain-format {@code pg_basebackup} {@code backup_manifest} as {@code pg_verifybackup} does: the SHA-256
 * manifest checksum over everything before its last line, every listed file's size and checksum (CRC32C or
 * SHA-224/256/384/512, each file read to its end), files on disk the manifest does not list, and the WAL the
 * backup needs ({@link WalSegments}). Every problem is collected, not only the first.
 */
public final class BaseBackupManifestWalker {

    /** What {@code pg_verifybackup} leaves out of the unlisted-file check: files a restore may add or change. */
    static final Set<String> IGNORED = Set.of("backup_manifest", "postgresql.auto.conf", "recovery.signal",
            "standby.signal");

    /** The largest manifest read: a cluster of millions of files. */
    static final int MAX_MANIFEST = 256 << 20;
    private static final int MAX_LISTED = 10;

    /** The files of the backup, by the paths the manifest lists. */
    public interface Files {
        /** The file's bytes; throws {@link java.nio.file.NoSuchFileException} when it is missing. */
        InputStream open(String path) throws IOException;

        /** Every regular file of the backup, relative to its root; empty when the store cannot list them. */
        default Optional<List<String>> list() throws IOException {
            return Optional.empty();
        }
    }

    /**
     * What the walk saw.
     *
     * @param manifestVersion the manifest's version
     * @param files           how many files were verified
     * @param bytes           how many bytes they hold
     * @param algorithms      the checksum algorithms the manifest uses ({@code NONE} for size only)
     * @param unlistedChecked whether the backup's files could be listed to look for unlisted ones
     * @param wal             what was found of the WAL the backup needs
     */
    public record Result(int manifestVersion, int files, long bytes, Set<String> algorithms, boolean unlistedChecked,
                         WalSegments.Result wal) {
    }

    private BaseBackupManifestWalker() {
    }

    /** Verifies the manifest read from {@code src} and the files it lists. */
    public static Result walk(ByteSource src, Files files) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        while (src.ensure()) {
            if (buffer.size() + src.available() > MAX_MANIFEST) {
                throw new UnsupportedBackupException("too-large", "the manifest is larger than "
                        + (MAX_MANIFEST >> 20) + " MiB");
            }
            buffer.write(src.buffer(), src.offset(), src.available());
            src.consume(src.available());
        }
        byte[] bytes = buffer.toByteArray();
        verifyOwnChecksum(bytes);
        List<Problem> problems = new ArrayList<>();
        Set<String> listed = new HashSet<>();
        Set<String> algorithms = new TreeSet<>();
        long total = 0;
        int version = 0;
        int fileCount = -1;
        Object walRanges = null;
        try (JsonParser p = ManifestJson.parser(bytes)) {
            if (ManifestJson.next(p) != JsonToken.START_OBJECT) {
                throw new CorruptBackupException("manifest-invalid", "the manifest is not a JSON object");
            }
            while (ManifestJson.next(p) == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                ManifestJson.next(p);
                switch (field) {
                    case "PostgreSQL-Backup-Manifest-Version" -> {
                        long v = ManifestJson.longOf(ManifestJson.value(p), "the manifest version");
                        if (v < 1 || v > 2) {
                            throw new UnsupportedBackupException("unsupported-version", "manifest version " + v
                                    + " is not one maintkit reads (1, 2)");
                        }
                        version = (int) v;
                    }
                    case "Files" -> {
                        if (p.currentToken() != JsonToken.START_ARRAY) {
                            throw new CorruptBackupException("manifest-invalid", "the manifest's Files is not a list");
                        }
                        fileCount = 0;
                        while (ManifestJson.next(p) != JsonToken.END_ARRAY) {
                            if (!(ManifestJson.value(p) instanceof Map<?, ?> file)) {
                                throw new CorruptBackupException("manifest-invalid", "a Files entry is not an object");
                            }
                            String path = path(file);
                            listed.add(path);
                            algorithms.add(file.get("Checksum-Algorithm") instanceof String a ? a : "NONE");
                            total += verifyFile(path, file, files, problems);
                            fileCount++;
                        }
                    }
                    case "WAL-Ranges" -> walRanges = ManifestJson.value(p);
                    default -> ManifestJson.skip(p);
                }
            }
            if (p.nextToken() != null) {
                throw new CorruptBackupException("manifest-invalid", "invalid JSON: text after the manifest's object");
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new CorruptBackupException("manifest-invalid", "invalid JSON after the manifest's object: "
                    + e.getOriginalMessage());
        }
        if (version == 0) {
            throw new CorruptBackupException("manifest-invalid", "the manifest has no number for the manifest"
                    + " version");
        }
        if (fileCount < 0) {
            throw new CorruptBackupException("manifest-invalid", "the manifest lists no Files");
        }
        Optional<List<String>> onDisk = files.list();
        if (onDisk.isPresent()) {
            for (String path : new TreeSet<>(onDisk.get())) {
                if (!listed.contains(path) && !IGNORED.contains(path) && !path.startsWith("pg_wal/")) {
                    problems.add(new Problem("extra-file", "file " + path + " is on disk but not in the manifest"));
                }
            }
        }
        WalSegments.Result wal = WalSegments.check(walRanges, files, problems);
        if (!problems.isEmpty()) {
            throw new CorruptBackupException(problems.get(0).kind(), describe(problems));
        }
        if (!wal.missing().isEmpty()) {
            throw new UnsupportedBackupException("wal-missing",
                    "the files match the manifest, but the WAL it needs is not in"
                    + " pg_wal (missing " + String.join(", ", wal.missing()) + "); such a backup restores only"
                    + " with a WAL archive, which maintkit does not check");
        }
        return new Result(version, fileCount, total, algorithms, onDisk.isPresent(), wal);
    }

    private static String describe(List<Problem> problems) {
        StringBuilder sb = new StringBuilder(problems.size() == 1 ? "" : problems.size() + " problems: ");
        sb.append(problems.subList(0, Math.min(MAX_LISTED, problems.size())).stream().map(Problem::text)
                .collect(java.util.stream.Collectors.joining("; ")));
        if (problems.size() > MAX_LISTED) {
            sb.append("; and ").append(problems.size() - MAX_LISTED).append(" more");
        }
        return sb.toString();
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
            throw new CorruptBackupException("truncated", "truncated: the manifest has no checksum line");
        }
        String line = new String(bytes, penultimate + 1, last - penultimate - 1, StandardCharsets.UTF_8).strip();
        String prefix = "\"Manifest-Checksum\": \"";
        if (!line.startsWith(prefix) || !line.endsWith("\"}")) {
            throw new CorruptBackupException("truncated", "truncated: the manifest's last line is not its checksum");
        }
        String stored = line.substring(prefix.length(), line.length() - 2);
        String computed = HexFormat.of().formatHex(digest("SHA-256").digest(java.util.Arrays.copyOf(bytes,
                penultimate + 1)));
        if (!computed.equalsIgnoreCase(stored)) {
            throw new CorruptBackupException("checksum-mismatch",
                    "the manifest's own SHA-256 does not match its contents: the manifest"
                    + " was changed or damaged, so no file can be checked against it");
        }
    }

    private static String path(Map<?, ?> file) throws CorruptBackupException {
        if (file.get("Path") instanceof String path) {
            return path;
        }
        if (file.get("Encoded-Path") instanceof String encoded) {
            try {
                return new String(HexFormat.of().parseHex(encoded), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new CorruptBackupException("manifest-invalid",
                        "a Files entry has an Encoded-Path that is not hex");
            }
        }
        throw new CorruptBackupException("manifest-invalid", "a Files entry has no Path");
    }

    private static long verifyFile(String path, Map<?, ?> file, Files files, List<Problem> problems)
            throws IOException {
        long size = ManifestJson.longOf(file.get("Size"), "the size of " + path);
        Object algorithmValue = file.get("Checksum-Algorithm");
        String algorithm = algorithmValue instanceof String s ? s : "NONE";
        Object stored = file.get("Checksum");
        MessageDigest digest = switch (algorithm) {
            case "NONE", "CRC32C" -> null;
            case "SHA224", "SHA256", "SHA384", "SHA512" -> digest("SHA-" + algorithm.substring(3));
            default -> throw new UnsupportedBackupException("unsupported-checksum", "unknown checksum algorithm "
                    + algorithm + " for " + path);
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
            problems.add(new Problem("missing-file", "file " + path + " is in the manifest but missing"));
            return 0;
        }
        if (read != size) {
            problems.add(new Problem("size-mismatch", "file " + path + " has " + read + " bytes, the manifest says "
                    + size + (read < size ? " (truncated)" : "")));
            return read;
        }
        boolean matches;
        if (digest != null) {
            matches = stored instanceof String s && s.equalsIgnoreCase(HexFormat.of().formatHex(digest.digest()));
        } else if (crc != null) {
            matches = stored instanceof String s && crc32cMatches(s, (int) crc.getValue());
        } else {
            matches = true;
        }
        if (!matches) {
            problems.add(new Problem("checksum-mismatch", "file " + path + " does not match its " + algorithm
                    + " checksum in the manifest"));
        }
        return read;
    }

    /**
     * PostgreSQL writes a CRC32C as the bytes of the value in the server's own byte order: little-endian on
     * x86 and ARM, big-endian on s390x. Either order is accepted.
     */
    static boolean crc32cMatches(String stored, int value) {
        String little = HexFormat.of().formatHex(new byte[] {(byte) value, (byte) (value >>> 8),
                (byte) (value >>> 16), (byte) (value >>> 24)});
        String big = String.format("%08x", value);
        return stored.equalsIgnoreCase(little) || stored.equalsIgnoreCase(big);
    }

    private static MessageDigest digest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is missing from this JVM", e);
        }
    }
}

package io.maintkit.core.internal;

import io.maintkit.core.ArchiveSink;

import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The built-in {@link ArchiveSink}: per batch a {@code .csv.gz} file and a {@code .manifest}, written as
 * {@code .pending} files, synced, and renamed to their final names on confirmation.
 */
public final class GzipCsvFiles implements ArchiveSink {

    /** Suffix of a batch's data file. */
    public static final String DATA = ".csv.gz";
    /** Suffix of a batch's manifest. */
    public static final String MANIFEST = ".manifest";
    /** Suffix of a file not yet final. */
    public static final String PENDING = ".pending";
    private static final int BUFFER = 64 * 1024;
    private static final int MAX_PREFIX = 100;

    private final Path directory;

    /** A sink writing into {@code directory}, created when missing. */
    public GzipCsvFiles(Path directory) {
        this.directory = Objects.requireNonNull(directory, "directory").toAbsolutePath();
    }

    /** The part of the file names that names the table: safe characters kept, others escaped as {@code %XX}. */
    static String prefix(String table) {
        StringBuilder s = new StringBuilder();
        for (byte b : table.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-') {
                s.append(c);
            } else {
                s.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        if (s.length() > MAX_PREFIX) {
            return s.substring(0, 60) + "~" + HexFormat.of().formatHex(sha256(table.getBytes(StandardCharsets.UTF_8)))
                    .substring(0, 16);
        }
        return s.toString();
    }

    private static byte[] sha256(byte[] bytes) {
        return digest().digest(bytes);
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public ArchiveSink.Batch open(String table, String batchId, long transactionId) throws IOException {
        if (!batchId.matches("[A-Za-z0-9-]+")) {
            throw new IllegalArgumentException("a batch id holds letters, digits and '-' only: " + batchId);
        }
        Files.createDirectories(directory);
        Path base = directory.resolve(prefix(table) + "." + batchId);
        return new FileBatch(directory, table, base, batchId, transactionId);
    }

    @Override
    public List<ArchiveSink.Pending> pending(String table) throws IOException {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        String start = prefix(table) + ".";
        List<ArchiveSink.Pending> found = new ArrayList<>();
        List<Path> names;
        try (Stream<Path> s = Files.list(directory)) {
            names = s.filter(p -> String.valueOf(p.getFileName()).startsWith(start)).sorted().toList();
        }
        for (Path p : names) {
            String name = String.valueOf(p.getFileName());
            if (name.endsWith(MANIFEST + PENDING)) {
                Path base = p.resolveSibling(name.substring(0, name.length() - (MANIFEST + PENDING).length()));
                Map<String, String> m = readManifest(p);
                found.add(new FilePending(directory, base, m.get("batch"), Long.parseLong(m.get("transaction")),
                        Long.parseLong(m.get("rows")), Long.parseLong(m.get("bytes"))));
            } else if (name.endsWith(DATA + PENDING)) {
                Path base = p.resolveSibling(name.substring(0, name.length() - (DATA + PENDING).length()));
                if (!Files.exists(Path.of(base + MANIFEST + PENDING))) {
                    // written but never prepared: its transaction was never asked to commit
                    Files.deleteIfExists(p);
                }
            } else if (name.endsWith(".tmp")) {
                Files.deleteIfExists(p);
            }
        }
        DurableFiles.syncFolder(directory);
        return found;
    }

    /** Reads a manifest's {@code key=value} lines. */
    public static Map<String, String> readManifest(Path manifest) throws IOException {
        Map<String, String> m = new LinkedHashMap<>();
        for (String line : Files.readAllLines(manifest, StandardCharsets.UTF_8)) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                m.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return m;
    }

    /**
     * Reads a batch's data file back: its header line and its rows, each a list of fields as written (quotes
     * removed, doubled quotes undone; a null and an empty string both read as empty).
     */
    public static List<List<String>> readCsv(Path gz) throws IOException {
        List<List<String>> rows = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(gz)), StandardCharsets.UTF_8))) {
            List<String> row = new ArrayList<>();
            StringBuilder field = new StringBuilder();
            boolean quoted = false;
            int c;
            boolean any = false;
            while ((c = r.read()) != -1) {
                any = true;
                char ch = (char) c;
                if (quoted) {
                    if (ch == '"') {
                        r.mark(1);
                        int next = r.read();
                        if (next == '"') {
                            field.append('"');
                        } else {
                            quoted = false;
                            if (next != -1) {
                                r.reset();
                            }
                        }
                    } else {
                        field.append(ch);
                    }
                } else if (ch == '"') {
                    quoted = true;
                } else if (ch == ',') {
                    row.add(field.toString());
                    field.setLength(0);
                } else if (ch == '\n') {
                    row.add(field.toString());
                    field.setLength(0);
                    rows.add(row);
                    row = new ArrayList<>();
                    any = false;
                } else {
                    field.append(ch);
                }
            }
            if (any) {
                row.add(field.toString());
                rows.add(row);
            }
        }
        return rows;
    }

    @Override
    public String toString() {
        return "gzip CSV files in " + directory;
    }

    /** A batch being written to {@code <base>.csv.gz.pending}. */
    private static final class FileBatch implements ArchiveSink.Batch {
        private final Path folder;
        private final String table;
        private final Path base;
        private final String batchId;
        private final long transactionId;
        private final Path data;
        private final FileChannel channel;
        private final MessageDigest sha = digest();
        private final CountingStream counted;
        private final GZIPOutputStream gzip;
        private boolean prepared;
        private boolean closed;

        FileBatch(Path folder, String table, Path base, String batchId, long transactionId) throws IOException {
            this.folder = folder;
            this.table = table;
            this.base = base;
            this.batchId = batchId;
            this.transactionId = transactionId;
            this.data = Path.of(base + DATA + PENDING);
            this.channel = FileChannel.open(data, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            this.counted = new CountingStream(new DigestOutputStream(
                    new BufferedOutputStream(Channels.newOutputStream(channel), BUFFER), sha));
            this.gzip = new GZIPOutputStream(counted, BUFFER);
        }

        @Override
        public OutputStream out() {
            return gzip;
        }

        @Override
        public ArchiveSink.Pending prepare(String source, long rows) throws IOException {
            gzip.finish();
            gzip.flush();
            channel.force(true);
            gzip.close();
            closed = true;
            Map<String, String> m = new LinkedHashMap<>();
            m.put("table", table);
            m.put("source", source);
            m.put("batch", batchId);
            m.put("transaction", Long.toString(transactionId));
            m.put("rows", Long.toString(rows));
            m.put("bytes", Long.toString(counted.count));
            m.put("sha256", HexFormat.of().formatHex(sha.digest()));
            m.put("format", "csv, header line, gzip");
            StringBuilder text = new StringBuilder();
            m.forEach((k, v) -> text.append(k).append('=').append(v.replace('\n', ' ')).append('\n'));
            Path temp = Path.of(base + MANIFEST + ".tmp");
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ch.write(java.nio.ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8)));
                ch.force(true);
            }
            DurableFiles.moveIntoPlace(temp, Path.of(base + MANIFEST + PENDING), false);
            prepared = true;
            return new FilePending(folder, base, batchId, transactionId, rows, counted.count);
        }

        @Override
        public void close() throws IOException {
            if (prepared) {
                return;
            }
            try {
                if (!closed) {
                    closed = true;
                    channel.close();
                }
            } finally {
                Files.deleteIfExists(data);
                Files.deleteIfExists(Path.of(base + MANIFEST + ".tmp"));
            }
        }
    }

    /** A prepared batch: {@code <base>.manifest.pending} exists. */
    private record FilePending(Path folder, Path base, String batchId, long transactionId, long rows, long bytes)
            implements ArchiveSink.Pending {

        @Override
        public void confirm() throws IOException {
            // data first: a batch is final once its manifest is; both renames are made durable by one folder sync
            Path data = Path.of(base + DATA + PENDING);
            if (Files.exists(data)) {
                Files.move(data, Path.of(base + DATA), StandardCopyOption.ATOMIC_MOVE);
            }
            Path manifest = Path.of(base + MANIFEST + PENDING);
            if (Files.exists(manifest)) {
                Files.move(manifest, Path.of(base + MANIFEST), StandardCopyOption.ATOMIC_MOVE);
            }
            DurableFiles.syncFolder(folder);
        }

        @Override
        public void discard() throws IOException {
            Files.deleteIfExists(Path.of(base + DATA + PENDING));
            Files.deleteIfExists(Path.of(base + MANIFEST + PENDING));
            DurableFiles.syncFolder(folder);
        }
    }

    /** Counts the bytes that reach the file. */
    private static final class CountingStream extends java.io.FilterOutputStream {
        long count;

        CountingStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }
    }
}

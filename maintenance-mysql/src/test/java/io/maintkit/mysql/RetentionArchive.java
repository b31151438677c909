package io.maintkit.mysql;

import static org.assertj.core.api.Assertions.assertThat;

import io.maintkit.core.ArchiveSink;
import io.maintkit.core.internal.GzipCsvFiles;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import javax.sql.DataSource;

/** Reads a gzip CSV archive directory back, every final batch checked against its manifest, and sinks that fail. */
final class RetentionArchive {

    private RetentionArchive() {
    }

    /** The data rows of every final batch, manifests verified (rows, SHA-256). */
    static List<List<String>> rows(Path dir) {
        List<List<String>> all = new ArrayList<>();
        for (Path data : files(dir, GzipCsvFiles.DATA)) {
            try {
                Map<String, String> m = GzipCsvFiles.readManifest(
                        Path.of(data.toString().replace(GzipCsvFiles.DATA, GzipCsvFiles.MANIFEST)));
                assertThat(m.get("sha256")).as(data.toString()).isEqualTo(HexFormat.of().formatHex(
                        MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(data))));
                List<List<String>> batch = GzipCsvFiles.readCsv(data);
                List<List<String>> body = batch.subList(1, batch.size());
                assertThat((long) body.size()).as("rows of " + data).isEqualTo(Long.parseLong(m.get("rows")));
                all.addAll(body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
        return all;
    }

    /** The header line of the first final batch. */
    static List<String> header(Path dir) throws IOException {
        return GzipCsvFiles.readCsv(files(dir, GzipCsvFiles.DATA).get(0)).get(0);
    }

    /**
     * Every old row ({@code oldIds}) is either still in the table or archived, never both, never twice, and no
     * other row was archived.
     */
    static void assertExactlyOnce(Path dir, DataSource ds, String table, Set<Long> oldIds) throws SQLException {
        List<Long> archived = rows(dir).stream().map(r -> Long.parseLong(r.get(0))).toList();
        Set<Long> unique = new HashSet<>(archived);
        assertThat(unique).as("archived rows without duplicates").hasSameSizeAs(archived);
        assertThat(oldIds).as("only old rows archived").containsAll(unique);
        Set<Long> remaining = new HashSet<>(ids(ds, "SELECT id FROM " + table));
        Set<Long> both = new HashSet<>(unique);
        both.retainAll(remaining);
        assertThat(both).as("rows archived but still in the table").isEmpty();
        Set<Long> lost = new HashSet<>(oldIds);
        lost.removeAll(unique);
        lost.removeAll(remaining);
        assertThat(lost).as("old rows neither archived nor in the table").isEmpty();
        assertThat(pending(dir)).as("pending batch files").isEmpty();
    }

    static List<Long> ids(DataSource ds, String sql) throws SQLException {
        List<Long> ids = new ArrayList<>();
        try (Connection c = ds.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                ids.add(rs.getLong(1));
            }
        }
        return ids;
    }

    static List<Path> pending(Path dir) {
        return files(dir, GzipCsvFiles.PENDING);
    }

    static List<Path> files(Path dir, String suffix) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A sink that passes everything on to another. */
    static class Forwarding implements ArchiveSink {
        private final ArchiveSink to;

        Forwarding(ArchiveSink to) {
            this.to = to;
        }

        @Override
        public Batch open(String table, String batchId, long transactionId) throws IOException {
            return to.open(table, batchId, transactionId);
        }

        @Override
        public List<Pending> pending(String table) throws IOException {
            return to.pending(table);
        }
    }

    /** A batch that passes everything on to another. */
    static class ForwardingBatch implements ArchiveSink.Batch {
        private final ArchiveSink.Batch to;

        ForwardingBatch(ArchiveSink.Batch to) {
            this.to = to;
        }

        @Override
        public OutputStream out() {
            return to.out();
        }

        @Override
        public ArchiveSink.Pending prepare(String source, long rows) throws IOException {
            return to.prepare(source, rows);
        }

        @Override
        public void close() throws IOException {
            to.close();
        }
    }
}

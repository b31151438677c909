package io.maintkit.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.maintkit.core.internal.GzipCsvFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.sql.DataSource;

/** Reads a gzip CSV archive directory back: every final batch checked against its manifest. */
final class Archive {

    private Archive() {
    }

    /** The header and data rows of every final batch, manifests verified (rows, SHA-256). */
    static List<List<String>> rows(Path dir) {
        List<List<String>> all = new ArrayList<>();
        for (Path data : files(dir, GzipCsvFiles.DATA)) {
            try {
                Path manifest = Path.of(data.toString().replace(GzipCsvFiles.DATA, GzipCsvFiles.MANIFEST));
                Map<String, String> m = GzipCsvFiles.readManifest(manifest);
                String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                        .digest(Files.readAllBytes(data)));
                assertThat(m.get("sha256")).as(data.toString()).isEqualTo(sha);
                List<List<String>> batch = parse(data);
                assertThat(batch).as("header of " + data).isNotEmpty();
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

    /** The header line of the first batch. */
    static List<String> header(Path dir) {
        try {
            return parse(files(dir, GzipCsvFiles.DATA).get(0)).get(0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first column of every archived row, as longs. */
    static List<Long> ids(Path dir) {
        return rows(dir).stream().map(r -> Long.parseLong(r.get(0))).toList();
    }

    /** Every old row (ids 1..old) is either still in the table or archived, never both, never twice. */
    static void assertExactlyOnce(Path dir, DataSource ds, String table, long old) {
        List<Long> archived = ids(dir);
        java.util.Set<Long> unique = new java.util.HashSet<>(archived);
        assertThat(unique.size()).as("archived rows without duplicates").isEqualTo(archived.size());
        java.util.Set<Long> remaining = new java.util.HashSet<>(ids(ds, "SELECT id FROM " + table + " WHERE id <= " + old));
        java.util.Set<Long> both = new java.util.HashSet<>(unique);
        both.retainAll(remaining);
        assertThat(both).as("rows archived but still in the table").isEmpty();
        assertThat(unique.size() + remaining.size()).as("archived + remaining old rows").isEqualTo((int) old);
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

    static List<Path> pending(Path dir) {
        return files(dir, GzipCsvFiles.PENDING);
    }

    /** The ids in a table, by a query that returns one bigint column. */
    static List<Long> ids(DataSource ds, String sql) {
        List<Long> ids = new ArrayList<>();
        try (var c = ds.getConnection(); var st = c.createStatement(); var rs = st.executeQuery(sql)) {
            while (rs.next()) {
                ids.add(rs.getLong(1));
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        return ids;
    }

    private static List<List<String>> parse(Path gz) throws IOException {
        return GzipCsvFiles.readCsv(gz);
    }
}

package io.maintkit.benchmarks;

import io.maintkit.core.ArchiveSink;
import io.maintkit.core.ExecutionOptions;
import io.maintkit.core.Outcome;
import io.maintkit.mysql.RetentionRun;
import io.maintkit.mysql.TableRetention;
import io.maintkit.testkit.SystemMariaDb;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;

/**
 * MariaDB/MySQL table retention against pt-archiver, in the same run on the same server (Debian's MariaDB, started
 * by the test kit with a 1 GiB buffer pool), each tool on its own copy of one table loaded just before it runs
 * (default 4,000,000 rows, the older half before the cutoff, an index on the cutoff column), pt-archiver first:
 * {@code pt-archiver --source ... --where ... --file ... --limit 1000 --commit-each --bulk-delete} against
 * {@link TableRetention} with its defaults (ranges of 10,000 keys, {@code DELETE ... RETURNING}, each batch's gzip
 * file synced before its commit, a pause of a tenth of each batch's time), and once more with
 * {@code pauseRatio(0)}, unthrottled like pt-archiver without {@code --sleep}. Prints the throughputs and their
 * ratio to pt-archiver's (target at least 1.5x), the longest batch transaction (target under 1 s), and the largest
 * heap in use (target under 64 MiB; run with {@code -Xmx64m}).
 *
 * <pre>
 * ./mvnw -q -pl benchmarks -am package exec:exec -DskipTests -Dexec.executable=java \
 *     -Dexec.args="-Xmx64m -cp %classpath io.maintkit.benchmarks.MysqlRetentionBenchmark 4000000"
 * </pre>
 */
public final class MysqlRetentionBenchmark {

    private static final DateTimeFormatter SQL_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneOffset.UTC);

    private MysqlRetentionBenchmark() {
    }

    /** Runs the benchmark; the optional argument is the number of rows per table. */
    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 4_000_000;
        SystemMariaDb server = SystemMariaDb.start("--innodb-buffer-pool-size=1G");
        try {
            run(server, rows);
        } finally {
            server.stop();
        }
    }

    private static void run(SystemMariaDb server, int rows) throws Exception {
        DataSource db = server.createDatabase("bench_retention");
        System.out.printf(Locale.ROOT, "MariaDB %s (Debian, started by the test kit), %,d rows per table, -Xmx %d"
                + " MiB%n", server.version(), rows, Runtime.getRuntime().maxMemory() >> 20);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant base = now.minus(Duration.ofDays(200));
        Instant cutoff = now.minus(Duration.ofDays(110));
        Path dir = Files.createTempDirectory("maintkit-bench-mysql-retention");

        String where = "created_at < '" + SQL_TIME.format(cutoff) + "'";
        load(db, "events_pt", base, rows, where);
        List<String> pt = List.of("pt-archiver", "--source", "h=" + server.host() + ",P=" + server.port() + ",u="
                        + server.user() + (server.password().isEmpty() ? "" : ",p=" + server.password())
                        + ",A=utf8mb4,D=bench_retention,t=events_pt", "--where", where,
                "--file", dir.resolve("pt-archiver.txt").toString(), "--limit", "1000", "--commit-each",
                "--bulk-delete");
        long before = count(db, "SELECT COUNT(*) FROM events_pt");
        long p0 = System.nanoTime();
        Process p = new ProcessBuilder(pt).redirectErrorStream(true).start();
        String ptOutput = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        int exit = p.waitFor();
        double ptSeconds = (System.nanoTime() - p0) / 1e9;
        if (exit != 0) {
            throw new IllegalStateException("pt-archiver failed (" + exit + "): " + ptOutput);
        }
        long ptRows = before - count(db, "SELECT COUNT(*) FROM events_pt");
        exec(db, "DROP TABLE events_pt");

        Timed defaults = retention(db, "events_maintkit", base, rows, where, cutoff, now, dir, false);
        Timed unpaused = retention(db, "events_unpaused", base, rows, where, cutoff, now, dir, true);

        double ptRate = ptRows / ptSeconds;
        RetentionRun run = defaults.run();
        System.out.println("baseline: " + String.join(" ", pt.stream().map(a -> a.contains(" ") ? "\"" + a + "\""
                : a).toList()));
        System.out.printf(Locale.ROOT, "pt-archiver 1000-row batches: %,d rows in %.1f s = %,.0f rows/s%n",
                ptRows, ptSeconds, ptRate);
        for (Timed t : List.of(defaults, unpaused)) {
            double rate = t.run().rows() / t.seconds();
            System.out.printf(Locale.ROOT, "TableRetention, %s (%s, %d batches): %,d rows in %.1f s = %,.0f rows/s,"
                            + " %.2fx pt-archiver (target >= 1.5x); longest batch transaction %d ms (target < 1000"
                            + " ms); largest heap in use %.1f MiB (target < 64 MiB; -Xmx %d MiB)%n",
                    t == defaults ? "defaults (pause of a tenth of each batch's time)" : "pauseRatio(0), no pause"
                            + " between batches like pt-archiver without --sleep", t.run().outcome(),
                    t.run().batches(), t.run().rows(), t.seconds(), rate, rate / ptRate,
                    t.run().longestBatch().toMillis(), t.heap() / 1048576.0, Runtime.getRuntime().maxMemory() >> 20);
        }
        System.out.println("command: ./mvnw -q -pl benchmarks -am package exec:exec -DskipTests"
                + " -Dexec.executable=java -Dexec.args=\"-Xmx64m -cp %classpath"
                + " io.maintkit.benchmarks.MysqlRetentionBenchmark " + rows + "\"");
        for (Timed t : List.of(defaults, unpaused)) {
            if (t.run().outcome() != Outcome.SUCCEEDED || t.run().rows() != ptRows) {
                throw new IllegalStateException("retention did not remove the same rows as pt-archiver (" + ptRows
                        + "): " + t.run());
            }
        }
    }

    /** A retention run with its wall time and the largest heap in use during it. */
    private record Timed(RetentionRun run, double seconds, long heap) {
    }

    /** Loads {@code table} and trims it with the defaults, or without pauses between batches. */
    private static Timed retention(DataSource db, String table, Instant base, int rows, String where, Instant cutoff,
                                   Instant now, Path dir, boolean unpaused) throws Exception {
        load(db, table, base, rows, where);
        HeapWatch heap = HeapWatch.start();
        long r0 = System.nanoTime();
        TableRetention retention = TableRetention.on(db).table("bench_retention", table)
                .olderThan("created_at", Duration.between(cutoff, now))
                .clock(Clock.fixed(now, ZoneOffset.UTC))
                .archiveTo(ArchiveSink.gzipCsvFiles(dir.resolve(table)));
        RetentionRun run = (unpaused ? retention.pauseRatio(0) : retention)
                .execute(ExecutionOptions.defaults().allowDestructive(true));
        double seconds = (System.nanoTime() - r0) / 1e9;
        heap.stop();
        exec(db, "DROP TABLE " + table);
        return new Timed(run, seconds, heap.max());
    }

    /**
     * Creates and fills a table of {@code rows} rows whose {@code created_at} grows with the key over 180 days from
     * {@code base}, so the run reads it as fresh as the other tool did its copy.
     */
    private static void load(DataSource db, String table, Instant base, int rows, String where) throws Exception {
        long t0 = System.nanoTime();
        exec(db, "CREATE TABLE " + table + " (id BIGINT NOT NULL PRIMARY KEY, created_at DATETIME NOT NULL,"
                        + " kind VARCHAR(16) NOT NULL, payload VARCHAR(64), KEY created_at (created_at))"
                        + " ENGINE=InnoDB",
                "INSERT INTO " + table + " SELECT seq, TIMESTAMP '" + SQL_TIME.format(base) + "' + INTERVAL"
                        + " (seq * 180 * 86400 DIV " + rows + ") SECOND, CONCAT('kind-', seq % 7), MD5(seq)"
                        + " FROM seq_1_to_" + rows,
                "ANALYZE TABLE " + table);
        System.out.printf(Locale.ROOT, "%s loaded in %.1f s: %,d rows, %,d of them older than the cutoff%n", table,
                (System.nanoTime() - t0) / 1e9, count(db, "SELECT COUNT(*) FROM " + table),
                count(db, "SELECT COUNT(*) FROM " + table + " WHERE " + where));
    }

    private static long count(DataSource db, String sql) throws Exception {
        try (Connection c = db.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void exec(DataSource db, String... statements) throws Exception {
        try (Connection c = db.getConnection(); Statement st = c.createStatement()) {
            for (String s : statements) {
                st.execute(s);
            }
        }
    }
}

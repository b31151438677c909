package io.maintkit.benchmarks;

import io.maintkit.core.ArchiveSink;
import io.maintkit.core.ExecutionOptions;
import io.maintkit.core.Outcome;
import io.maintkit.postgres.RetentionRun;
import io.maintkit.postgres.TableRetention;
import io.maintkit.testkit.TestEngines;

import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.zip.GZIPOutputStream;
import javax.sql.DataSource;
import org.postgresql.PGConnection;

/**
 * Table retention against its baseline, measured in the same run on two identical tables (default 4,000,000 rows,
 * half of them older than the cutoff, an index on the cutoff column): a single
 * {@code COPY (DELETE ... RETURNING *) TO STDOUT} into one gzip CSV file, one transaction, against
 * {@link TableRetention} with its defaults (batches of 10,000, each followed by a pause of a tenth of its time,
 * every batch file synced before its commit). Prints the throughput ratio (target at least 0.5x), the longest batch transaction (target under 1 s), and
 * the largest heap in use (target under 64 MiB; run with {@code -Xmx64m}).
 *
 * <pre>
 * ./mvnw -q -pl benchmarks -am package exec:exec -DskipTests -Dexec.executable=java \
 *     -Dexec.args="-Xmx64m -cp %classpath io.maintkit.benchmarks.TableRetentionBenchmark 4000000"
 * </pre>
 */
public final class TableRetentionBenchmark {

    private TableRetentionBenchmark() {
    }

    /** Runs the benchmark; the optional argument is the number of rows per table. */
    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 4_000_000;
        DataSource db = TestEngines.postgres().createDatabase("bench_retention");
        System.out.printf(Locale.ROOT, "PostgreSQL %d, %,d rows per table, %,d older than the cutoff, -Xmx %d MiB%n",
                TestEngines.postgres().majorVersion(), rows, rows / 2, Runtime.getRuntime().maxMemory() >> 20);
        long t0 = System.nanoTime();
        Instant base = Instant.now().minus(Duration.ofDays(200)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        for (String table : new String[] {"events_baseline", "events_retention"}) {
            exec(db, "CREATE TABLE " + table + " (id bigint PRIMARY KEY, created_at timestamptz NOT NULL,"
                            + " kind text NOT NULL, payload text)",
                    "INSERT INTO " + table + " SELECT g, '" + base + "'::timestamptz + g * (interval '180 days' / "
                            + rows + "), 'kind-' || (g % 7), md5(g::text) FROM generate_series(1, " + rows + ") g",
                    "CREATE INDEX ON " + table + " (created_at)",
                    "VACUUM ANALYZE " + table);
        }
        System.out.printf(Locale.ROOT, "set-up: %.1f s%n", (System.nanoTime() - t0) / 1e9);
        Path dir = Files.createTempDirectory("maintkit-bench-retention");
        Instant cutoff = Instant.now().minus(Duration.ofDays(110));

        HeapWatch heap = HeapWatch.start();
        long b0 = System.nanoTime();
        long baselineRows;
        try (Connection c = db.getConnection();
             OutputStream out = new GZIPOutputStream(new BufferedOutputStream(
                     Files.newOutputStream(dir.resolve("baseline.csv.gz")), 64 * 1024), 64 * 1024)) {
            c.setAutoCommit(false);
            baselineRows = c.unwrap(PGConnection.class).getCopyAPI().copyOut(
                    "COPY (DELETE FROM events_baseline WHERE created_at < '" + cutoff + "'::timestamptz RETURNING *)"
                            + " TO STDOUT (FORMAT csv, HEADER)", out);
            c.commit();
        }
        double baselineSeconds = (System.nanoTime() - b0) / 1e9;

        long r0 = System.nanoTime();
        RetentionRun run = TableRetention.on(db).table("public", "events_retention")
                .olderThan("created_at", Duration.between(cutoff, Instant.now()))
                .archiveTo(ArchiveSink.gzipCsvFiles(dir.resolve("retention")))
                .vacuumAfter(false)
                .execute(ExecutionOptions.defaults().allowDestructive(true));
        double runSeconds = (System.nanoTime() - r0) / 1e9;
        heap.stop();

        double baselineRate = baselineRows / baselineSeconds;
        double runRate = run.rows() / runSeconds;
        System.out.printf(Locale.ROOT, "baseline, one COPY (DELETE ... RETURNING *): %,d rows in %.1f s = %,.0f rows/s%n",
                baselineRows, baselineSeconds, baselineRate);
        System.out.printf(Locale.ROOT, "TableRetention (%s, %d batches): %,d rows in %.1f s = %,.0f rows/s%n",
                run.outcome(), run.batches(), run.rows(), runSeconds, runRate);
        System.out.printf(Locale.ROOT, "throughput: %.2fx the baseline (target >= 0.5x)%n", runRate / baselineRate);
        System.out.printf(Locale.ROOT, "longest batch transaction: %d ms (target < 1000 ms)%n",
                run.longestBatch().toMillis());
        System.out.printf(Locale.ROOT, "largest heap in use: %.1f MiB (target < 64 MiB; -Xmx %d MiB)%n",
                heap.max() / 1048576.0, Runtime.getRuntime().maxMemory() >> 20);
        System.out.println("command: ./mvnw -q -pl benchmarks -am package exec:exec -DskipTests -Dexec.executable=java"
                + " -Dexec.args=\"-Xmx64m -cp %classpath io.maintkit.benchmarks.TableRetentionBenchmark " + rows + "\"");
        if (run.outcome() != Outcome.SUCCEEDED || run.rows() != baselineRows) {
            throw new IllegalStateException("retention did not remove the same rows: " + run);
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

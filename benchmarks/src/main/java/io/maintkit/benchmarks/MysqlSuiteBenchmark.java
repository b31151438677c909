package io.maintkit.benchmarks;

import io.maintkit.core.SuiteResult;
import io.maintkit.core.TextRenderer;
import io.maintkit.mysql.MysqlHealth;
import io.maintkit.testkit.MariaDbEngine;
import io.maintkit.testkit.TestEngines;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

/**
 * The full MariaDB suite (ten checks) on a schema of many tables (default 10,000 tables with 20,000 indexes):
 * wall time and statements per run at 1 % and at the full table count, beside the anchors run on the same schema
 * in the same run: {@code pt-duplicate-key-checker} (one {@code SHOW CREATE TABLE} per table) and MySQLTuner
 * with its table statistics (per-table queries), each timed once, with a time limit.
 *
 * <pre>
 * ./mvnw -q -pl benchmarks -am package exec:java -DskipTests \
 *     -Dexec.mainClass=io.maintkit.benchmarks.MysqlSuiteBenchmark -Dexec.args=10000
 * </pre>
 */
public final class MysqlSuiteBenchmark {

    private static final int RUNS = 5;
    private static final long ANCHOR_LIMIT_SECONDS = 600;

    private MysqlSuiteBenchmark() {
    }

    /** Runs the benchmark; the optional argument is the number of tables. */
    public static void main(String[] args) throws Exception {
        int tables = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int small = Math.max(1, tables / 100);
        MariaDbEngine server = TestEngines.mariadb();
        DataSource db = server.createDatabase("bench_scale");
        System.out.printf(Locale.ROOT, "MariaDB %s, %d tables with 2 indexes each%n", server.version(), tables);

        createTables(db, 0, small);
        long smallStatements = statements(db);
        long t0 = System.nanoTime();
        createTables(db, small, tables);
        System.out.printf(Locale.ROOT, "(schema created in %.0f s)%n", (System.nanoTime() - t0) / 1e9);
        long fullStatements = statements(db);
        System.out.printf(Locale.ROOT, "statements per suite run: %d at %d tables, %d at %d tables%n",
                smallStatements, small, fullStatements, tables);

        MysqlHealth health = MysqlHealth.on(db).schemas("bench_scale");
        SuiteResult atDefaults = timeSuite(health, "server defaults (table_open_cache "
                + variable(db, "table_open_cache") + ")");
        atDefaults.results().stream().flatMap(r -> r.findings().stream())
                .filter(f -> f.kind().endsWith("cache-too-small")).forEach(f -> System.out.println("  " + f));
        try (Connection c = db.getConnection(); Statement st = c.createStatement()) {
            st.execute("SET GLOBAL table_open_cache = " + (tables + 1000) + ", table_definition_cache = "
                    + (tables + 1000));
        }
        SuiteResult tuned = timeSuite(health, "caches above the table count (table_open_cache "
                + variable(db, "table_open_cache") + ", as the settings check advises)");
        System.out.print(TextRenderer.render(tuned).lines().limit(14).reduce("", (a, b) -> a + b + "\n"));

        anchor("pt-duplicate-key-checker", List.of("/usr/bin/pt-duplicate-key-checker", "h=" + server.host() + ",P="
                + server.port() + ",u=" + server.user(), "--databases", "bench_scale"));
        Path defaults = Files.createTempFile("maintkit-bench-", ".cnf");
        try {
            Files.writeString(defaults, "[client]\nuser=" + server.user() + "\npassword=" + server.password() + "\n",
                    StandardCharsets.UTF_8);
            anchor("mysqltuner (table statistics)", List.of("/usr/bin/mysqltuner", "--defaults-file",
                    defaults.toString(), "--host", server.host(), "--port", Integer.toString(server.port()),
                    "--forcemem", "1024", "--forceswap", "0", "--nocolor", "--tbstat", "--noidxstat"));
        } finally {
            Files.deleteIfExists(defaults);
        }
        System.out.println("command: ./mvnw -q -pl benchmarks -am package exec:java -DskipTests"
                + " -Dexec.mainClass=io.maintkit.benchmarks.MysqlSuiteBenchmark -Dexec.args=" + tables);
    }

    private static SuiteResult timeSuite(MysqlHealth health, String setting) {
        health.suite().run();
        long[] suite = new long[RUNS];
        SuiteResult last = null;
        for (int i = 0; i < RUNS; i++) {
            long start = System.nanoTime();
            last = health.suite().run();
            suite[i] = System.nanoTime() - start;
        }
        long completed = last.results().stream().filter(r -> r.completed()).count();
        System.out.printf(Locale.ROOT, "maintkit full suite (10 checks), %s: median %.0f ms over %d runs,"
                + " %d of 10 checks completed in the last (target < 3000 ms)%n", setting, median(suite) / 1e6, RUNS,
                completed);
        return last;
    }

    private static String variable(DataSource db, String name) throws Exception {
        try (Connection c = db.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT @@GLOBAL." + name)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static void createTables(DataSource db, int from, int to) throws Exception {
        try (Connection c = db.getConnection(); Statement st = c.createStatement()) {
            st.execute("BEGIN NOT ATOMIC FOR i IN " + (from + 1) + " .. " + to + " DO "
                    + "EXECUTE IMMEDIATE CONCAT('CREATE TABLE t_', i, ' (id INT PRIMARY KEY, k INT, v VARCHAR(40),"
                    + " KEY k_', i, ' (k)) ENGINE=InnoDB'); END FOR; END");
        }
    }

    /** The statements one suite run sends, from the server's {@code Questions} counter (this server is ours). */
    private static long statements(DataSource db) throws Exception {
        long before = questions(db);
        MysqlHealth.on(db).schemas("bench_scale").suite().run();
        return questions(db) - before - 1;
    }

    private static long questions(DataSource db) throws Exception {
        try (Connection c = db.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SHOW GLOBAL STATUS LIKE 'Questions'")) {
            rs.next();
            return rs.getLong(2);
        }
    }

    private static void anchor(String name, List<String> command) throws Exception {
        if (!Files.isExecutable(Path.of(command.get(0)))) {
            System.out.println(name + ": not installed here, no baseline");
            return;
        }
        Path out = Files.createTempFile("maintkit-bench-", ".out");
        try {
            long start = System.nanoTime();
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            boolean done = p.waitFor(ANCHOR_LIMIT_SECONDS, TimeUnit.SECONDS);
            if (!done) {
                p.destroyForcibly().waitFor();
            }
            System.out.printf(Locale.ROOT, "baseline %s: %s%n", name, done
                    ? String.format(Locale.ROOT, "%.0f ms (exit %d)", (System.nanoTime() - start) / 1e6, p.exitValue())
                    : "did not finish within " + ANCHOR_LIMIT_SECONDS + " s");
        } finally {
            Files.deleteIfExists(out);
        }
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}

package io.maintkit.benchmarks;

import io.maintkit.core.CheckResult;
import io.maintkit.core.DataSize;
import io.maintkit.core.SuiteResult;
import io.maintkit.postgres.BloatInspector;
import io.maintkit.postgres.PostgresHealth;
import io.maintkit.testkit.TestEngines;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import javax.sql.DataSource;

/**
 * The full suite in ESTIMATE mode on a database with many tables that all have rows and fresh statistics (default
 * 10,000 tables of 3 rows, each with a primary key and a second index: 20,000 indexes), once with 3 analyzed
 * columns per table and once with 20: wall time and whether every check completed, the number of queries per run
 * at a small and at the full table count, and the bloat inspection against the raw statements it runs, measured
 * in the same run, as a superuser (column statistics from {@code pg_statistic}) and as a {@code pg_monitor} role
 * (from the {@code pg_stats} view).
 *
 * <pre>
 * ./mvnw -q -pl benchmarks -am package exec:java -DskipTests \
 *     -Dexec.mainClass=io.maintkit.benchmarks.PostgresSuiteBenchmark -Dexec.args="10000 3 20"
 * </pre>
 */
public final class PostgresSuiteBenchmark {

    private static final int RUNS = 5;
    private static final int ROWS_PER_TABLE = 3;
    private static final String MONITOR = "bench_monitor";

    private PostgresSuiteBenchmark() {
    }

    /** Runs the benchmark; the optional arguments are the number of tables and the column counts to run. */
    public static void main(String[] args) throws Exception {
        int tables = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int[] columnCounts = args.length > 1 ? Arrays.stream(args).skip(1).mapToInt(Integer::parseInt).toArray()
                : new int[] {3, 20};
        System.out.printf(Locale.ROOT, "PostgreSQL %d, %d tables of %d rows, statistics fresh (ANALYZE)%n",
                TestEngines.postgres().majorVersion(), tables, ROWS_PER_TABLE);
        for (int columns : columnCounts) {
            run(tables, columns);
        }
        List<String> command = new ArrayList<>();
        command.add(Integer.toString(tables));
        Arrays.stream(columnCounts).mapToObj(Integer::toString).forEach(command::add);
        System.out.println("command: " + BenchSupport.command(PostgresSuiteBenchmark.class,
                command.toArray(String[]::new)));
    }

    private static void run(int tables, int columns) throws Exception {
        DataSource db = TestEngines.postgres().createDatabase("bench_scale_" + columns);
        int small = Math.max(1, tables / 100);
        System.out.printf(Locale.ROOT, "%n== %d columns per table (%d analyzed columns in all) ==%n", columns,
                (long) tables * columns);

        long t0 = System.nanoTime();
        createTables(db, 0, small, columns);
        int smallQueries = queries(db);
        createTables(db, small, tables, columns);
        System.out.printf(Locale.ROOT, "built and analyzed in %.0f s%n", (System.nanoTime() - t0) / 1e9);
        int fullQueries = queries(db);
        System.out.printf(Locale.ROOT, "queries per suite run: %d at %d tables, %d at %d tables%n",
                smallQueries, small, fullQueries, tables);

        PostgresHealth health = PostgresHealth.on(db).bloat(b -> b.minimumSize(DataSize.ZERO));
        health.suite().run();
        long[] suite = new long[RUNS];
        SuiteResult last = null;
        for (int i = 0; i < RUNS; i++) {
            long start = System.nanoTime();
            last = health.suite().run();
            suite[i] = System.nanoTime() - start;
        }
        List<String> unfinished = last.results().stream().filter(r -> !r.completed())
                .map(r -> r.checkId() + " (" + r.couldNotRunReason().orElse("") + ")").toList();
        System.out.printf(Locale.ROOT, "full suite (%d checks, ESTIMATE): median %.0f ms (target < 3000 ms);"
                        + " %s%n", last.results().size(), BenchSupport.median(suite) / 1e6,
                unfinished.isEmpty() ? "every check completed" : "NOT COMPLETED: " + unfinished);
        for (CheckResult r : last.results()) {
            System.out.printf(Locale.ROOT, "  %-24s %6d ms  %s%n", r.checkId(), r.duration().toMillis(), r.worst());
        }

        compare("superuser, pg_statistic", db);
        compare("pg_monitor role, pg_stats", monitor(db, "bench_scale_" + columns));
    }

    /** The bloat inspection against the statements it runs, replayed on a plain connection, in the same run. */
    private static void compare(String who, DataSource db) throws Exception {
        BloatInspector bloat = BloatInspector.on(db).minimumSize(DataSize.ZERO);
        List<String> statements = estimateStatements(db);
        bloat.inspect();
        raw(db, statements);
        long[] library = new long[RUNS];
        long[] raw = new long[RUNS];
        for (int i = 0; i < RUNS; i++) {
            long t0 = System.nanoTime();
            bloat.inspect();
            library[i] = System.nanoTime() - t0;
            t0 = System.nanoTime();
            raw(db, statements);
            raw[i] = System.nanoTime() - t0;
        }
        System.out.printf(Locale.ROOT, "bloat (%s): library median %.0f ms, raw SQL median %.0f ms, ratio %.2fx"
                        + " (target <= 1.2x)%n", who, BenchSupport.median(library) / 1e6,
                BenchSupport.median(raw) / 1e6, (double) BenchSupport.median(library) / BenchSupport.median(raw));
    }

    /** One DO block per call, committing every 500 tables so that no transaction runs out of lock slots. */
    private static void createTables(DataSource db, int from, int to, int columns) throws SQLException {
        StringBuilder extraColumns = new StringBuilder();
        StringBuilder extraValues = new StringBuilder();
        for (int c = 4; c <= columns; c++) {
            extraColumns.append(", c").append(c).append(" int");
            extraValues.append(", g * ").append(c);
        }
        try (Connection c = db.getConnection(); Statement st = c.createStatement()) {
            st.execute("DO $$ BEGIN FOR i IN " + (from + 1) + ".." + to + " LOOP "
                    + "EXECUTE format('CREATE TABLE t_%s (id int PRIMARY KEY, k int, v text" + extraColumns + ")', i); "
                    + "EXECUTE format('CREATE INDEX t_%s_k ON t_%s (k)', i, i); "
                    + "EXECUTE format('INSERT INTO t_%s SELECT g, g %% 10, md5(g::text)" + extraValues
                    + " FROM generate_series(1, " + ROWS_PER_TABLE + ") g', i); "
                    + "IF i % 500 = 0 THEN COMMIT; END IF; END LOOP; END $$");
            st.execute("ANALYZE");
        }
    }

    private static DataSource monitor(DataSource db, String database) throws SQLException {
        try (Connection c = db.getConnection(); Statement st = c.createStatement()) {
            st.execute("DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '" + MONITOR + "') THEN "
                    + "CREATE ROLE " + MONITOR + " LOGIN PASSWORD 'monitor' IN ROLE pg_monitor; END IF; END $$");
            // the statistics of tables a role may not read are hidden from it (and reported UNKNOWN)
            st.execute("GRANT SELECT ON ALL TABLES IN SCHEMA public TO " + MONITOR);
        }
        return TestEngines.postgres().dataSource(database, MONITOR, "monitor");
    }

    private static int queries(DataSource db) {
        AtomicInteger count = new AtomicInteger();
        PostgresHealth.on(observing(db, sql -> count.incrementAndGet())).bloat(b -> b.minimumSize(DataSize.ZERO))
                .suite().run();
        return count.get();
    }

    /** The two estimate statements BloatInspector runs for this role, as it prepares them. */
    private static List<String> estimateStatements(DataSource db) throws SQLException {
        List<String> seen = new ArrayList<>();
        BloatInspector.on(observing(db, seen::add)).minimumSize(DataSize.ZERO).inspect();
        List<String> estimates = seen.stream()
                .filter(sql -> sql.startsWith("-- Heap relations") || sql.startsWith("-- B-tree indexes")).toList();
        if (estimates.size() != 2) {
            throw new IllegalStateException("expected the two estimate statements, saw " + estimates.size());
        }
        return estimates;
    }

    /** The raw estimate statements on a plain connection, every row read (arrays too). */
    private static void raw(DataSource db, List<String> statements) throws SQLException {
        try (Connection c = db.getConnection()) {
            Array none = c.createArrayOf("text", new String[0]);
            for (String sql : statements) {
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    ps.setArray(1, none);
                    ps.setArray(2, none);
                    if (sql.startsWith("-- Heap relations")) {
                        ps.setLong(3, 0);
                    }
                    try (ResultSet rs = ps.executeQuery()) {
                        int n = rs.getMetaData().getColumnCount();
                        while (rs.next()) {
                            for (int i = 1; i <= n; i++) {
                                if (rs.getObject(i) instanceof Array array) {
                                    array.getArray();
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /** A data source whose connections report every statement prepared or created on them. */
    private static DataSource observing(DataSource target, Consumer<String> statements) {
        return (DataSource) Proxy.newProxyInstance(PostgresSuiteBenchmark.class.getClassLoader(),
                new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                    Object result = invoke(target, method, args);
                    if (result instanceof Connection connection) {
                        return Proxy.newProxyInstance(PostgresSuiteBenchmark.class.getClassLoader(),
                                new Class<?>[] {Connection.class}, (p, m, a) -> {
                                    if (m.getName().equals("prepareStatement")) {
                                        statements.accept((String) a[0]);
                                    } else if (m.getName().equals("createStatement")) {
                                        statements.accept("");
                                    }
                                    return invoke(connection, m, a);
                                });
                    }
                    return result;
                });
    }

    private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}

package io.maintkit.benchmarks;

import io.maintkit.core.DataSize;
import io.maintkit.core.SuiteResult;
import io.maintkit.core.TextRenderer;
import io.maintkit.postgres.BloatInspector;
import io.maintkit.postgres.PostgresHealth;
import io.maintkit.testkit.TestEngines;

import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * The full suite in ESTIMATE mode on a database with many tables (default 10,000 tables with 20,000 indexes):
 * wall time, the number of queries per run at a small and at the full table count, and the bloat inspection
 * against the raw bloat SQL it runs, measured in the same run.
 *
 * <pre>
 * ./mvnw -q -pl benchmarks -am package exec:java -DskipTests \
 *     -Dexec.mainClass=io.maintkit.benchmarks.PostgresSuiteBenchmark -Dexec.args=10000
 * </pre>
 */
public final class PostgresSuiteBenchmark {

    private static final int RUNS = 5;

    private PostgresSuiteBenchmark() {
    }

    /** Runs the benchmark; the optional argument is the number of tables. */
    public static void main(String[] args) throws Exception {
        int tables = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int small = Math.max(1, tables / 100);
        DataSource db = TestEngines.postgres().createDatabase("bench_scale");
        System.out.printf(Locale.ROOT, "PostgreSQL %d, %d tables%n", TestEngines.postgres().majorVersion(), tables);

        createTables(db, 0, small);
        int smallQueries = queries(db);
        createTables(db, small, tables);
        int fullQueries = queries(db);
        System.out.printf(Locale.ROOT, "queries per suite run: %d at %d tables, %d at %d tables%n",
                smallQueries, small, fullQueries, tables);

        PostgresHealth health = PostgresHealth.on(db).bloat(b -> b.minimumSize(DataSize.ZERO));
        health.suite().run();
        long[] suite = new long[RUNS];
        SuiteResult last = null;
        for (int i = 0; i < RUNS; i++) {
            long t0 = System.nanoTime();
            last = health.suite().run();
            suite[i] = System.nanoTime() - t0;
        }
        System.out.printf(Locale.ROOT, "full suite (11 checks, ESTIMATE): median %.0f ms (target < 3000 ms)%n",
                median(suite) / 1e6);
        System.out.println(TextRenderer.render(last).lines().limit(16).reduce("", (a, b) -> a + b + "\n"));

        BloatInspector bloat = BloatInspector.on(db).minimumSize(DataSize.ZERO);
        bloat.inspect();
        rawBloat(db);
        long[] library = new long[RUNS];
        long[] raw = new long[RUNS];
        for (int i = 0; i < RUNS; i++) {
            long t0 = System.nanoTime();
            bloat.inspect();
            library[i] = System.nanoTime() - t0;
            t0 = System.nanoTime();
            rawBloat(db);
            raw[i] = System.nanoTime() - t0;
        }
        System.out.printf(Locale.ROOT, "bloat: library median %.0f ms, raw SQL median %.0f ms, ratio %.2fx (target <= 1.2x)%n",
                median(library) / 1e6, median(raw) / 1e6, (double) median(library) / median(raw));
        System.out.println("command: ./mvnw -q -pl benchmarks -am package exec:java -DskipTests"
                + " -Dexec.mainClass=io.maintkit.benchmarks.PostgresSuiteBenchmark -Dexec.args=" + tables);
    }

    private static void createTables(DataSource db, int from, int to) throws Exception {
        try (Connection c = db.getConnection(); Statement st = c.createStatement()) {
            // batches of 500 tables, so no transaction holds more locks than the lock table has room for
            for (int start = from; start < to; start += 500) {
                createBatch(st, start, Math.min(to, start + 500));
            }
            st.execute("ANALYZE");
        }
    }

    private static void createBatch(Statement st, int from, int to) throws Exception {
        {
            st.execute("DO $$ BEGIN FOR i IN " + (from + 1) + ".." + to + " LOOP "
                    + "EXECUTE format('CREATE TABLE t_%s (id int PRIMARY KEY, k int, v text)', i); "
                    + "EXECUTE format('CREATE INDEX t_%s_k ON t_%s (k)', i, i); "
                    + "IF i % 100 = 0 THEN EXECUTE format('INSERT INTO t_%s SELECT g, g %% 10, md5(g::text)"
                    + " FROM generate_series(1, 2000) g', i); END IF; END LOOP; END $$");
        }
    }

    private static int queries(DataSource db) {
        AtomicInteger count = new AtomicInteger();
        PostgresHealth.on(counting(db, count)).bloat(b -> b.minimumSize(DataSize.ZERO)).suite().run();
        return count.get();
    }

    /** The raw statements BloatInspector runs in ESTIMATE mode, on a plain connection. */
    private static void rawBloat(DataSource db) throws Exception {
        try (Connection c = db.getConnection()) {
            Array none = c.createArrayOf("text", new String[0]);
            for (String name : new String[] {"bloat-tables-estimate", "bloat-indexes-estimate"}) {
                try (PreparedStatement ps = c.prepareStatement(sql(name))) {
                    ps.setArray(1, none);
                    ps.setArray(2, none);
                    if (name.startsWith("bloat-tables")) {
                        ps.setLong(3, 0);
                    }
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            rs.getString("subject");
                        }
                    }
                }
            }
        }
    }

    private static String sql(String name) throws Exception {
        try (InputStream in = BloatInspector.class.getResourceAsStream("internal/sql/" + name + ".sql")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    /** A data source whose connections count every statement prepared or created on them. */
    private static DataSource counting(DataSource target, AtomicInteger count) {
        return (DataSource) Proxy.newProxyInstance(PostgresSuiteBenchmark.class.getClassLoader(),
                new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                    Object result = invoke(target, method, args);
                    if (result instanceof Connection connection) {
                        return Proxy.newProxyInstance(PostgresSuiteBenchmark.class.getClassLoader(),
                                new Class<?>[] {Connection.class}, (p, m, a) -> {
                                    if (m.getName().equals("prepareStatement") || m.getName().equals("createStatement")) {
                                        count.incrementAndGet();
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

package io.maintkit.benchmarks;

import io.maintkit.core.DataSize;
import io.maintkit.postgres.BloatInspector;
import io.maintkit.postgres.BloatMode;
import io.maintkit.postgres.BloatReport;
import io.maintkit.postgres.RelationBloat;
import io.maintkit.testkit.TestEngines;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.sql.DataSource;

/**
 * How close the table bloat estimate comes to {@code pgstattuple}, per table shape, beside the widely copied
 * statistics query (ioguix's {@code table_bloat.sql}) in the same run.
 *
 * <p>For each table it prints the truth (what a rewrite gives back: the pages a copy made at the same fillfactor
 * does not need), the ESTIMATE figure, the EXACT figure (the same definition computed from {@code pgstattuple}'s
 * counts), {@code pgstattuple}'s own free and dead space less the fillfactor's reserve, and the figure of ioguix's
 * query, with each figure's distance from the truth. ioguix's query is not part of maintkit: pass the path of a copy of
 * {@code table/table_bloat.sql} from https://github.com/ioguix/pgsql-bloat-estimation (on PostgreSQL 12 and later,
 * which have no {@code relhasoids}, its OID term is dropped, as its users do).
 *
 * <pre>
 * ./mvnw -q -pl benchmarks -am package exec:java -DskipTests \
 *     -Dexec.mainClass=io.maintkit.benchmarks.BloatAccuracyBenchmark -Dexec.args=/path/to/table_bloat.sql
 * </pre>
 */
public final class BloatAccuracyBenchmark {

    /** A table shape: its name and the statements that build it. */
    private record Shape(String name, String... statements) {
    }

    private static final List<Shape> SHAPES = List.of(
            new Shape("narrow_fixed",
                    "CREATE TABLE narrow_fixed (a int NOT NULL, b smallint NOT NULL, c bigint NOT NULL)",
                    "INSERT INTO narrow_fixed SELECT g, g % 100, g FROM generate_series(1, 200000) g"),
            new Shape("narrow_deleted",
                    "CREATE TABLE narrow_deleted (a int, b smallint, c bigint)",
                    "INSERT INTO narrow_deleted SELECT g, g % 100, g FROM generate_series(1, 200000) g",
                    "DELETE FROM narrow_deleted WHERE a % 10 < 3"),
            new Shape("bool_int",
                    "CREATE TABLE bool_int (flag boolean, n int)",
                    "INSERT INTO bool_int SELECT g % 2 = 0, g FROM generate_series(1, 200000) g"),
            new Shape("text_nulls",
                    "CREATE TABLE text_nulls (id bigint, note text, code int, at timestamptz)",
                    "INSERT INTO text_nulls SELECT g, CASE WHEN g % 10 < 3 THEN NULL ELSE repeat('n', g % 100) END,"
                            + " g, now() FROM generate_series(1, 100000) g"),
            new Shape("text_nulls_deleted",
                    "CREATE TABLE text_nulls_deleted (id bigint, note text, code int, at timestamptz)",
                    "INSERT INTO text_nulls_deleted SELECT g, CASE WHEN g % 10 < 3 THEN NULL"
                            + " ELSE repeat('n', g % 100) END, g, now() FROM generate_series(1, 100000) g",
                    "DELETE FROM text_nulls_deleted WHERE id % 4 = 0"),
            new Shape("md5_ff70",
                    "CREATE TABLE md5_ff70 (id bigint, h text) WITH (fillfactor = 70)",
                    "INSERT INTO md5_ff70 SELECT g, md5(g::text) FROM generate_series(1, 100000) g"),
            new Shape("ff80_updated",
                    "CREATE TABLE ff80_updated (id int, counter int, payload text) WITH (fillfactor = 80)",
                    "INSERT INTO ff80_updated SELECT g, 0, md5(g::text) FROM generate_series(1, 100000) g",
                    "UPDATE ff80_updated SET counter = counter + 1 WHERE id % 2 = 0"),
            new Shape("updated_in_place",
                    "CREATE TABLE updated_in_place (id int, counter int, payload text)",
                    "INSERT INTO updated_in_place SELECT g, 0, md5(g::text) FROM generate_series(1, 100000) g",
                    "UPDATE updated_in_place SET counter = counter + 1"),
            new Shape("updated_vacuumed",
                    "CREATE TABLE updated_vacuumed (id int, counter int, payload text)",
                    "INSERT INTO updated_vacuumed SELECT g, 0, md5(g::text) FROM generate_series(1, 100000) g",
                    "UPDATE updated_vacuumed SET counter = counter + 1 WHERE id % 3 = 0",
                    "VACUUM updated_vacuumed"),
            new Shape("deleted_vacuumed",
                    "CREATE TABLE deleted_vacuumed (id bigint, v text)",
                    "INSERT INTO deleted_vacuumed SELECT g, repeat('v', 20 + g % 30) FROM generate_series(1, 100000) g",
                    "DELETE FROM deleted_vacuumed WHERE id % 5 < 2",
                    "VACUUM deleted_vacuumed"),
            new Shape("wide_mixed",
                    "CREATE TABLE wide_mixed (b boolean, s smallint, i int, t timestamptz, n numeric, c char(3),"
                            + " f float8, u uuid, j jsonb)",
                    "INSERT INTO wide_mixed SELECT g % 2 = 0, g % 1000, g, now(), g * 1.25, 'abc', g / 3.0,"
                            + " md5(g::text)::uuid, CASE WHEN g % 2 = 0 THEN jsonb_build_object('k', g) END"
                            + " FROM generate_series(1, 100000) g"),
            new Shape("many_nullable",
                    "CREATE TABLE many_nullable (c1 int, c2 int, c3 int, c4 int, c5 int, c6 int, c7 int, c8 int,"
                            + " c9 int, c10 bigint, c11 smallint, c12 text)",
                    "INSERT INTO many_nullable SELECT g, NULLIF(g % 3, 0), g, g, NULLIF(g % 5, 0), g, g, g, g, g,"
                            + " 1, CASE WHEN g % 2 = 0 THEN 'x' || g END FROM generate_series(1, 100000) g"),
            new Shape("parted",
                    "CREATE TABLE parted (at date NOT NULL, v int, note text) PARTITION BY RANGE (at)",
                    "CREATE TABLE parted_2024 PARTITION OF parted FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')",
                    "CREATE TABLE parted_2025 PARTITION OF parted FOR VALUES FROM ('2025-01-01') TO ('2026-01-01')",
                    "INSERT INTO parted SELECT DATE '2024-01-01' + g % 730, g, 'note ' || g"
                            + " FROM generate_series(1, 150000) g",
                    "DELETE FROM parted_2025 WHERE v % 3 = 0"));

    private BloatAccuracyBenchmark() {
    }

    /** Runs the benchmark; the optional argument is the path of ioguix's {@code table_bloat.sql}. */
    public static void main(String[] args) throws Exception {
        String ioguix = args.length > 0 ? Files.readString(Path.of(args[0])) : null;
        DataSource db = TestEngines.postgres().createDatabase("bench_bloat_accuracy");
        int major = TestEngines.postgres().majorVersion();
        try (Connection c = db.getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE EXTENSION pgstattuple");
            for (Shape shape : SHAPES) {
                for (String sql : shape.statements()) {
                    st.execute(sql);
                    // no autovacuum: each shape stays as its statements left it
                    st.execute("DO $$ DECLARE t regclass; BEGIN FOR t IN SELECT oid FROM pg_class WHERE relkind = 'r'"
                            + " AND relnamespace = 'public'::regnamespace AND reloptions IS NULL LOOP"
                            + " EXECUTE format('ALTER TABLE %s SET (autovacuum_enabled = off)', t); END LOOP; END $$");
                }
            }
            st.execute("ANALYZE");
        }
        Map<String, Double> truth = rewritten(db);
        BloatInspector inspector = BloatInspector.on(db).schemas("public").minimumSize(DataSize.ZERO)
                .includeIndexes(false);
        BloatReport estimate = inspector.inspect();
        BloatReport exact = inspector.mode(BloatMode.EXACT).inspect();
        Map<String, Double> raw = pgstattuple(db);
        Map<String, Double> theirs = ioguix == null ? Map.of() : ioguix(db, ioguix, major);

        System.out.printf(Locale.ROOT, "PostgreSQL %d: table bloat in percent of the table. truth: what a rewrite"
                + " gives back (the pages a copy made with CREATE TABLE AS at the same fillfactor fills)%n", major);
        System.out.printf(Locale.ROOT, "%-19s %6s %8s %6s %11s %7s %9s %9s %10s%n", "table", "truth", "estimate",
                "exact", "pgstattuple", "ioguix", "est. err", "exact err", "ioguix err");
        double[] worst = new double[3];
        for (RelationBloat e : estimate.tables()) {
            String name = e.name();
            double t = truth.get(name);
            double ours = e.bloatPercent().value();
            double measured = exact.relation(e.subject()).orElseThrow().bloatPercent().value();
            Double other = theirs.get(name);
            worst[0] = Math.max(worst[0], Math.abs(ours - t));
            worst[1] = Math.max(worst[1], Math.abs(measured - t));
            worst[2] = Math.max(worst[2], other == null ? 0 : Math.abs(other - t));
            System.out.printf(Locale.ROOT, "%-19s %6.1f %8.1f %6.1f %11.1f %7s %9.1f %9.1f %10s%n", name, t, ours,
                    measured, raw.get(name), other == null ? "n/a" : String.format(Locale.ROOT, "%.1f", other),
                    Math.abs(ours - t), Math.abs(measured - t),
                    other == null ? "n/a" : String.format(Locale.ROOT, "%.1f", Math.abs(other - t)));
        }
        System.out.printf(Locale.ROOT, "largest distance from the truth: estimate %.1f points (target <= 3),"
                + " exact %.1f points, ioguix %s%n", worst[0], worst[1], ioguix == null
                ? "not run (pass the path of table_bloat.sql)" : String.format(Locale.ROOT, "%.1f points", worst[2]));
        System.out.println("pgstattuple: free_percent + dead_tuple_percent - (100 - fillfactor), which leaves out"
                + " the line pointers and padding of dead rows and the line pointers VACUUM left unused");
        System.out.println("command: " + BenchSupport.command(BloatAccuracyBenchmark.class,
                args.length > 0 ? args[0] : ""));
    }

    /** Each table's bloat as a rewrite shows it: copied at its fillfactor, the pages the copy does not need. */
    private static Map<String, Double> rewritten(DataSource db) throws SQLException {
        Map<String, Double> out = new HashMap<>();
        try (Connection c = db.getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE SCHEMA packed");
            Map<String, Integer> fillfactors = new HashMap<>();
            try (ResultSet rs = st.executeQuery("SELECT c.relname, coalesce((SELECT o.option_value::int FROM"
                    + " pg_options_to_table(c.reloptions) o WHERE o.option_name = 'fillfactor'), 100) AS ff"
                    + " FROM pg_class c WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r'")) {
                while (rs.next()) {
                    fillfactors.put(rs.getString(1), rs.getInt(2));
                }
            }
            for (Map.Entry<String, Integer> t : fillfactors.entrySet()) {
                st.execute("CREATE TABLE packed." + t.getKey() + " WITH (fillfactor = " + t.getValue() + ") AS"
                        + " SELECT * FROM public." + t.getKey());
                // the pages holding rows: a bulk insert may extend a relation by empty pages ahead of need
                try (ResultSet rs = st.executeQuery("SELECT pg_relation_size('public." + t.getKey() + "')"
                        + " / current_setting('block_size')::int, (SELECT count(DISTINCT (ctid::text::point)[0])"
                        + " FROM packed." + t.getKey() + ")")) {
                    rs.next();
                    double pages = rs.getLong(1);
                    out.put(t.getKey(), Math.max(0, 100 * (pages - rs.getLong(2)) / pages));
                }
            }
        }
        return out;
    }

    private static Map<String, Double> pgstattuple(DataSource db) throws SQLException {
        String sql = "SELECT c.relname, t.free_percent + t.dead_tuple_percent - (100 - coalesce((SELECT"
                + " o.option_value::int FROM pg_options_to_table(c.reloptions) o WHERE o.option_name ="
                + " 'fillfactor'), 100)) AS p FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " CROSS JOIN LATERAL pgstattuple(c.oid) t WHERE n.nspname = 'public' AND c.relkind = 'r'";
        return percentages(db, sql);
    }

    private static Map<String, Double> ioguix(DataSource db, String query, int major) throws SQLException {
        String text = major < 12 ? query : query.replace("CASE WHEN tbl.relhasoids THEN 4 ELSE 0 END", "0")
                .replace(", tbl.relhasoids", "");
        String sql = "SELECT tblname AS relname, bloat_ratio AS p FROM (" + text.strip().replaceAll(";$", "")
                + "\n) q WHERE schemaname = 'public'";
        return percentages(db, sql);
    }

    private static Map<String, Double> percentages(DataSource db, String sql) throws SQLException {
        Map<String, Double> out = new HashMap<>();
        try (Connection c = db.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                out.put(rs.getString("relname"), Math.max(0, rs.getDouble("p")));
            }
        }
        return out;
    }
}

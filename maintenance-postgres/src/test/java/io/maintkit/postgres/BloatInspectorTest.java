package io.maintkit.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.maintkit.core.CheckResult;
import io.maintkit.core.DataSize;
import io.maintkit.core.Finding;
import io.maintkit.core.Percent;
import io.maintkit.core.Severity;

import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class BloatInspectorTest {

    private static final String HOSTILE_SCHEMA = "Ünï \"Sch\" ema";
    private static final String HOSTILE_TABLE = "Big \"Tab\" lé";
    private static final String HOSTILE_SUBJECT = "\"Ünï \"\"Sch\"\" ema\".\"Big \"\"Tab\"\" lé\"";
    private static final BloatThresholds SMALL = BloatThresholds.of(Percent.of(20), DataSize.ofKilobytes(256),
            Percent.of(60), DataSize.ofGigabytes(1));

    private static DataSource db;

    @BeforeAll
    static void createBloat() {
        db = Pg.engine().createDatabase("bloat_inspector");
        Pg.exec(db,
                "CREATE EXTENSION pgstattuple",
                // a third of the rows deleted
                "CREATE TABLE orders (id bigint PRIMARY KEY, customer text, amount int)"
                        + " WITH (autovacuum_enabled = off)",
                "INSERT INTO orders SELECT g, md5(g::text) || repeat('x', g % 40), g FROM generate_series(1, 60000) g",
                "DELETE FROM orders WHERE id % 3 = 0",
                // every other row updated: dead versions; nullable and mixed-width columns
                "CREATE TABLE events (a int, b int, c bigint, at timestamptz, note text)"
                        + " WITH (autovacuum_enabled = off)",
                "INSERT INTO events SELECT g, g, g, now(), CASE WHEN g % 4 = 0 THEN NULL ELSE repeat('y', g % 150) END"
                        + " FROM generate_series(1, 40000) g",
                "UPDATE events SET b = b + 1 WHERE a % 2 = 0",
                // half deleted, with a hostile name
                "CREATE SCHEMA \"Ünï \"\"Sch\"\" ema\"",
                "CREATE TABLE \"Ünï \"\"Sch\"\" ema\".\"Big \"\"Tab\"\" lé\" (\"Id\" int, \"Wört\" varchar(40))"
                        + " WITH (autovacuum_enabled = off)",
                "INSERT INTO \"Ünï \"\"Sch\"\" ema\".\"Big \"\"Tab\"\" lé\" SELECT g, 'wört-' || g"
                        + " FROM generate_series(1, 50000) g",
                "DELETE FROM \"Ünï \"\"Sch\"\" ema\".\"Big \"\"Tab\"\" lé\" WHERE \"Id\" % 2 = 0",
                // healthy
                "CREATE TABLE customers (id int PRIMARY KEY, name text NOT NULL, since date)",
                "INSERT INTO customers SELECT g, 'customer ' || g, DATE '2020-01-01' + g % 1000"
                        + " FROM generate_series(1, 40000) g",
                // storage kinds
                "CREATE UNLOGGED TABLE scratch (id int, v numeric) WITH (autovacuum_enabled = off)",
                "INSERT INTO scratch SELECT g, g * 1.5 FROM generate_series(1, 40000) g",
                "DELETE FROM scratch WHERE id % 2 = 0",
                "CREATE MATERIALIZED VIEW customer_names AS SELECT id, name FROM customers",
                "CREATE TABLE measurements (at date NOT NULL, v int) PARTITION BY RANGE (at)",
                "CREATE TABLE measurements_2024 PARTITION OF measurements"
                        + " FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')",
                "ALTER TABLE measurements_2024 SET (autovacuum_enabled = off)",
                "INSERT INTO measurements SELECT DATE '2024-01-01' + g % 365, g FROM generate_series(1, 40000) g",
                "CREATE TABLE nothing_here (id int PRIMARY KEY, v text)",
                "CREATE INDEX nothing_here_v ON nothing_here (v)",
                // a low-cardinality index, deduplicated on PG13+
                "CREATE INDEX events_c_mod ON events ((c % 10))");
        Pg.settleAndAnalyze(db);
        Pg.exec(db,
                // created after the analyze
                "CREATE TABLE never_analyzed (id int, v text) WITH (autovacuum_enabled = off)",
                "INSERT INTO never_analyzed SELECT g, repeat('z', 50) FROM generate_series(1, 20000) g");
        Pg.settleStats(db);
    }

    private static BloatInspector inspector() {
        return BloatInspector.on(db).minimumSize(DataSize.ofKilobytes(64)).thresholds(SMALL);
    }

    private static double pgstattuplePercent(String regclass) {
        return Pg.number(db, "SELECT free_percent + dead_tuple_percent FROM pgstattuple('" + regclass.replace("'", "''")
                + "')");
    }

    @Test
    void estimateIsWithinThreePointsOfPgstattupleOnFreshlyAnalyzedTables() throws Exception {
        BloatReport estimate = inspector().inspect();
        BloatReport exact = inspector().mode(BloatMode.EXACT).inspect();

        for (String table : List.of("public.orders", "public.events", HOSTILE_SUBJECT, "public.customers",
                "public.measurements_2024", "public.scratch")) {
            RelationBloat r = estimate.relation(table)
                    .orElseThrow(() -> new AssertionError("no estimate for " + table));
            assertThat(r.state()).isEqualTo(RelationBloat.State.ESTIMATED);
            assertThat(r.confidence()).as(table + ": " + r.confidenceReason()).isEqualTo(Confidence.HIGH);
            assertThat(r.bloatPercent().value()).as(table)
                    .isCloseTo(exact.relation(table).orElseThrow().bloatPercent().value(), within(3.0));
        }
    }

    @Test
    void estimateAndExactModeAreWithinThreePointsOfWhatARewriteGivesBackOnEveryTableShape() throws Exception {
        DataSource shapes = Pg.engine().createDatabase("bloat_shapes");
        Pg.exec(shapes, "CREATE EXTENSION pgstattuple",
                // narrow fixed-width rows: exact layout, a third deleted
                "CREATE TABLE narrow (a int, b smallint, c bigint) WITH (autovacuum_enabled = off)",
                "INSERT INTO narrow SELECT g, g % 100, g FROM generate_series(1, 100000) g",
                "DELETE FROM narrow WHERE a % 3 = 0",
                // text with NULLs, a quarter deleted
                "CREATE TABLE notes (id bigint, note text, code int, at timestamptz) WITH (autovacuum_enabled = off)",
                "INSERT INTO notes SELECT g, CASE WHEN g % 10 < 3 THEN NULL ELSE repeat('n', g % 100) END, g, now()"
                        + " FROM generate_series(1, 60000) g",
                "DELETE FROM notes WHERE id % 4 = 0",
                // healthy bigint + md5 at fillfactor 70: nothing to give back
                "CREATE TABLE hashes (id bigint, h text) WITH (fillfactor = 70, autovacuum_enabled = off)",
                "INSERT INTO hashes SELECT g, md5(g::text) FROM generate_series(1, 60000) g",
                // updated in place at fillfactor 80: new versions in the reserve, half the old ones dead
                "CREATE TABLE counters (id int, n int, payload text) WITH (fillfactor = 80, autovacuum_enabled = off)",
                "INSERT INTO counters SELECT g, 0, md5(g::text) FROM generate_series(1, 60000) g",
                "UPDATE counters SET n = n + 1 WHERE id % 2 = 0",
                // every row updated once: twice the pages
                "CREATE TABLE rewritten (id int, n int, payload text) WITH (autovacuum_enabled = off)",
                "INSERT INTO rewritten SELECT g, 0, md5(g::text) FROM generate_series(1, 60000) g",
                "UPDATE rewritten SET n = n + 1",
                // a partition with deleted rows beside a healthy one
                "CREATE TABLE parted (at date NOT NULL, v int, note text) PARTITION BY RANGE (at)",
                "CREATE TABLE parted_a PARTITION OF parted FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')"
                        + " WITH (autovacuum_enabled = off)",
                "CREATE TABLE parted_b PARTITION OF parted FOR VALUES FROM ('2025-01-01') TO ('2026-01-01')"
                        + " WITH (autovacuum_enabled = off)",
                "INSERT INTO parted SELECT DATE '2024-01-01' + g % 730, g, 'note ' || g"
                        + " FROM generate_series(1, 80000) g",
                "DELETE FROM parted_b WHERE v % 3 = 0");
        Pg.settleAndAnalyze(shapes);
        BloatInspector inspector = BloatInspector.on(shapes).minimumSize(DataSize.ZERO).includeIndexes(false);
        BloatReport estimate = inspector.inspect();
        BloatReport exact = inspector.mode(BloatMode.EXACT).inspect();

        for (String table : List.of("narrow", "notes", "hashes", "counters", "rewritten", "parted_a", "parted_b")) {
            double truth = rewriteGivesBack(shapes, table);
            RelationBloat estimated = estimate.relation("public." + table).orElseThrow();
            assertThat(estimated.confidence()).as(table + ": " + estimated.confidenceReason())
                    .isEqualTo(Confidence.HIGH);
            assertThat(estimated.bloatPercent().value()).as("estimate of " + table).isCloseTo(truth, within(3.0));
            assertThat(exact.relation("public." + table).orElseThrow().bloatPercent().value())
                    .as("exact figure of " + table).isCloseTo(truth, within(3.0));
        }
        // the old flat padding read 4 % bloat on the healthy md5 table
        assertThat(estimate.relation("public.hashes").orElseThrow().bloatPercent().value()).isLessThan(2.0);
    }

    /**
     * What VACUUM FULL would give back, in percent of the table: the pages a copy at the same fillfactor fills
     * (counted by the blocks its rows are in: a bulk insert may extend a relation ahead of need).
     */
    private static double rewriteGivesBack(DataSource ds, String table) {
        double fillfactor = Pg.number(ds, "SELECT coalesce((SELECT option_value::int FROM pg_options_to_table("
                + "reloptions) WHERE option_name = 'fillfactor'), 100) FROM pg_class"
                + " WHERE oid = '" + table + "'::regclass");
        Pg.exec(ds, "DROP TABLE IF EXISTS copy_of_" + table,
                "CREATE TABLE copy_of_" + table + " WITH (fillfactor = " + (int) fillfactor + ")"
                        + " AS SELECT * FROM " + table);
        double pages = Pg.number(ds, "SELECT pg_relation_size('" + table + "') / current_setting('block_size')::int");
        double packed = Pg.number(ds, "SELECT count(DISTINCT (ctid::text::point)[0]) FROM copy_of_" + table);
        Pg.exec(ds, "DROP TABLE copy_of_" + table);
        return 100 * (pages - packed) / pages;
    }

    @Test
    void afterVacuumEstimateAndExactModeAgreeThatUnusedLinePointersAreBloat() throws Exception {
        DataSource vacuumed = Pg.engine().createDatabase("bloat_vacuumed");
        Pg.exec(vacuumed, "CREATE EXTENSION pgstattuple",
                "CREATE TABLE ledger (id bigint, memo text) WITH (autovacuum_enabled = off)",
                "INSERT INTO ledger SELECT g, repeat('m', 20 + g % 30) FROM generate_series(1, 100000) g",
                "DELETE FROM ledger WHERE id % 5 < 2",
                "VACUUM ledger");
        Pg.settleAndAnalyze(vacuumed);
        BloatInspector inspector = BloatInspector.on(vacuumed).minimumSize(DataSize.ZERO).includeIndexes(false);

        double estimate = inspector.inspect().relation("public.ledger").orElseThrow().bloatPercent().value();
        double exact = inspector.mode(BloatMode.EXACT).inspect().relation("public.ledger").orElseThrow()
                .bloatPercent().value();

        // 40 % of the rows are gone; pgstattuple's free space alone leaves out their unused line pointers
        assertThat(estimate).isCloseTo(exact, within(1.0));
        assertThat(exact).isCloseTo(rewriteGivesBack(vacuumed, "ledger"), within(1.0));
        assertThat(exact).isGreaterThan(Pg.number(vacuumed, "SELECT free_percent FROM pgstattuple('ledger')"));
    }

    @Test
    void bloatedTablesAreFindingsAndHealthyOnesAreNot() throws Exception {
        BloatReport report = inspector().inspect();

        assertThat(report.database()).isEqualTo("bloat_inspector");
        Finding orders = finding(report, "public.orders");
        assertThat(orders.kind()).isEqualTo("table-bloat");
        assertThat(orders.severity()).isEqualTo(Severity.WARNING);
        assertThat(orders.checkId()).isEqualTo("postgres.table-bloat");
        assertThat(orders.measurement("bloat_percent").orElseThrow().value()).isBetween(28.0, 38.0);
        assertThat(orders.details()).containsEntry("confidence", "HIGH").containsEntry("mode", "ESTIMATE");
        assertThat(finding(report, HOSTILE_SUBJECT).kind()).isEqualTo("table-bloat");
        assertThat(finding(report, HOSTILE_SUBJECT).severity()).isEqualTo(Severity.WARNING);
        assertThat(report.relation(HOSTILE_SUBJECT).orElseThrow().schema()).isEqualTo(HOSTILE_SCHEMA);
        assertThat(report.relation(HOSTILE_SUBJECT).orElseThrow().name()).isEqualTo(HOSTILE_TABLE);
        assertThat(report.findings()).noneMatch(f -> f.subject().equals("public.customers"));
        assertThat(report.relation("public.customers").orElseThrow().severity()).isEqualTo(Severity.OK);
    }

    @Test
    void storageKindsAreHandled() throws Exception {
        BloatReport report = inspector().inspect();

        assertThat(report.relation("public.scratch")).isPresent();                 // unlogged
        assertThat(report.relation("public.customer_names")).isPresent();          // materialized view
        assertThat(report.relation("public.measurements_2024")).isPresent();       // partition
        assertThat(report.relation("public.measurements")).isEmpty();              // partitioned parent: no storage
        assertThat(report.relation("public.nothing_here")).isEmpty();              // empty
        assertThat(report.relations())
                .noneMatch(r -> r.schema().startsWith("pg_") || r.schema().equals("information_schema"));
    }

    @Test
    void aNeverAnalyzedTableIsInTheTypedResultWithItsState() throws Exception {
        BloatReport report = inspector().inspect();

        RelationBloat never = report.relation("public.never_analyzed").orElseThrow();
        assertThat(never.state()).isEqualTo(RelationBloat.State.NEVER_ANALYZED);
        assertThat(never.hasFigure()).isFalse();
        assertThat(never.severity()).isEqualTo(Severity.INFO);
        assertThat(never.size().bytes()).isPositive();
        assertThat(report.withoutFigure()).contains(never);
        assertThat(report.withFigure()).doesNotContain(never).allMatch(RelationBloat::hasFigure)
                .extracting(RelationBloat::state).containsOnly(RelationBloat.State.ESTIMATED);
        Finding finding = finding(report, "public.never_analyzed");
        assertThat(finding.kind()).isEqualTo("never-analyzed");
        assertThat(finding.severity()).isEqualTo(Severity.INFO);
    }

    @Test
    void indexesOfAnalyzedEmptyTablesAreSkippedNotCalledNeverAnalyzed() throws Exception {
        BloatReport report = inspector().minimumSize(DataSize.ZERO).inspect();

        assertThat(report.relation("public.nothing_here_pkey")).isEmpty();
        assertThat(report.relation("public.nothing_here_v")).isEmpty();
        assertThat(report.findings()).filteredOn(f -> f.kind().equals("never-analyzed"))
                .extracting(Finding::subject).containsOnly("public.never_analyzed");
    }

    @Test
    void bTreeIndexBloatIsEstimated() throws Exception {
        BloatReport report = inspector().inspect();

        RelationBloat pkey = report.relation("public.orders_pkey").orElseThrow();
        assertThat(pkey.kind()).isEqualTo(RelationBloat.Kind.INDEX);
        assertThat(finding(report, "public.orders_pkey").kind()).isEqualTo("index-bloat");
        assertThat(pkey.table()).isEqualTo("public.orders");
        assertThat(pkey.bloatPercent().value()).isBetween(25.0, 40.0);   // a third of its entries point at deleted rows
        assertThat(report.relation("public.customers_pkey").orElseThrow().bloatPercent().value()).isLessThan(10.0);
        RelationBloat dedup = report.relation("public.events_c_mod").orElseThrow();
        if (Pg.major() >= 13) {
            assertThat(dedup.confidence()).isEqualTo(Confidence.LOW);
            assertThat(dedup.confidenceReason()).contains("deduplication");
            assertThat(dedup.severity()).isIn(Severity.OK, Severity.INFO);
        }
    }

    @Test
    void staleStatisticsLowerConfidenceAndConfirmationMeasures() throws Exception {
        DataSource stale = Pg.engine().createDatabase("bloat_stale");
        Pg.exec(stale, "CREATE EXTENSION pgstattuple",
                "CREATE TABLE ledger (id int, memo text) WITH (autovacuum_enabled = off)",
                "INSERT INTO ledger SELECT g, repeat('m', 60) FROM generate_series(1, 40000) g",
                "DELETE FROM ledger WHERE id % 2 = 0");
        Pg.settleAndAnalyze(stale);
        // a third more rows since the analyze: the statistics no longer describe the table
        Pg.exec(stale, "INSERT INTO ledger SELECT g, repeat('m', 60) FROM generate_series(40001, 47000) g");
        Pg.await(stale, "SELECT count(*) FROM pg_stat_user_tables WHERE relname = 'ledger'"
                + " AND n_mod_since_analyze >= 7000", 1);
        BloatInspector inspector = BloatInspector.on(stale).minimumSize(DataSize.ofKilobytes(64)).thresholds(SMALL);

        Finding estimated = finding(inspector.inspect(), "public.ledger");
        assertThat(estimated.kind()).isEqualTo("table-bloat");
        assertThat(estimated.severity()).isEqualTo(Severity.INFO);
        assertThat(estimated.details().get("confidence")).isEqualTo("LOW");
        assertThat(estimated.details().get("confidence_reason")).contains("modified since the last analyze");

        BloatReport confirmed = inspector.confirmEstimates(true).inspect();
        RelationBloat ledger = confirmed.relation("public.ledger").orElseThrow();
        assertThat(ledger.mode()).isEqualTo(BloatMode.APPROXIMATE);
        assertThat(ledger.confidence()).isEqualTo(Confidence.HIGH);
        assertThat(ledger.severity()).isEqualTo(Severity.WARNING);
    }

    @Test
    void exactAndApproximateModesMeasureWithPgstattuple() throws Exception {
        BloatReport exact = inspector().mode(BloatMode.EXACT).inspect();
        RelationBloat orders = exact.relation("public.orders").orElseThrow();
        assertThat(orders.mode()).isEqualTo(BloatMode.EXACT);
        assertThat(orders.bloatPercent().value()).isCloseTo(pgstattuplePercent("public.orders"), within(5.0));
        assertThat(exact.relation("public.customers").orElseThrow().bloatPercent().value()).isLessThan(5.0);
        assertThat(exact.relation("public.never_analyzed")).isPresent();
        assertThat(exact.relation("public.orders_pkey").orElseThrow().mode()).isEqualTo(BloatMode.EXACT);

        BloatReport approximate = inspector().mode(BloatMode.APPROXIMATE).includeIndexes(false).inspect();
        assertThat(approximate.relation("public.orders").orElseThrow().mode()).isEqualTo(BloatMode.APPROXIMATE);
        assertThat(approximate.relation("public.orders").orElseThrow().bloatPercent().value())
                .isCloseTo(pgstattuplePercent("public.orders"), within(5.0));
        assertThat(approximate.indexes()).isEmpty();
    }

    @Test
    void missingExtensionIsUnknownNeverAFallback() throws Exception {
        DataSource bare = Pg.engine().createDatabase("bloat_no_extension");
        Pg.exec(bare, "CREATE TABLE t (id int)", "INSERT INTO t SELECT generate_series(1, 20000)", "ANALYZE t");

        BloatReport report = BloatInspector.on(bare).minimumSize(DataSize.ZERO).mode(BloatMode.EXACT).inspect();

        assertThat(report.worst()).isEqualTo(Severity.UNKNOWN);
        assertThat(report.withFigure()).isEmpty();
        assertThat(report.relation("public.t").orElseThrow().state()).isEqualTo(RelationBloat.State.NOT_MEASURED);
        assertThat(report.findings()).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo("pgstattuple-missing");
            assertThat(f.severity()).isEqualTo(Severity.UNKNOWN);
        });
        CheckResult result = BloatInspector.on(bare).mode(BloatMode.APPROXIMATE).asCheck().run();
        assertThat(result.worst()).isEqualTo(Severity.UNKNOWN);
    }

    @Test
    void schemasExclusionsAndMinimumSizeNarrowTheInspection() throws Exception {
        assertThat(inspector().schemas(HOSTILE_SCHEMA).inspect().relations())
                .extracting(RelationBloat::schema).containsOnly(HOSTILE_SCHEMA);
        BloatReport excluded = inspector().exclude("orders*", "public.events").inspect();
        assertThat(excluded.relation("public.orders")).isEmpty();
        assertThat(excluded.relation("public.orders_pkey")).isEmpty();
        assertThat(excluded.relation("public.events")).isEmpty();
        assertThat(excluded.relation("public.customers")).isPresent();
        assertThat(inspector().minimumSize(DataSize.ofGigabytes(1)).inspect().relations()).isEmpty();
    }

    @Test
    void monitorRoleWithoutSelectGetsUnknownNotAWrongNumber() throws Exception {
        DataSource monitor = Pg.monitorRole(db, "bloat_inspector", "bloat_monitor");

        BloatReport hidden = BloatInspector.on(monitor).minimumSize(DataSize.ofKilobytes(64)).thresholds(SMALL)
                .includeIndexes(false).inspect();
        RelationBloat orders = hidden.relation("public.orders").orElseThrow();
        assertThat(orders.state()).isEqualTo(RelationBloat.State.STATISTICS_HIDDEN);
        assertThat(orders.severity()).isEqualTo(Severity.UNKNOWN);
        assertThat(finding(hidden, "public.orders").kind()).isEqualTo("statistics-hidden");
        assertThat(finding(hidden, "public.orders").severity()).isEqualTo(Severity.UNKNOWN);

        // pg_monitor includes pg_stat_scan_tables, which may run pgstattuple
        BloatReport exact = BloatInspector.on(monitor).minimumSize(DataSize.ofKilobytes(64)).thresholds(SMALL)
                .mode(BloatMode.EXACT).inspect();
        assertThat(exact.relation("public.orders").orElseThrow().severity()).isEqualTo(Severity.WARNING);

        Pg.exec(db, "GRANT SELECT ON public.orders TO bloat_monitor");
        BloatReport granted = BloatInspector.on(monitor).minimumSize(DataSize.ofKilobytes(64)).thresholds(SMALL)
                .inspect();
        assertThat(granted.relation("public.orders").orElseThrow().confidence()).isEqualTo(Confidence.HIGH);
    }

    @Test
    void asCheckCarriesTheFindings() {
        CheckResult result = inspector().target("test/bloat_inspector").asCheck().run();

        assertThat(result.checkId()).isEqualTo("postgres.table-bloat");
        assertThat(result.target()).isEqualTo("test/bloat_inspector");
        assertThat(result.completed()).isTrue();
        assertThat(result.worst()).isEqualTo(Severity.WARNING);
    }

    private static Finding finding(io.maintkit.core.Report report, String subject) {
        return report.findings().stream().filter(f -> f.subject().equals(subject)).findFirst()
                .orElseThrow(() -> new AssertionError("no finding for " + subject + " in " + report.findings()));
    }
}

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
                "CREATE TABLE orders (id bigint PRIMARY KEY, customer text, amount int) WITH (autovacuum_enabled = off)",
                "INSERT INTO orders SELECT g, md5(g::text) || repeat('x', g % 40), g FROM generate_series(1, 60000) g",
                "DELETE FROM orders WHERE id % 3 = 0",
                // every other row updated: dead versions; nullable and mixed-width columns
                "CREATE TABLE events (a int, b int, c bigint, at timestamptz, note text) WITH (autovacuum_enabled = off)",
                "INSERT INTO events SELECT g, g, g, now(), CASE WHEN g % 4 = 0 THEN NULL ELSE repeat('y', g % 150) END"
                        + " FROM generate_series(1, 40000) g",
                "UPDATE events SET b = b + 1 WHERE a % 2 = 0",
                // half deleted, with a hostile name
                "CREATE SCHEMA \"Ünï \"\"Sch\"\" ema\"",
                "CREATE TABLE \"Ünï \"\"Sch\"\" ema\".\"Big \"\"Tab\"\" lé\" (\"Id\" int, \"Wört\" varchar(40))"
                        + " WITH (autovacuum_enabled = off)",
                "INSERT INTO \"Ünï \"\"Sch\"\" ema\".\"Big \"\"Tab\"\" lé\" SELECT g, 'wört-' || g FROM generate_series(1, 50000) g",
                "DELETE FROM \"Ünï \"\"Sch\"\" ema\".\"Big \"\"Tab\"\" lé\" WHERE \"Id\" % 2 = 0",
                // healthy
                "CREATE TABLE customers (id int PRIMARY KEY, name text NOT NULL, since date)",
                "INSERT INTO customers SELECT g, 'customer ' || g, DATE '2020-01-01' + g % 1000 FROM generate_series(1, 40000) g",
                // storage kinds
                "CREATE UNLOGGED TABLE scratch (id int, v numeric) WITH (autovacuum_enabled = off)",
                "INSERT INTO scratch SELECT g, g * 1.5 FROM generate_series(1, 40000) g",
                "DELETE FROM scratch WHERE id % 2 = 0",
                "CREATE MATERIALIZED VIEW customer_names AS SELECT id, name FROM customers",
                "CREATE TABLE measurements (at date NOT NULL, v int) PARTITION BY RANGE (at)",
                "CREATE TABLE measurements_2024 PARTITION OF measurements FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')",
                "ALTER TABLE measurements_2024 SET (autovacuum_enabled = off)",
                "INSERT INTO measurements SELECT DATE '2024-01-01' + g % 365, g FROM generate_series(1, 40000) g",
                "CREATE TABLE nothing_here (id int)",
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
    void estimateIsWithinFivePointsOfPgstattupleOnFreshlyAnalyzedTables() throws Exception {
        BloatReport report = inspector().inspect();

        for (String table : List.of("public.orders", "public.events", HOSTILE_SUBJECT, "public.customers",
                "public.measurements_2024")) {
            RelationBloat r = report.relation(table).orElseThrow(() -> new AssertionError("no estimate for " + table));
            assertThat(r.mode()).isEqualTo(BloatMode.ESTIMATE);
            assertThat(r.confidence()).as(table + ": " + r.confidenceReason()).isEqualTo(Confidence.HIGH);
            assertThat(r.bloatPercent().value()).as(table).isCloseTo(pgstattuplePercent(table), within(5.0));
        }
    }

    @Test
    void onNarrowRowsEstimateAndExactModeBothCountWhatDeadTuplesHold() throws Exception {
        // 40-byte rows: pgstattuple's dead_tuple_len leaves out each dead tuple's line pointer and padding,
        // a fifth of the space it holds; the estimate and EXACT mode count them, as VACUUM frees them
        double estimate = inspector().inspect().relation("public.scratch").orElseThrow().bloatPercent().value();
        double exact = inspector().mode(BloatMode.EXACT).inspect().relation("public.scratch").orElseThrow()
                .bloatPercent().value();

        assertThat(estimate).isCloseTo(exact, within(5.0));
        assertThat(exact).isGreaterThanOrEqualTo(pgstattuplePercent("public.scratch"));
    }

    @Test
    void bloatedTablesAreFindingsAndHealthyOnesAreNot() throws Exception {
        BloatReport report = inspector().inspect();

        assertThat(report.database()).isEqualTo("bloat_inspector");
        Finding orders = finding(report, "public.orders");
        assertThat(orders.severity()).isEqualTo(Severity.WARNING);
        assertThat(orders.checkId()).isEqualTo("postgres.table-bloat");
        assertThat(orders.measurement("bloat_percent").orElseThrow().value()).isBetween(28.0, 38.0);
        assertThat(orders.details()).containsEntry("confidence", "HIGH").containsEntry("mode", "ESTIMATE");
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
        assertThat(report.relations()).noneMatch(r -> r.schema().startsWith("pg_") || r.schema().equals("information_schema"));
        Finding never = finding(report, "public.never_analyzed");
        assertThat(never.severity()).isEqualTo(Severity.INFO);
        assertThat(never.summary()).contains("never analyzed");
    }

    @Test
    void bTreeIndexBloatIsEstimated() throws Exception {
        BloatReport report = inspector().inspect();

        RelationBloat pkey = report.relation("public.orders_pkey").orElseThrow();
        assertThat(pkey.kind()).isEqualTo(RelationBloat.Kind.INDEX);
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
        assertThat(report.relations()).isEmpty();
        assertThat(report.findings().get(0).summary()).contains("pgstattuple extension is not installed");
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
        assertThat(hidden.relation("public.orders")).isEmpty();
        assertThat(finding(hidden, "public.orders").severity()).isEqualTo(Severity.UNKNOWN);
        assertThat(finding(hidden, "public.orders").summary()).contains("no SELECT privilege");

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

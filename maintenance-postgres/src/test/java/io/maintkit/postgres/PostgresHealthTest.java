package io.maintkit.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.maintkit.core.CheckResult;
import io.maintkit.core.DataSize;
import io.maintkit.core.Severity;
import io.maintkit.core.SuiteResult;
import io.maintkit.core.TextRenderer;

import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The whole suite on a healthy database, as a superuser and as a pg_monitor role. */
class PostgresHealthTest {

    private static final List<String> IDS = List.of("postgres.settings", "postgres.security", "postgres.connections",
            "postgres.replication", "postgres.wraparound", "postgres.vacuum", "postgres.analyze",
            "postgres.table-bloat", "postgres.indexes", "postgres.sequences", "postgres.queries", "postgres.size");
    private static DataSource db;

    @BeforeAll
    static void healthyDatabase() {
        db = Pg.engine().createDatabase("health_suite");
        Pg.exec(db,
                "CREATE EXTENSION pg_stat_statements",
                "CREATE EXTENSION pgstattuple",
                "REVOKE CREATE ON SCHEMA public FROM PUBLIC",
                "CREATE SCHEMA \"Ünï \"\"Sch\"\" ema\"",
                "CREATE TABLE \"Ünï \"\"Sch\"\" ema\".\"Cüstomers \"\"VIP\"\"\" (id int PRIMARY KEY, name text NOT NULL)",
                "INSERT INTO \"Ünï \"\"Sch\"\" ema\".\"Cüstomers \"\"VIP\"\"\" SELECT g, 'c' || g FROM generate_series(1, 20000) g",
                "CREATE TABLE orders (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, customer_id int NOT NULL"
                        + " REFERENCES \"Ünï \"\"Sch\"\" ema\".\"Cüstomers \"\"VIP\"\"\", placed date NOT NULL)",
                "CREATE INDEX orders_customer ON orders (customer_id)",
                "INSERT INTO orders (customer_id, placed) SELECT 1 + g % 20000, DATE '2024-01-01' + g % 365"
                        + " FROM generate_series(1, 40000) g");
        Pg.settleAndAnalyze(db);
    }

    @Test
    void healthyDatabaseYieldsNothingAboveInfo() {
        SuiteResult result = PostgresHealth.on(db).target("test/health_suite")
                .bloat(b -> b.minimumSize(DataSize.ZERO)).suite().run();

        assertThat(result.results()).extracting(CheckResult::checkId).containsExactlyInAnyOrderElementsOf(IDS);
        assertThat(result.results()).allMatch(CheckResult::completed);
        // the test kit's server trusts local connections (and before PostgreSQL 14 stores passwords as MD5 by
        // default): that, and only that, is a security warning
        List<String> testServerDefaults = Pg.major() < 14
                ? List.of("hba-trust", "login-without-password", "password-encryption-md5", "md5-password")
                : List.of("hba-trust", "login-without-password");
        assertThat(result.findings()).as(TextRenderer.render(result))
                .filteredOn(f -> f.severity().isWorseThan(Severity.INFO))
                .allMatch(f -> f.checkId().equals("postgres.security") && testServerDefaults.contains(f.kind()));
        assertThat(result.results()).allMatch(r -> r.target().equals("test/health_suite"));
    }

    @Test
    void monitorRoleRunsEveryCheckAndSaysWhatItCannotSee() {
        DataSource monitor = Pg.monitorRole(db, "health_suite", "suite_monitor");

        SuiteResult result = PostgresHealth.on(monitor).bloat(b -> b.minimumSize(DataSize.ZERO))
                .session(SessionSettings.DEFAULTS.withApplicationName("maintkit-test")).suite().run();

        assertThat(result.results()).allMatch(CheckResult::completed);
        // pg_monitor sees activity, statements, settings and may run pgstattuple; it cannot read table columns'
        // statistics, so the bloat estimate of a table it may not SELECT is UNKNOWN, not a number
        CheckResult bloat = result.result("postgres.table-bloat").orElseThrow();
        assertThat(bloat.findings()).anyMatch(f -> f.severity() == Severity.UNKNOWN);
        // pg_monitor may not read sequences either: their last values are UNKNOWN until granted
        CheckResult sequences = result.result("postgres.sequences").orElseThrow();
        assertThat(sequences.findings()).singleElement().satisfies(f -> assertThat(f.kind())
                .isEqualTo("sequence-unreadable"));
        // nor pg_authid: how passwords are stored is UNKNOWN
        CheckResult security = result.result("postgres.security").orElseThrow();
        assertThat(security.findings()).anyMatch(f -> f.severity() == Severity.UNKNOWN
                && f.kind().equals("passwords-unreadable"));
        result.results().stream().filter(r -> !List.of("postgres.table-bloat", "postgres.sequences",
                        "postgres.security").contains(r.checkId()))
                .forEach(r -> assertThat(r.worst()).as(TextRenderer.render(r)).isIn(Severity.OK, Severity.INFO));
    }

    @Test
    void aRoleWithoutPgMonitorGetsUnknownWhereItIsBlind() throws Exception {
        Pg.exec(db, "DO $$ BEGIN IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'suite_plain') THEN "
                + "EXECUTE 'DROP OWNED BY suite_plain'; EXECUTE 'DROP ROLE suite_plain'; END IF; END $$",
                "CREATE ROLE suite_plain LOGIN PASSWORD 'plain-secret'");
        DataSource plain = Pg.engine().dataSource("health_suite", "suite_plain", "plain-secret");

        try (var other = db.getConnection()) {
            ConnectionReport connections = ConnectionCheck.on(plain).inspect();
            assertThat(connections.worst()).isEqualTo(Severity.UNKNOWN);
            assertThat(connections.findings().get(0).kind()).isEqualTo("sessions-hidden");
            assertThat(connections.hiddenSessions()).isPositive();
        }
        BloatReport exact = BloatInspector.on(plain).mode(BloatMode.EXACT).minimumSize(DataSize.ZERO).inspect();
        assertThat(exact.worst()).as(exact.toString()).isEqualTo(Severity.UNKNOWN);
    }

    @Test
    void unreachableServerIsACheckThatCouldNotRun() {
        DataSource nowhere = Pg.engine().dataSource("no_such_database", "postgres", "");

        SuiteResult result = PostgresHealth.on(nowhere).suite().timeout(Duration.ofSeconds(30)).run();

        assertThat(result.results()).allMatch(r -> !r.completed() && r.worst() == Severity.UNKNOWN);
    }
}

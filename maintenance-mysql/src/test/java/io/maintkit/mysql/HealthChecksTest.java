package io.maintkit.mysql;

import static io.maintkit.mysql.Servers.execute;
import static io.maintkit.mysql.Servers.queryString;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.maintkit.core.CheckResult;
import io.maintkit.core.Finding;
import io.maintkit.core.Percent;
import io.maintkit.core.Severity;
import io.maintkit.core.SuiteResult;
import io.maintkit.core.Threshold;
import io.maintkit.testkit.MariaDbEngine;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class HealthChecksTest {

    static List<Named<MariaDbEngine>> servers() {
        return Servers.all();
    }

    @ParameterizedTest
    @MethodSource("servers")
    void autoIncrementNearItsTypesMaximumIsReportedForEachWidthAndSign(MariaDbEngine server) throws SQLException {
        DataSource db = server.createDatabase("autoinc");
        execute(db, "CREATE TABLE tiny (id TINYINT AUTO_INCREMENT PRIMARY KEY) AUTO_INCREMENT = 120",
                "CREATE TABLE small_unsigned (id SMALLINT UNSIGNED AUTO_INCREMENT PRIMARY KEY) AUTO_INCREMENT = 52000",
                "CREATE TABLE big_unsigned (id BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY)"
                        + " AUTO_INCREMENT = 18000000000000000000",
                "CREATE TABLE roomy (id BIGINT AUTO_INCREMENT PRIMARY KEY) AUTO_INCREMENT = 1000");

        AutoIncrementReport report = AutoIncrementCheck.on(db).schemas("autoinc").inspect();

        assertThat(report.findings()).extracting(Finding::subject, Finding::severity).containsExactlyInAnyOrder(
                tuple("autoinc.tiny.id", Severity.CRITICAL),
                tuple("autoinc.big_unsigned.id", Severity.CRITICAL),
                tuple("autoinc.small_unsigned.id", Severity.WARNING));
        assertThat(report.findings()).extracting(Finding::kind).containsOnly("auto-increment-near-maximum");
        assertThat(report.columns()).hasSize(4);
    }

    @ParameterizedTest
    @MethodSource("servers")
    void longTransactionAndRowAndMetadataLockWaitersNameTheirBlocker(MariaDbEngine server) throws Exception {
        DataSource db = server.createDatabase("locks");
        execute(db, "CREATE TABLE accounts (id INT PRIMARY KEY, balance INT) ENGINE=InnoDB",
                "INSERT INTO accounts VALUES (1, 10), (2, 20)");
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (Connection holder = db.getConnection(); Connection rowWaiter = db.getConnection();
             Connection ddl = db.getConnection()) {
            holder.setAutoCommit(false);
            try (Statement st = holder.createStatement()) {
                st.execute("UPDATE accounts SET balance = balance + 1 WHERE id = 1");
            }
            long holderId = id(holder);
            long rowWaiterId = id(rowWaiter);
            long ddlId = id(ddl);
            Future<?> row = pool.submit(() -> run(rowWaiter, "SET SESSION innodb_lock_wait_timeout = 30",
                    "UPDATE accounts SET balance = 0 WHERE id = 1"));
            Future<?> alter = pool.submit(() -> run(ddl, "SET SESSION lock_wait_timeout = 30",
                    "ALTER TABLE accounts ADD COLUMN note INT"));
            Thread.sleep(2500);

            ConnectionReport report = ConnectionCheck.on(db)
                    .longTransaction(Threshold.above(Duration.ofSeconds(2), Duration.ofHours(1)))
                    .lockWait(Threshold.above(Duration.ofSeconds(1), Duration.ofHours(1)))
                    .inspect();

            assertThat(report.findings()).filteredOn(f -> f.kind().equals("long-transaction"))
                    .extracting(f -> f.details().get("thread_id")).contains(Long.toString(holderId));
            assertThat(report.lockWaits()).filteredOn(w -> w.lock().equals("row")).singleElement().satisfies(w -> {
                assertThat(w.waitingThread()).isEqualTo(rowWaiterId);
                assertThat(w.blockingThreads()).containsExactly(holderId);
            });
            assertThat(report.lockWaits()).filteredOn(w -> w.lock().equals("metadata")).singleElement()
                    .satisfies(w -> {
                        assertThat(w.waitingThread()).isEqualTo(ddlId);
                        assertThat(w.waitingQuery()).contains("ALTER TABLE");
                        assertThat(w.blockingThreads()).contains(holderId);
                    });
            assertThat(report.findings()).extracting(Finding::kind)
                    .contains("row-lock-wait", "metadata-lock-wait", "long-transaction");
            holder.rollback();
            row.get();
            alter.get();
        } finally {
            pool.shutdownNow();
        }
    }

    private static long id(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); var rs = st.executeQuery("SELECT CONNECTION_ID()")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static Void run(Connection c, String... sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            for (String s : sql) {
                st.execute(s);
            }
        }
        return null;
    }

    @ParameterizedTest
    @MethodSource("servers")
    void anonymousAndPasswordLessAccountsAndTheTestDatabaseAreFound(MariaDbEngine server) throws SQLException {
        DataSource admin = server.dataSource();
        execute(admin, "DROP USER IF EXISTS ''@'localhost'", "DROP USER IF EXISTS 'nopass'@'%'",
                "DROP USER IF EXISTS 'filer'@'10.0.0.%'",
                "CREATE USER ''@'localhost'", "CREATE USER 'nopass'@'%'",
                "CREATE USER 'filer'@'10.0.0.%' IDENTIFIED BY 'a-secret-9'", "GRANT FILE ON *.* TO 'filer'@'10.0.0.%'",
                "CREATE DATABASE IF NOT EXISTS test");
        try {
            SecurityReport report = SecurityCheck.on(admin).inspect();
            assertThat(report.findings()).extracting(Finding::kind, Finding::subject).contains(
                    tuple("anonymous-account", "''@'localhost'"),
                    tuple("account-without-password", "'nopass'@'%'"),
                    tuple("remote-account-without-tls", "'filer'@'10.0.0.%'"),
                    tuple("file-privilege", "'filer'@'10.0.0.%'"),
                    tuple("test-database", "test"));
            assertThat(report.findings()).as("locked system accounts are left out")
                    .noneMatch(f -> f.subject().startsWith("'mariadb.sys'"));
            assertThat(report.findings()).noneMatch(f -> f.toString().contains("a-secret-9")
                    || f.details().values().stream().anyMatch(v -> v.startsWith("*")));
            assertThat(report.worst()).isEqualTo(Severity.CRITICAL);
        } finally {
            execute(admin, "DROP USER ''@'localhost'", "DROP USER 'nopass'@'%'", "DROP USER 'filer'@'10.0.0.%'",
                    "DROP DATABASE test");
        }
    }

    @ParameterizedTest
    @MethodSource("servers")
    void withoutPrivilegesEachCheckSaysUnknownAndWhyNeverOk(MariaDbEngine server) throws SQLException {
        DataSource admin = server.dataSource();
        execute(admin, "DROP USER IF EXISTS 'nobody'@'127.0.0.1'",
                "CREATE USER 'nobody'@'127.0.0.1' IDENTIFIED BY 'nobody-pw'");
        try {
            DataSource weak = server.dataSource("", "nobody", "nobody-pw");
            assertThat(ReplicationCheck.on(weak).inspect().findings()).extracting(Finding::kind, Finding::severity)
                    .containsExactly(tuple("replication-status-unknown", Severity.UNKNOWN));
            assertThat(SecurityCheck.on(weak).inspect().findings()).extracting(Finding::kind)
                    .contains("accounts-unknown");
            assertThat(ConnectionCheck.on(weak).inspect().findings()).extracting(Finding::kind)
                    .contains("transactions-unknown");
            assertThat(BinlogCheck.on(weak).inspect().findings()).extracting(Finding::kind)
                    .contains("binlog-list-unknown");
            CheckResult unreachable = ReplicationCheck.on(server.dataSource("", "nobody", "wrong")).asCheck().run();
            assertThat(unreachable.worst()).isEqualTo(Severity.UNKNOWN);
            assertThat(unreachable.reason()).doesNotContain("wrong");
        } finally {
            execute(admin, "DROP USER 'nobody'@'127.0.0.1'");
        }
    }

    @ParameterizedTest
    @MethodSource("servers")
    void defaultMariaDbSettingsAreCalledOut(MariaDbEngine server) throws SQLException {
        DataSource admin = server.dataSource();
        String mode = queryString(admin, "SELECT @@GLOBAL.sql_mode");
        String cache = queryString(admin, "SELECT @@GLOBAL.table_open_cache");
        execute(admin, "SET GLOBAL sql_mode = 'NO_ENGINE_SUBSTITUTION'", "SET GLOBAL table_open_cache = 10");
        try {
            SettingsReport settings = SettingsCheck.on(admin).inspect();
            assertThat(settings.findings()).extracting(Finding::kind).contains("non-strict-sql-mode",
                    "binlog-never-expires", "performance-schema-off", "table-open-cache-too-small");
        } finally {
            execute(admin, "SET GLOBAL sql_mode = '" + mode + "'", "SET GLOBAL table_open_cache = " + cache);
        }
        BinlogReport binlogs = BinlogCheck.on(admin).inspect();
        assertThat(binlogs.enabled()).isTrue();
        assertThat(binlogs.logs()).isNotEmpty();
        assertThat(binlogs.findings()).extracting(Finding::kind).containsExactly("binlog-never-expires");
        QueryReport queries = QueryCheck.on(admin).inspect();
        assertThat(queries.findings()).extracting(Finding::kind, Finding::severity)
                .containsExactly(tuple("statement-statistics-unavailable", Severity.UNKNOWN));
        assertThat(BufferPoolCheck.on(admin).inspect().totalPages()).isPositive();
    }

    @ParameterizedTest
    @MethodSource("servers")
    void slowLogInATableFeedsTheQueryCheck(MariaDbEngine server) throws SQLException {
        DataSource admin = server.dataSource();
        execute(admin, "SET GLOBAL log_output = 'TABLE'", "SET GLOBAL slow_query_log = ON",
                "SET GLOBAL long_query_time = 0.1", "TRUNCATE mysql.slow_log");
        try {
            execute(server.dataSource(), "SET SESSION long_query_time = 0.1", "SELECT SLEEP(1.2)");
            QueryReport report = QueryCheck.on(admin)
                    .meanTime(Threshold.above(Duration.ofSeconds(1), Duration.ofHours(1))).inspect();
            assertThat(report.source()).isEqualTo("mysql.slow_log");
            assertThat(report.findings()).filteredOn(f -> f.kind().equals("slow-statement")).singleElement()
                    .satisfies(f -> assertThat(f.details().get("statement")).contains("SLEEP(1.2)"));
        } finally {
            execute(admin, "SET GLOBAL slow_query_log = OFF", "SET GLOBAL log_output = 'FILE'",
                    "SET GLOBAL long_query_time = 10", "TRUNCATE mysql.slow_log");
        }
    }

    @ParameterizedTest
    @MethodSource("servers")
    void aHealthySchemaYieldsNothingAboveInfoAndTheConnectionComesBackAsLent(MariaDbEngine server) throws Exception {
        DataSource db = server.createDatabase("healthy");
        execute(db, "CREATE TABLE customers (id INT AUTO_INCREMENT PRIMARY KEY, email VARCHAR(200) NOT NULL,"
                        + " UNIQUE KEY uk_email (email)) ENGINE=InnoDB",
                "CREATE TABLE orders (id BIGINT AUTO_INCREMENT PRIMARY KEY, customer_id INT NOT NULL,"
                        + " placed DATE NOT NULL, KEY k_customer_placed (customer_id, placed),"
                        + " CONSTRAINT fk_orders_customer FOREIGN KEY (customer_id) REFERENCES customers (id))"
                        + " ENGINE=InnoDB",
                "INSERT INTO customers (email) VALUES ('a@example.org'), ('b@example.org')",
                "INSERT INTO orders (customer_id, placed) VALUES (1, '2026-01-01'), (2, '2026-01-02')");

        SuiteResult result = MysqlHealth.on(db).schemas("healthy").target("healthy-db").suite().run();

        assertThat(result.results()).hasSize(10).allMatch(CheckResult::completed);
        for (String schemaCheck : List.of(FragmentationCheck.ID, IndexCheck.ID, AutoIncrementCheck.ID)) {
            assertThat(result.results()).filteredOn(r -> r.checkId().equals(schemaCheck)).singleElement()
                    .satisfies(r -> assertThat(r.worst().rank()).isLessThanOrEqualTo(Severity.INFO.rank()));
        }

        try (Connection lent = db.getConnection(); Statement st = lent.createStatement()) {
            st.execute("SET SESSION lock_wait_timeout = 77, innodb_lock_wait_timeout = 55,"
                    + " max_statement_time = 0");
            DataSource single = new SingleConnectionDataSource(lent);
            IndexCheck.on(single).schemas("healthy").inspect();
            try (var rs = st.executeQuery("SELECT @@session.lock_wait_timeout, @@session.innodb_lock_wait_timeout,"
                    + " @@session.max_statement_time, @@session.tx_read_only")) {
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(77);
                assertThat(rs.getLong(2)).isEqualTo(55);
                assertThat(rs.getDouble(3)).isZero();
                assertThat(rs.getInt(4)).isZero();
            }
        }
    }

    @org.junit.jupiter.api.Test
    void versionsCompareAsNumbersNotText() {
        ServerVersion old = ServerVersion.parse("10.4.34-MariaDB", "mariadb.org binary distribution");
        ServerVersion newer = ServerVersion.parse("10.11.9-MariaDB-0+deb12u1", "Debian 12");
        ServerVersion mysql = ServerVersion.parse("8.4.3", "MySQL Community Server - GPL");
        assertThat(old).isLessThan(newer);
        assertThat(newer.atLeast(10, 5, 9)).isTrue();
        assertThat(old.atLeast(10, 5, 9)).isFalse();
        assertThat(mysql.isMariaDb()).isFalse();
        assertThat(ReplicationCheck.statusStatement(mysql)).isEqualTo("REPLICA STATUS");
        assertThat(ReplicationCheck.statusStatement(old)).isEqualTo("ALL SLAVES STATUS");
        assertThat(ReplicationCheck.statusStatement(newer)).isEqualTo("ALL REPLICAS STATUS");
        assertThat(ServerVersion.parse("5.5.5-10.3.39-MariaDB", "").minor()).isEqualTo(3);
        assertThat(ServerVersion.parse("garbage", "").atLeast(1, 0, 0)).isFalse();
        assertThat(Percent.of(1)).isNotNull();
    }
}

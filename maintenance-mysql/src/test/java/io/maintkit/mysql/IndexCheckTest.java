package io.maintkit.mysql;

import static io.maintkit.mysql.Servers.execute;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.maintkit.core.Finding;
import io.maintkit.core.Severity;
import io.maintkit.testkit.MariaDbEngine;
import io.maintkit.testkit.SqlEngine;

import java.sql.SQLException;
import java.time.Duration;
import javax.sql.DataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class IndexCheckTest {

    static java.util.List<org.junit.jupiter.api.Named<MariaDbEngine>> servers() {
        return Servers.all();
    }

    /** The schema of the side-by-side test too: every rule of pt-duplicate-key-checker once. */
    static DataSource redundantSchema(SqlEngine server, String name) throws SQLException {
        DataSource db = server.createDatabase(name);
        execute(db,
                "CREATE TABLE customers (id INT PRIMARY KEY, code VARCHAR(20) NOT NULL, region INT NOT NULL,"
                        + " UNIQUE KEY uk_code (code)) ENGINE=InnoDB",
                "CREATE TABLE orders (id INT PRIMARY KEY, customer_id INT NOT NULL, placed DATE NOT NULL,"
                        + " status INT NOT NULL, ref VARCHAR(40) NOT NULL,"
                        + " KEY k_customer (customer_id), KEY k_customer_placed (customer_id, placed),"
                        + " KEY k_status (status), KEY k_status_copy (status),"
                        + " KEY k_placed_id (placed, id),"
                        + " UNIQUE KEY uk_ref_status (ref, status), UNIQUE KEY uk_ref (ref),"
                        + " KEY k_ref_status_placed (ref, status, placed),"
                        + " CONSTRAINT fk_customer FOREIGN KEY (customer_id) REFERENCES customers (id),"
                        + " CONSTRAINT fk_customer_again FOREIGN KEY (customer_id) REFERENCES customers (id))"
                        + " ENGINE=InnoDB",
                // the FK needs k_code (a prefix index cannot serve it); pt calls k_code a left-prefix of k_code10
                "CREATE TABLE shipments (id INT PRIMARY KEY, code VARCHAR(20) NOT NULL,"
                        + " KEY k_code (code), KEY k_code10 (code(10)),"
                        + " CONSTRAINT fk_code FOREIGN KEY (code) REFERENCES customers (code)) ENGINE=InnoDB",
                "CREATE TABLE audit_log (at DATETIME NOT NULL, message TEXT) ENGINE=InnoDB");
        return db;
    }

    @ParameterizedTest
    @MethodSource("servers")
    void findsEveryRedundancyByPerconaRulesAndNeverADropAForeignKeyNeeds(MariaDbEngine server) throws SQLException {
        DataSource db = redundantSchema(server, "idx_rules");

        IndexReport report = IndexCheck.on(db).schemas("idx_rules").inspect();

        assertThat(report.redundant()).extracting(RedundantIndex::table, RedundantIndex::name,
                        RedundantIndex::duplicateOf, RedundantIndex::kind)
                .containsExactlyInAnyOrder(
                        tuple("orders", "k_customer", "k_customer_placed", "redundant-index"),
                        tuple("orders", "k_status_copy", "k_status", "duplicate-index"),
                        tuple("orders", "uk_ref_status", "k_ref_status_placed", "redundant-unique-index"),
                        tuple("orders", "k_placed_id", "PRIMARY", "clustered-key-suffix"),
                        tuple("orders", "fk_customer_again", "fk_customer", "duplicate-foreign-key"),
                        tuple("shipments", "k_code", "k_code10", "redundant-index-needed-by-foreign-key"));
        assertThat(report.redundant()).filteredOn(r -> r.name().equals("k_code")).singleElement()
                .satisfies(r -> assertThat(r.fix()).isEmpty());
        assertThat(report.redundant()).filteredOn(r -> r.name().equals("k_status_copy")).singleElement()
                .satisfies(r -> assertThat(r.fix()).isEqualTo("ALTER TABLE `idx_rules`.`orders` DROP INDEX"
                        + " `k_status_copy`"));
        assertThat(report.ofKind("missing-primary-key")).extracting(Finding::subject)
                .containsExactly("idx_rules.audit_log");
        assertThat(report.worst()).isEqualTo(Severity.WARNING);
    }

    @ParameterizedTest
    @MethodSource("servers")
    void everySuggestedFixRunsAndLeavesNothingRedundant(MariaDbEngine server) throws SQLException {
        DataSource db = redundantSchema(server, "idx_fixes");
        IndexReport before = IndexCheck.on(db).schemas("idx_fixes").inspect();
        for (RedundantIndex r : before.redundant()) {
            if (!r.fix().isEmpty()) {
                execute(db, r.fix());
            }
        }
        IndexReport after = IndexCheck.on(db).schemas("idx_fixes").inspect();
        assertThat(after.redundant()).extracting(RedundantIndex::kind)
                .containsOnly("redundant-index-needed-by-foreign-key");
    }

    @ParameterizedTest
    @MethodSource("servers")
    void ignoredAndUnusedIndexesAreReported(MariaDbEngine server) throws SQLException {
        DataSource db = server.createDatabase("idx_usage");
        execute(db, "CREATE TABLE t (id INT PRIMARY KEY, a INT, b INT, KEY k_a (a), KEY k_b (b)) ENGINE=InnoDB",
                "INSERT INTO t VALUES (1, 1, 1), (2, 2, 2)",
                "ALTER TABLE t ALTER INDEX k_b IGNORED",
                "SET GLOBAL userstat = 1");
        try {
            execute(db, "FLUSH INDEX_STATISTICS", "SELECT * FROM t FORCE INDEX (k_a) WHERE a = 1");
            IndexReport report = IndexCheck.on(db).schemas("idx_usage").minimumUptime(Duration.ZERO).inspect();
            assertThat(report.ofKind("ignored-index")).extracting(Finding::subject).containsExactly("idx_usage.t.k_b");
            assertThat(report.ofKind("unused-index")).extracting(Finding::subject).containsExactly("idx_usage.t.k_b");
        } finally {
            execute(db, "SET GLOBAL userstat = 0");
        }
        IndexReport withoutStats = IndexCheck.on(db).schemas("idx_usage").inspect();
        assertThat(withoutStats.ofKind("index-usage-unknown")).singleElement()
                .satisfies(f -> assertThat(f.severity()).isEqualTo(Severity.INFO));
        assertThat(withoutStats.ofKind("unused-index")).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("servers")
    void hostileIdentifiersAreQuotedInEveryFix(MariaDbEngine server) throws SQLException {
        String schema = "idx `odd` 'quoted' é";
        DataSource db = server.dataSource();
        execute(db, "DROP DATABASE IF EXISTS `idx ``odd`` 'quoted' é`", "CREATE DATABASE `idx ``odd`` 'quoted' é`",
                "CREATE TABLE `idx ``odd`` 'quoted' é`.`we``ird tåble` (`i``d` INT PRIMARY KEY, `c ol` INT,"
                        + " KEY `k``1` (`c ol`), KEY `k 2` (`c ol`)) ENGINE=InnoDB");

        IndexReport report = IndexCheck.on(db).schemas(schema).inspect();

        assertThat(report.redundant()).singleElement().satisfies(r -> {
            assertThat(r.table()).isEqualTo("we`ird tåble");
            execute(db, r.fix());
        });
        assertThat(IndexCheck.on(db).schemas(schema).inspect().redundant()).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("servers")
    void aForeignKeyWhoseIndexWasDroppedWithChecksOffIsReported(MariaDbEngine server) throws SQLException {
        DataSource db = server.createDatabase("idx_fk");
        execute(db, "CREATE TABLE parent (id INT PRIMARY KEY) ENGINE=InnoDB",
                "CREATE TABLE child (id INT PRIMARY KEY, parent_id INT NOT NULL, KEY k_parent (parent_id),"
                        + " CONSTRAINT fk_parent FOREIGN KEY (parent_id) REFERENCES parent (id)) ENGINE=InnoDB");
        try (var c = db.getConnection(); var st = c.createStatement()) {
            st.execute("SET SESSION foreign_key_checks = 0");
            st.execute("ALTER TABLE child DROP INDEX k_parent");
        }

        IndexReport report = IndexCheck.on(db).schemas("idx_fk").inspect();

        assertThat(report.ofKind("foreign-key-without-index")).extracting(Finding::subject)
                .containsExactly("idx_fk.child.fk_parent");
    }

    @ParameterizedTest
    @MethodSource("servers")
    void aDuplicateForeignKeyOnTablesWhoseFileNamesUseTwoCharacterCodesIsFound(MariaDbEngine server)
            throws SQLException {
        // é and ï are written "@0v"-style in InnoDB's dictionary, which cannot be decoded without the server's table.
        DataSource db = server.createDatabase("idx_fk_names");
        execute(db, "CREATE TABLE `pé rent` (id INT PRIMARY KEY) ENGINE=InnoDB",
                "CREATE TABLE `chïld` (id INT PRIMARY KEY, parent_id INT NOT NULL,"
                        + " CONSTRAINT fk_one FOREIGN KEY (parent_id) REFERENCES `pé rent` (id),"
                        + " CONSTRAINT fk_two FOREIGN KEY (parent_id) REFERENCES `pé rent` (id)) ENGINE=InnoDB");

        IndexReport report = IndexCheck.on(db).schemas("idx_fk_names").inspect();

        assertThat(report.ofKind("duplicate-foreign-key")).extracting(Finding::subject)
                .containsExactly("idx_fk_names.chïld.fk_two");
    }
}

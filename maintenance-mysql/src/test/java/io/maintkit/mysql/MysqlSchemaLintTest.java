package io.maintkit.mysql;

import static io.maintkit.mysql.Servers.execute;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.maintkit.core.CheckResult;
import io.maintkit.core.Finding;
import io.maintkit.core.Findings;
import io.maintkit.core.Severity;
import io.maintkit.core.TextRenderer;
import io.maintkit.test.MaintkitAssertions;
import io.maintkit.testkit.MariaDbEngine;
import io.maintkit.testkit.SqlEngine;

import java.math.BigInteger;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class MysqlSchemaLintTest {

    static List<Named<MariaDbEngine>> servers() {
        return Servers.all();
    }

    /** Every problem the lint knows, each planted once, the way migrations bring them. */
    static DataSource plantedSchema(SqlEngine server, String name) throws SQLException {
        DataSource db = server.createDatabase(name);
        execute(db,
                "CREATE TABLE customers (id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,"
                        + " code VARCHAR(40) NOT NULL, region INT NOT NULL, UNIQUE KEY uk_code (code),"
                        + " KEY k_region (region)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4",
                "CREATE TABLE orders (id INT NOT NULL AUTO_INCREMENT PRIMARY KEY,"
                        + " customer_id BIGINT UNSIGNED NOT NULL, customer_code VARCHAR(20) NOT NULL,"
                        + " region INT NOT NULL, note VARCHAR(100) CHARACTER SET utf8mb3,"
                        + " KEY k_customer (customer_id), KEY k_customer_region (customer_id, region),"
                        + " CONSTRAINT fk_customer FOREIGN KEY (customer_id) REFERENCES customers (id),"
                        + " CONSTRAINT fk_customer_again FOREIGN KEY (customer_id) REFERENCES customers (id),"
                        + " CONSTRAINT fk_code FOREIGN KEY (customer_code) REFERENCES customers (code),"
                        + " CONSTRAINT fk_region FOREIGN KEY (region) REFERENCES customers (region))"
                        + " ENGINE=InnoDB DEFAULT CHARSET=utf8mb4",
                "CREATE TABLE order_lines (id SMALLINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,"
                        + " order_id INT NOT NULL, KEY k_order (order_id),"
                        + " CONSTRAINT fk_order FOREIGN KEY (order_id) REFERENCES orders (id))"
                        + " ENGINE=InnoDB DEFAULT CHARSET=utf8mb4",
                // what a restore or a migration with checks off leaves: the server refuses these otherwise
                "SET SESSION foreign_key_checks = 0",
                "ALTER TABLE order_lines DROP INDEX k_order",
                "CREATE TABLE payments (id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,"
                        + " invoice_id INT NOT NULL, invoice_ref VARCHAR(40) CHARACTER SET latin1 NOT NULL,"
                        + " refund_id BIGINT UNSIGNED,"
                        + " CONSTRAINT fk_invoice FOREIGN KEY (invoice_id) REFERENCES invoices (id),"
                        + " CONSTRAINT fk_invoice_ref FOREIGN KEY (invoice_ref) REFERENCES invoices (ref),"
                        + " CONSTRAINT fk_refund FOREIGN KEY (refund_id) REFERENCES refunds (id))"
                        + " ENGINE=InnoDB DEFAULT CHARSET=utf8mb4",
                "CREATE TABLE invoices (id BIGINT UNSIGNED NOT NULL PRIMARY KEY, ref VARCHAR(40) NOT NULL,"
                        + " UNIQUE KEY uk_ref (ref)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4",
                "SET SESSION foreign_key_checks = 1",
                "CREATE TABLE legacy_sessions (id INT UNSIGNED NOT NULL PRIMARY KEY, data VARCHAR(200))"
                        + " ENGINE=MyISAM DEFAULT CHARSET=latin1",
                "CREATE TABLE cache (k VARCHAR(40) NOT NULL PRIMARY KEY) ENGINE=MEMORY DEFAULT CHARSET=utf8mb4",
                "CREATE TABLE audit (at DATETIME NOT NULL, message TEXT) ENGINE=Aria DEFAULT CHARSET=utf8mb4");
        return db;
    }

    @ParameterizedTest
    @MethodSource("servers")
    void everyPlantedProblemIsFoundOnItsSubjectAndNothingElse(MariaDbEngine server) throws SQLException {
        plantedSchema(server, "lint_planted");

        SchemaLintReport report = MysqlSchemaLint.on(server.dataSource()).schemas("lint_planted").inspect();

        assertThat(report.findings()).extracting(Finding::kind, Finding::subject, Finding::severity)
                .containsExactlyInAnyOrder(
                        tuple("missing-primary-key", "lint_planted.audit", Severity.WARNING),
                        tuple("redundant-index", "lint_planted.orders.k_customer", Severity.WARNING),
                        tuple("duplicate-foreign-key", "lint_planted.orders.fk_customer_again", Severity.WARNING),
                        tuple("foreign-key-without-index", "lint_planted.order_lines.fk_order", Severity.WARNING),
                        tuple("foreign-key-type-mismatch", "lint_planted.orders.fk_code", Severity.WARNING),
                        tuple("foreign-key-type-mismatch", "lint_planted.payments.fk_invoice", Severity.CRITICAL),
                        tuple("foreign-key-type-mismatch", "lint_planted.payments.fk_invoice_ref",
                                Severity.CRITICAL),
                        tuple("foreign-key-to-non-unique-key", "lint_planted.orders.fk_region", Severity.WARNING),
                        tuple("foreign-key-target-missing", "lint_planted.payments.fk_refund", Severity.CRITICAL),
                        tuple("non-innodb-table", "lint_planted.legacy_sessions", Severity.WARNING),
                        tuple("non-innodb-table", "lint_planted.cache", Severity.WARNING),
                        tuple("non-innodb-table", "lint_planted.audit", Severity.WARNING),
                        tuple("non-utf8mb4-table", "lint_planted.legacy_sessions", Severity.WARNING),
                        tuple("non-utf8mb4-column", "lint_planted.orders.note", Severity.WARNING),
                        tuple("non-utf8mb4-column", "lint_planted.payments.invoice_ref", Severity.WARNING),
                        tuple("narrow-auto-increment", "lint_planted.orders.id", Severity.WARNING),
                        tuple("narrow-auto-increment", "lint_planted.order_lines.id", Severity.WARNING));
        assertThat(report.tables()).isEqualTo(8);
        assertThat(report.problems()).extracting(SchemaProblem::subject)
                .containsExactlyInAnyOrderElementsOf(report.findings().stream().map(Finding::subject).toList());
        assertThat(report.problems()).allSatisfy(v -> assertThat(v.rule().kinds()).contains(v.kind()));
        assertThat(report.problems(SchemaLintRule.NON_UTF8MB4_TEXT)).filteredOn(v -> v.object().isEmpty())
                .singleElement()
                .satisfies(v -> assertThat(v.fix()).isEqualTo("ALTER TABLE `lint_planted`.`legacy_sessions`"
                        + " CONVERT TO CHARACTER SET utf8mb4"));
        assertThat(report.ofKind("non-utf8mb4-table")).singleElement()
                .satisfies(f -> assertThat(f.details()).containsEntry("columns", "data"));
        assertThat(TextRenderer.render(report)).contains("lint_planted.payments.fk_invoice",
                "foreign-key-type-mismatch");
        assertThatThrownBy(() -> MaintkitAssertions.assertThat(report).completed()
                .hasNoFindingsWorseThan(Severity.INFO))
                .satisfies(e -> System.out.println(e.getMessage()))
                .hasMessageContaining("Expected no findings worse than INFO, but found 17")
                .hasMessageContaining("lint_planted.orders.k_customer");
    }

    @ParameterizedTest
    @MethodSource("servers")
    void theIndexRulesGiveWhatTheIndexCheckGives(MariaDbEngine server) throws SQLException {
        DataSource db = IndexCheckTest.redundantSchema(server, "lint_index_rules");
        List<String> indexKinds = List.of("missing-primary-key", "duplicate-index", "redundant-index",
                "redundant-unique-index", "clustered-key-suffix", "redundant-index-needed-by-foreign-key",
                "duplicate-foreign-key", "foreign-key-without-index");

        SchemaLintReport lint = MysqlSchemaLint.on(db).schemas("lint_index_rules").inspect();
        IndexReport indexes = IndexCheck.on(db).schemas("lint_index_rules").inspect();

        assertThat(lint.findings()).filteredOn(f -> indexKinds.contains(f.kind()))
                .extracting(Finding::kind, Finding::subject, Finding::severity, Finding::details)
                .containsExactlyInAnyOrderElementsOf(indexes.findings().stream()
                        .filter(f -> indexKinds.contains(f.kind()))
                        .map(f -> tuple(f.kind(), f.subject(), f.severity(), f.details())).toList());
        assertThat(lint.findings()).extracting(Finding::kind).contains("redundant-index", "duplicate-foreign-key",
                "clustered-key-suffix", "redundant-index-needed-by-foreign-key");
    }

    @ParameterizedTest
    @MethodSource("servers")
    void theNumberOfQueriesDoesNotGrowWithTheTables(MariaDbEngine server) throws SQLException {
        DataSource few = server.createDatabase("lint_few");
        DataSource many = server.createDatabase("lint_many");
        execute(few, "CREATE TABLE t0 (id INT UNSIGNED PRIMARY KEY) ENGINE=InnoDB");
        for (int i = 0; i < 40; i++) {
            execute(many, "CREATE TABLE t" + i + " (id INT UNSIGNED PRIMARY KEY, p INT UNSIGNED, KEY k (p))"
                    + " ENGINE=InnoDB");
        }

        long fewQueries = selectsOf(server, MysqlSchemaLint.on(few).schemas("lint_few"));
        long manyQueries = selectsOf(server, MysqlSchemaLint.on(many).schemas("lint_many"));

        assertThat(manyQueries).isEqualTo(fewQueries).isLessThanOrEqualTo(10);
    }

    private static long selectsOf(MariaDbEngine server, MysqlSchemaLint lint) throws SQLException {
        String sql = "SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS WHERE VARIABLE_NAME = 'COM_SELECT'";
        long before = Long.parseLong(Servers.queryString(server.dataSource(), sql));
        assertThat(lint.inspect().tables()).isPositive();
        return Long.parseLong(Servers.queryString(server.dataSource(), sql)) - before - 1;
    }

    @ParameterizedTest
    @MethodSource("servers")
    void everySuggestedFixRunsAndTakesItsProblemAway(MariaDbEngine server) throws SQLException {
        DataSource db = plantedSchema(server, "lint_fixes");
        MysqlSchemaLint lint = MysqlSchemaLint.on(server.dataSource()).schemas("lint_fixes");
        List<SchemaProblem> fixable = lint.inspect().problems().stream().filter(v -> !v.fix().isEmpty())
                .toList();
        assertThat(fixable).extracting(SchemaProblem::kind).containsExactlyInAnyOrder("redundant-index",
                "duplicate-foreign-key", "non-innodb-table", "non-innodb-table", "non-innodb-table",
                "non-utf8mb4-table");
        for (SchemaProblem v : fixable) {
            execute(db, v.fix());
        }
        assertThat(lint.inspect().problems()).extracting(v -> v.kind() + " " + v.subject())
                .doesNotContainAnyElementsOf(fixable.stream().map(v -> v.kind() + " " + v.subject()).toList())
                .contains("missing-primary-key lint_fixes.audit");
    }

    @ParameterizedTest
    @MethodSource("servers")
    void aCleanSchemaHasNothingAboveInfo(MariaDbEngine server) throws SQLException {
        DataSource db = server.createDatabase("lint_clean");
        execute(db,
                "CREATE TABLE customers (id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,"
                        + " email VARCHAR(200) NOT NULL, country CHAR(2) CHARACTER SET ascii NOT NULL,"
                        + " UNIQUE KEY uk_email (email)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4",
                "CREATE TABLE orders (id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,"
                        + " customer_id BIGINT UNSIGNED NOT NULL, customer_email VARCHAR(200),"
                        + " placed DATETIME NOT NULL, KEY k_customer_placed (customer_id, placed),"
                        + " CONSTRAINT fk_customer FOREIGN KEY (customer_id) REFERENCES customers (id),"
                        + " CONSTRAINT fk_email FOREIGN KEY (customer_email) REFERENCES customers (email))"
                        + " ENGINE=InnoDB DEFAULT CHARSET=utf8mb4",
                "CREATE TABLE order_tags (order_id BIGINT UNSIGNED NOT NULL, tag VARCHAR(40) NOT NULL,"
                        + " PRIMARY KEY (order_id, tag),"
                        + " CONSTRAINT fk_tag_order FOREIGN KEY (order_id) REFERENCES orders (id) ON DELETE CASCADE)"
                        + " ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin");

        SchemaLintReport report = MysqlSchemaLint.on(db).schemas("lint_clean").inspect();

        MaintkitAssertions.assertThat(report).completed().hasNoFindingsWorseThan(Severity.INFO);
        assertThat(report.findings()).extracting(Finding::kind, Finding::subject)
                .containsExactly(tuple("non-utf8mb4-column", "lint_clean.customers.country"));
        assertThat(report.tables()).isEqualTo(3);
    }

    @ParameterizedTest
    @MethodSource("servers")
    void aRuleSwitchedOffFindsNothingAndTheOthersStillDo(MariaDbEngine server) throws SQLException {
        plantedSchema(server, "lint_rules_off");

        SchemaLintReport report = MysqlSchemaLint.on(server.dataSource()).schemas("lint_rules_off")
                .without(SchemaLintRule.NON_INNODB_TABLE, SchemaLintRule.FOREIGN_KEY_TYPE_MISMATCH).inspect();

        assertThat(report.findings()).extracting(Finding::kind)
                .doesNotContain("non-innodb-table", "foreign-key-type-mismatch")
                .contains("missing-primary-key", "foreign-key-target-missing", "narrow-auto-increment");
        assertThat(report.problems(SchemaLintRule.NON_INNODB_TABLE)).isEmpty();
        assertThatThrownBy(() -> MysqlSchemaLint.on(server.dataSource()).without(SchemaLintRule.values()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("passes any schema");
    }

    @ParameterizedTest
    @MethodSource("servers")
    void findingsAnExclusionMatchesAreLeftOutOfFindingsAndProblems(MariaDbEngine server) throws SQLException {
        plantedSchema(server, "lint_excluded");

        SchemaLintReport report = MysqlSchemaLint.on(server.dataSource()).schemas("lint_excluded")
                .excluding(Findings.aboutSubject("lint_excluded.payments.*"))
                .excluding(Findings.ofKind("narrow-auto-increment"))
                .inspect();

        assertThat(report.findings()).extracting(Finding::subject).noneMatch(s -> s.startsWith("lint_excluded"
                + ".payments."));
        assertThat(report.findings()).extracting(Finding::kind).doesNotContain("narrow-auto-increment")
                .contains("non-innodb-table", "foreign-key-type-mismatch");
        assertThat(report.problems()).hasSameSizeAs(report.findings());
        MaintkitAssertions.assertThat(report)
                .ignoring(Findings.ofKind("non-innodb-table", "missing-primary-key", "non-utf8mb4-table",
                        "non-utf8mb4-column", "redundant-index", "duplicate-foreign-key",
                        "foreign-key-without-index", "foreign-key-to-non-unique-key"))
                .hasOnlyFindingsOfKind("foreign-key-type-mismatch");
    }

    @ParameterizedTest
    @MethodSource("servers")
    void aSchemaThisUserCannotSeeIsUnknownNeverClean(MariaDbEngine server) throws SQLException {
        plantedSchema(server, "lint_hidden");
        DataSource admin = server.dataSource();
        execute(admin, "DROP USER IF EXISTS 'linter'@'127.0.0.1'",
                "CREATE USER 'linter'@'127.0.0.1' IDENTIFIED BY 'linter-pw'");
        try {
            DataSource weak = server.dataSource("", "linter", "linter-pw");

            SchemaLintReport report = MysqlSchemaLint.on(weak).schemas("lint_hidden").inspect();

            assertThat(report.worst()).isEqualTo(Severity.UNKNOWN);
            assertThat(report.findings()).extracting(Finding::kind).containsExactly("schema-not-visible");
            assertThatThrownBy(() -> MaintkitAssertions.assertThat(report).completed())
                    .isInstanceOf(AssertionError.class).hasMessageContaining("lint_hidden");
            assertThat(MysqlSchemaLint.on(weak).schemas("lint_hidden").asCheck().run().worst())
                    .isEqualTo(Severity.UNKNOWN);
            CheckResult unreachable = MysqlSchemaLint.on(server.dataSource("", "linter", "wrong-pw")).asCheck()
                    .run();
            assertThat(unreachable.completed()).isFalse();
            assertThat(unreachable.reason()).isNotEmpty().doesNotContain("wrong-pw");
        } finally {
            execute(admin, "DROP USER 'linter'@'127.0.0.1'");
        }
    }

    @ParameterizedTest
    @MethodSource("servers")
    void aStricterAutoIncrementMinimumAsksForBigintUnsigned(MariaDbEngine server) throws SQLException {
        DataSource db = server.createDatabase("lint_bigint");
        execute(db, "CREATE TABLE a (id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY) ENGINE=InnoDB",
                "CREATE TABLE b (id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY) ENGINE=InnoDB",
                "CREATE TABLE c (id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY) ENGINE=InnoDB");
        MysqlSchemaLint lint = MysqlSchemaLint.on(db).schemas("lint_bigint").without(SchemaLintRule.NON_UTF8MB4_TEXT);

        assertThat(lint.inspect().findings()).isEmpty();
        assertThat(lint.minimumAutoIncrementMaximum(new BigInteger("18446744073709551615")).inspect().findings())
                .extracting(Finding::kind, Finding::subject)
                .containsExactlyInAnyOrder(tuple("narrow-auto-increment", "lint_bigint.a.id"),
                        tuple("narrow-auto-increment", "lint_bigint.c.id"));
    }

    @ParameterizedTest
    @MethodSource("servers")
    void hostileIdentifiersAreNamedExactlyAndQuotedInEveryFix(MariaDbEngine server) throws SQLException {
        String schema = "lint `odd` 'q' é";
        String quoted = "`lint ``odd`` 'q' é`";
        DataSource db = server.dataSource();
        execute(db, "DROP DATABASE IF EXISTS " + quoted, "CREATE DATABASE " + quoted,
                "SET SESSION foreign_key_checks = 0",
                "CREATE TABLE " + quoted + ".`chïld 字` (id BIGINT UNSIGNED PRIMARY KEY, `pé` INT,"
                        + " KEY `k ``1` (`pé`), KEY `k'2` (`pé`),"
                        + " CONSTRAINT `fk é` FOREIGN KEY (`pé`) REFERENCES `pé rent``` (`i d`))"
                        + " ENGINE=InnoDB DEFAULT CHARSET=utf8mb4",
                "CREATE TABLE " + quoted + ".`pé rent``` (`i d` BIGINT UNSIGNED PRIMARY KEY)"
                        + " ENGINE=InnoDB DEFAULT CHARSET=utf8mb4",
                "SET SESSION foreign_key_checks = 1",
                "CREATE TABLE " + quoted + ".`my ``isam' ø` (id INT UNSIGNED PRIMARY KEY) ENGINE=MyISAM");
        MysqlSchemaLint lint = MysqlSchemaLint.on(db).schemas(schema);

        SchemaLintReport report = lint.inspect();

        assertThat(report.findings()).extracting(Finding::kind, Finding::subject).containsExactlyInAnyOrder(
                tuple("foreign-key-type-mismatch", schema + ".chïld 字.fk é"),
                tuple("duplicate-index", schema + ".chïld 字.k'2"),
                tuple("non-innodb-table", schema + ".my `isam' ø"));
        for (SchemaProblem v : report.problems()) {
            if (!v.fix().isEmpty()) {
                execute(db, v.fix());
            }
        }
        assertThat(lint.inspect().findings()).extracting(Finding::kind)
                .containsExactly("foreign-key-type-mismatch");
    }
}

package io.maintkit.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.maintkit.core.CheckResult;
import io.maintkit.core.Finding;
import io.maintkit.core.Findings;
import io.maintkit.core.Severity;
import io.maintkit.postgres.SchemaLintReport.SchemaProblem;

import java.util.Arrays;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PostgresSchemaLintTest {

    private static DataSource db;
    private static SchemaLintReport planted;

    @BeforeAll
    static void plant() throws Exception {
        db = LintSchemas.database();
        planted = PostgresSchemaLint.on(db).schemas("lint").inspect();
    }

    @Test
    void everyPlantedProblemIsFoundOnItsSubject() {
        assertThat(planted.findings()).extracting(Finding::kind, Finding::subject).contains(
                tuple("table-without-primary-key", "lint.audit_log"),
                tuple("table-without-primary-key", "lint.\"Odd \"\"Name\"\"; DROP\""),
                tuple("fk-without-index", "lint.orders.orders_customer_id_fkey"),
                tuple("fk-without-index", "lint.lines.lines_customer_id_fkey"),
                tuple("duplicate-index", "lint.orders_note_again"),
                tuple("overlapping-index", "lint.orders_note"),
                tuple("invalid-index", "lint.audit_log_note"),
                tuple("duplicate-foreign-key", "lint.orders.orders_customer_id_fkey"),
                tuple("overlapping-foreign-key", "lint.lines.lines_customer_id_fkey"),
                tuple("fk-type-mismatch", "lint.orders.orders_customer_again"),
                tuple("not-valid-constraint", "lint.orders.orders_note_short"),
                tuple("not-valid-constraint", "lint.lines.lines_order_fk"),
                tuple("btree-on-array", "lint.orders_tags"),
                tuple("boolean-index", "lint.orders_archived"),
                tuple("redundant-not-null-predicate", "lint.orders_note_present"),
                tuple("redundant-not-null-predicate", "lint.orders_placed_noted"),
                tuple("fk-nullable-columns", "lint.lines.lines_customer_code_fkey"),
                tuple("json-column", "lint.orders.payload"),
                tuple("json-column", "lint.\"Odd \"\"Name\"\"; DROP\".\"Pay\"\"load\""),
                tuple("timestamp-without-time-zone", "lint.orders.placed"),
                tuple("timetz-column", "lint.orders.pickup"),
                tuple("money-column", "lint.orders.total"),
                tuple("char-column", "lint.orders.country"),
                tuple("serial-primary-key", "lint.invoices.id"),
                tuple("serial-primary-key", "lint.events.id"),
                tuple("serial-column", "lint.invoices.number"),
                tuple("sequence-narrower-than-column", "lint.events_id_seq"),
                tuple("name-at-identifier-limit", "lint." + LintSchemas.LONG_NAME));
        assertThat(planted.findings()).extracting(Finding::kind).containsAll(
                Arrays.stream(SchemaLintRule.values()).map(SchemaLintRule::kind).toList());
        assertThat(planted.findings()).allSatisfy(f -> {
            assertThat(f.checkId()).isEqualTo(PostgresSchemaLint.ID);
            assertThat(f.severity()).isEqualTo(Severity.WARNING);
        });
        assertThat(planted.problems()).hasSameSizeAs(planted.findings());
        assertThat(planted.problems(SchemaLintRule.DUPLICATE_INDEX)).extracting(SchemaProblem::subject,
                        SchemaProblem::table)
                .contains(tuple("lint.orders_note_again", "lint.orders"));
        assertThat(Pg.about(planted, "lint.orders_note_again").get(0).details())
                .containsEntry("related", "lint.orders_note");
    }

    @Test
    void hostileNamesAreQuotedInSubjectsAndInTheStatementsSummariesSuggest() {
        String odd = "lint.\"Odd \"\"Name\"\"; DROP\"";
        assertThat(Pg.about(planted, odd + ".\"chk \"\"x\"\"\"", "not-valid-constraint")).singleElement()
                .satisfies(f -> assertThat(f.summary()).contains("ALTER TABLE " + odd
                        + " VALIDATE CONSTRAINT \"chk \"\"x\"\"\""));
        assertThat(Pg.about(planted, odd + ".\"Pay\"\"load\"", "json-column")).hasSize(1);
    }

    @Test
    void indexesThatServeTheirForeignKeyInAnotherOrderAndSoundRulesStaySilent() {
        // lines_code_customer (customer_code, customer_id) serves the foreign key (customer_id, customer_code)
        assertThat(Pg.about(planted, "lint.lines.lines_customer_code_fkey", "fk-without-index")).isEmpty();
        // lines_order serves lines_order_fk; only its NOT VALID is reported
        assertThat(Pg.about(planted, "lint.lines.lines_order_fk")).extracting(Finding::kind)
                .containsExactly("not-valid-constraint");
        // a boolean after a selective column is a sound index; unique and constraint indexes are never redundant
        assertThat(Pg.about(planted, "lint.orders_placed_archived")).isEmpty();
        assertThat(Pg.about(planted, "lint.customers_pkey")).isEmpty();
        assertThat(Pg.about(planted, "lint.customers_id_code_key")).isEmpty();
        // an identity column is what the serial rules recommend
        assertThat(Pg.about(planted, "lint.tickets.id")).isEmpty();
    }

    @Test
    void aCleanSchemaHasNothingAboveInfo() throws Exception {
        SchemaLintReport clean = PostgresSchemaLint.on(db).schemas("clean").inspect();

        assertThat(Pg.above(clean, Severity.INFO)).isEmpty();
        assertThat(clean.problems()).isEmpty();
    }

    @Test
    void aRuleSwitchedOffFindsNothingAndTheOthersStillDo() throws Exception {
        SchemaLintReport report = PostgresSchemaLint.on(db).schemas("lint")
                .without(SchemaLintRule.TABLE_WITHOUT_PRIMARY_KEY, SchemaLintRule.JSON_COLUMN).inspect();

        assertThat(report.findings()).extracting(Finding::kind)
                .doesNotContain("table-without-primary-key", "json-column")
                .contains("fk-without-index", "duplicate-index", "money-column");
        assertThat(report.problems(SchemaLintRule.TABLE_WITHOUT_PRIMARY_KEY)).isEmpty();

        SchemaLintReport only = PostgresSchemaLint.on(db).schemas("lint").only(SchemaLintRule.MONEY_COLUMN).inspect();
        assertThat(only.findings()).extracting(Finding::kind, Finding::subject)
                .containsExactly(tuple("money-column", "lint.orders.total"));
        assertThat(PostgresSchemaLint.on(db).only(SchemaLintRule.MONEY_COLUMN).rules())
                .containsExactly(SchemaLintRule.MONEY_COLUMN);
        assertThat(PostgresSchemaLint.DEFAULT_RULES).containsExactlyInAnyOrder(SchemaLintRule.values());
        assertThatThrownBy(() -> PostgresSchemaLint.on(db).only()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PostgresSchemaLint.on(db).without(SchemaLintRule.values()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("passes any schema");
    }

    @Test
    void findingsExcludedByPredicateAreLeftOutWithTheirProblems() throws Exception {
        SchemaLintReport report = PostgresSchemaLint.on(db).schemas("lint")
                .excluding(Findings.ofKind("json-column"))
                .excluding(Findings.aboutSubject("lint.orders_*"))
                .inspect();

        assertThat(report.findings()).extracting(Finding::kind).doesNotContain("json-column")
                .contains("money-column");
        assertThat(report.findings()).extracting(Finding::subject)
                .noneMatch(s -> s.startsWith("lint.orders_"))
                .contains("lint.orders.total", "lint.audit_log");
        assertThat(report.problems()).hasSameSizeAs(report.findings());
    }

    @Test
    void aPartitionedTableIsCheckedOnceOnTheParent() {
        assertThat(Pg.about(planted, "lint.measurements")).extracting(Finding::kind)
                .containsExactly("table-without-primary-key");
        assertThat(Pg.about(planted, "lint.measurements.measurements_sensor_id_fkey")).extracting(Finding::kind)
                .containsExactly("fk-without-index");
        assertThat(Pg.about(planted, "lint.measurements.meta")).extracting(Finding::kind)
                .containsExactly("json-column");
        assertThat(Pg.about(planted, "lint.measurements_taken_again")).extracting(Finding::kind)
                .containsExactly("duplicate-index");
        assertThat(planted.findings()).extracting(Finding::subject)
                .noneMatch(s -> s.startsWith("lint.measurements_20"));
    }

    @Test
    void relationExclusionsApplyToTheTablesTheirColumnsConstraintsAndIndexes() throws Exception {
        SchemaLintReport report = PostgresSchemaLint.on(db).schemas("lint").exclude("orders", "lint.audit_*")
                .inspect();

        assertThat(report.findings()).extracting(f -> f.details().get("table"))
                .doesNotContain("lint.orders", "lint.audit_log")
                .contains("lint.lines");
    }

    @Test
    void aMisspeltSchemaIsUnknownNeverClean() throws Exception {
        SchemaLintReport report = PostgresSchemaLint.on(db).schemas("lnit").inspect();

        assertThat(report.worst()).isEqualTo(Severity.UNKNOWN);
        assertThat(report.findings()).extracting(Finding::kind, Finding::subject)
                .containsExactly(tuple("schema-not-found", "lnit"));
    }

    @Test
    void aRoleThatCannotConnectGetsACheckThatCouldNotRun() {
        Pg.exec(db, "DO $$ BEGIN IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'lint_outsider') THEN "
                        + "DROP ROLE lint_outsider; END IF; END $$",
                "CREATE ROLE lint_outsider LOGIN PASSWORD 'outsider-secret'",
                "REVOKE CONNECT ON DATABASE schema_lint FROM PUBLIC");
        DataSource outsider = Pg.engine().dataSource("schema_lint", "lint_outsider", "outsider-secret");

        CheckResult result = PostgresSchemaLint.on(outsider).target("schema_lint").asCheck().run();

        assertThat(result.completed()).isFalse();
        assertThat(result.worst()).isEqualTo(Severity.UNKNOWN);
        assertThat(result.reason()).contains("permission denied").doesNotContain("outsider-secret");
        assertThat(result.checkId()).isEqualTo("postgres.schema-lint");
    }

    @Test
    void asCheckReportsWhatInspectFinds() {
        CheckResult result = PostgresSchemaLint.on(db).schemas("lint").asCheck().run();

        assertThat(result.completed()).isTrue();
        assertThat(result.findings()).containsExactlyInAnyOrderElementsOf(planted.findings());
    }

    @Test
    void aFixedNumberOfQueriesWhateverTheSchemasSize() throws Exception {
        StatementCounter clean = new StatementCounter(db);
        StatementCounter lint = new StatementCounter(db);
        StatementCounter everything = new StatementCounter(db);

        PostgresSchemaLint.on(clean.dataSource()).schemas("clean").inspect();
        PostgresSchemaLint.on(lint.dataSource()).schemas("lint").inspect();
        PostgresSchemaLint.on(everything.dataSource()).inspect();

        // the session's start and eight catalog queries
        assertThat(List.of(clean.count(), lint.count(), everything.count())).containsOnly(9);
    }

    @Test
    void findingsNameTheirTable() {
        List<Finding> columnFindings = Pg.about(planted, "lint.orders.payload");
        assertThat(columnFindings).singleElement()
                .satisfies(f -> assertThat(f.details()).containsEntry("table", "lint.orders"));
    }
}

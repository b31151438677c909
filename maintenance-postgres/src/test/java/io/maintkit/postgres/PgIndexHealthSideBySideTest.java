package io.maintkit.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mfvanek.pg.connection.PgConnection;
import io.github.mfvanek.pg.connection.PgConnectionImpl;
import io.github.mfvanek.pg.connection.host.PgHostImpl;
import io.github.mfvanek.pg.core.checks.common.DatabaseCheckOnHost;
import io.github.mfvanek.pg.core.checks.host.BtreeIndexesOnArrayColumnsCheckOnHost;
import io.github.mfvanek.pg.core.checks.host.ColumnsWithFixedLengthVarcharCheckOnHost;
import io.github.mfvanek.pg.core.checks.host.ColumnsWithJsonTypeCheckOnHost;
import io.github.mfvanek.pg.core.checks.host.ColumnsWithMoneyTypeCheckOnHost;
import io.github.mfvanek.pg.core.checks.host.ColumnsWithSerialTypesCheckOnHost;
import io.github.mfvanek.pg.core.checks.host.ColumnsWithTimestampOrTimetzTypeCheckOnHost;
import io.github.mfvanek.pg.core.checks.host.DuplicatedForeignKeysCheckOnHost;
import io.github.mfvanek.pg.core.checks.host.DuplicatedIndexesCheckOnHost;
import io.github.mfvanek.pg.core.checks.host.ForeignKeysNotCoveredWithIndexCheckOnHost;
import io.github.mfvanek.pg.core.checks.host.ForeignKeysWithUnmatchedColumnTypeCheckOnHost;
import io.github.mfvanek.pg.core.checks.host.IndexesWithBooleanCheckOnHost;
import io.github.mfvanek.pg.core.checks.host.IndexesWithUnnecessaryWhereClauseCheckOnHost;
import io.github.mfvanek.pg.core.checks.host.IntersectedForeignKeysCheckOnHost;
import io.github.mfvanek.pg.core.checks.host.IntersectedIndexesCheckOnHost;
import io.github.mfvanek.pg.core.checks.host.InvalidIndexesCheckOnHost;
import io.github.mfvanek.pg.core.checks.host.NotValidConstraintsCheckOnHost;
import io.github.mfvanek.pg.core.checks.host.PossibleObjectNameOverflowCheckOnHost;
import io.github.mfvanek.pg.core.checks.host.PrimaryKeysWithSerialTypesCheckOnHost;
import io.github.mfvanek.pg.core.checks.host.SequenceOverflowCheckOnHost;
import io.github.mfvanek.pg.core.checks.host.TablesWithoutPrimaryKeyCheckOnHost;
import io.github.mfvanek.pg.model.column.ColumnNameAware;
import io.github.mfvanek.pg.model.constraint.ConstraintNameAware;
import io.github.mfvanek.pg.model.constraint.ForeignKey;
import io.github.mfvanek.pg.model.context.PgContext;
import io.github.mfvanek.pg.model.dbobject.DbObject;
import io.github.mfvanek.pg.model.dbobject.PgObjectType;
import io.github.mfvanek.pg.model.index.DuplicatedIndexes;
import io.github.mfvanek.pg.model.index.IndexNameAware;
import io.github.mfvanek.pg.model.sequence.SequenceState;
import io.github.mfvanek.pg.model.table.Table;
import io.maintkit.core.Finding;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * pg-index-health 0.30.0's static checks and maintkit's schema lint on the same planted schema of the same server:
 * maintkit finds every subject each of them finds, except the differences, each a test with its reason. Each
 * assertion on a difference names exactly what pg-index-health reports and maintkit does not, so a new difference
 * fails.
 */
class PgIndexHealthSideBySideTest {

    private static final PgContext LINT = PgContext.of("lint");

    private static DataSource db;
    private static PgConnection pgIndexHealth;
    private static SchemaLintReport maintkit;

    @BeforeAll
    static void plant() throws Exception {
        db = LintSchemas.database();
        pgIndexHealth = PgConnectionImpl.of(db, PgHostImpl.ofUrl(Pg.engine().jdbcUrl("schema_lint")));
        maintkit = PostgresSchemaLint.on(db).schemas("lint").inspect();
    }

    // ----- same findings -----

    @Test
    void foreignKeysWithColumnTypesOtherThanTheReferencedOnes() {
        assertFindsAll(constraints(new ForeignKeysWithUnmatchedColumnTypeCheckOnHost(pgIndexHealth)),
                "fk-type-mismatch");
    }

    @Test
    void notValidConstraints() {
        assertFindsAll(constraints(new NotValidConstraintsCheckOnHost(pgIndexHealth)), "not-valid-constraint");
    }

    @Test
    void invalidIndexes() {
        assertFindsAll(indexes(new InvalidIndexesCheckOnHost(pgIndexHealth)), "invalid-index");
    }

    @Test
    void btreeIndexesOnArrays() {
        assertFindsAll(indexes(new BtreeIndexesOnArrayColumnsCheckOnHost(pgIndexHealth)), "btree-on-array");
    }

    @Test
    void partialIndexesTestingNotNullColumnsForNull() {
        assertFindsAll(indexes(new IndexesWithUnnecessaryWhereClauseCheckOnHost(pgIndexHealth)),
                "redundant-not-null-predicate");
    }

    @Test
    void jsonMoneyTimestampAndTimetzColumns() {
        assertFindsAll(columns(new ColumnsWithJsonTypeCheckOnHost(pgIndexHealth)), "json-column");
        assertFindsAll(columns(new ColumnsWithMoneyTypeCheckOnHost(pgIndexHealth)), "money-column");
        assertFindsAll(columns(new ColumnsWithTimestampOrTimetzTypeCheckOnHost(pgIndexHealth)),
                "timestamp-without-time-zone", "timetz-column");
    }

    @Test
    void serialPrimaryKeysAndSerialColumns() {
        assertFindsAll(columns(new PrimaryKeysWithSerialTypesCheckOnHost(pgIndexHealth)), "serial-primary-key");
        assertFindsAll(columns(new ColumnsWithSerialTypesCheckOnHost(pgIndexHealth)), "serial-column");
    }

    @Test
    void duplicateIndexesAllButTheOneKept() {
        List<DuplicatedIndexes> groups = check(new DuplicatedIndexesCheckOnHost(pgIndexHealth));
        assertThat(groups).isNotEmpty();
        Set<String> duplicates = subjects("duplicate-index");
        for (DuplicatedIndexes group : groups) {
            List<String> names = group.getIndexNames();
            assertThat(names).filteredOn(duplicates::contains).hasSize(names.size() - 1);
        }
    }

    @Test
    void duplicateAndOverlappingForeignKeysOneOfEachPair() {
        List<List<String>> pairs = check(new DuplicatedForeignKeysCheckOnHost(pgIndexHealth)).stream()
                .map(d -> d.getForeignKeys().stream().map(PgIndexHealthSideBySideTest::subject).toList()).toList();
        assertThat(pairs).isNotEmpty().allSatisfy(pair -> assertThat(pair).containsAnyElementsOf(
                subjects("duplicate-foreign-key")));
        List<List<String>> overlapping = check(new IntersectedForeignKeysCheckOnHost(pgIndexHealth)).stream()
                .map(d -> d.getForeignKeys().stream().map(PgIndexHealthSideBySideTest::subject).toList()).toList();
        assertThat(overlapping).isNotEmpty().allSatisfy(pair -> assertThat(pair).containsAnyElementsOf(
                subjects("overlapping-foreign-key", "duplicate-foreign-key")));
    }

    @Test
    void namesAtTheIdentifierLimit() {
        List<String> theirs = check(new PossibleObjectNameOverflowCheckOnHost(pgIndexHealth)).stream()
                .map(o -> o.getObjectType() == PgObjectType.CONSTRAINT
                        ? o.getName().substring(o.getName().lastIndexOf('.') + 1) : o.getName())
                .toList();
        assertThat(theirs).hasSizeGreaterThanOrEqualTo(4);
        Set<String> ours = subjects("name-at-identifier-limit");
        // a constraint's subject is schema.table.constraint, pg-index-health's schema.constraint
        assertThat(theirs).allMatch(name -> ours.contains(name) || ours.stream().anyMatch(s -> s.endsWith("." + name)));
    }

    // ----- differences, each with its reason -----

    /**
     * A partitioned table without a primary key: pg-index-health also reports each of its partitions, which can
     * only get one through the parent (a key of a partition alone cannot include rows of the others). maintkit
     * reports the parent once.
     */
    @Test
    void partitionsOfATableWithoutPrimaryKeyAreReportedOnceOnTheParent() {
        List<String> theirs = check(new TablesWithoutPrimaryKeyCheckOnHost(pgIndexHealth)).stream()
                .map(Table::getTableName).toList();

        assertThat(missed(theirs, "table-without-primary-key"))
                .containsExactlyInAnyOrder("lint.measurements_2025", "lint.measurements_2026");
        assertThat(subjects("table-without-primary-key")).contains("lint.measurements");
    }

    /**
     * pg-index-health calls a foreign key covered only when its first column leads an index; maintkit when its
     * columns lead an index in any order: {@code (customer_code, customer_id)} serves the lookups of the foreign key
     * {@code (customer_id, customer_code)}, which are equality on both columns.
     */
    @Test
    void aForeignKeyLedByItsColumnsInAnotherOrderIsServed() {
        List<String> theirs = constraints(new ForeignKeysNotCoveredWithIndexCheckOnHost(pgIndexHealth));

        assertThat(missed(theirs, "fk-without-index")).containsExactly("lint.lines.lines_customer_code_fkey");
        assertThat(theirs).hasSizeGreaterThan(1);
    }

    /**
     * pg-index-health reports every index containing a boolean column; maintkit only indexes on booleans alone:
     * {@code (placed, archived)} narrows by {@code placed} first and is a sound index.
     */
    @Test
    void aBooleanAfterASelectiveColumnIsASoundIndex() {
        List<String> theirs = indexes(new IndexesWithBooleanCheckOnHost(pgIndexHealth));

        assertThat(missed(theirs, "boolean-index")).containsExactly("lint.orders_placed_archived");
        assertThat(subjects("boolean-index")).contains("lint.orders_archived");
    }

    /**
     * pg-index-health calls two indexes intersected when one's columns lead the other's, even when the shorter is a
     * primary key or unique: dropping it would drop the constraint. maintkit never calls a unique or constraint
     * index overlapping.
     */
    @Test
    void uniqueAndConstraintIndexesAreNeverCalledOverlapping() {
        List<DuplicatedIndexes> pairs = check(new IntersectedIndexesCheckOnHost(pgIndexHealth));
        Set<String> ours = subjects("overlapping-index", "duplicate-index");

        assertThat(pairs).filteredOn(p -> p.getIndexNames().stream().noneMatch(ours::contains))
                .extracting(p -> Set.copyOf(p.getIndexNames()))
                .containsExactly(Set.of("lint.customers_pkey", "lint.customers_id_code_key"));
        assertThat(pairs).hasSizeGreaterThan(1);
    }

    /**
     * pg-index-health reports {@code varchar(n)}; maintkit does not: a length limit is a constraint many schemas
     * want, and changing it is cheap. maintkit reports {@code char(n)}, which pads with blanks, instead.
     */
    @Test
    void varcharWithALengthIsALimitNotAProblem() {
        List<String> theirs = columns(new ColumnsWithFixedLengthVarcharCheckOnHost(pgIndexHealth));

        assertThat(missed(theirs, "char-column")).containsExactly("lint.customers.nickname");
        assertThat(subjects("char-column")).contains("lint.orders.country");
    }

    /**
     * Sequence overflow needs the sequences' values, which a freshly migrated schema does not have: maintkit leaves
     * it to {@code postgres.sequences}, which finds the same sequence, out of the schema lint.
     */
    @Test
    void sequenceOverflowIsTheSequenceChecksJob() throws Exception {
        List<String> theirs = check(new SequenceOverflowCheckOnHost(pgIndexHealth)).stream()
                .map(SequenceState::getSequenceName).toList();
        SequenceReport sequences = SequenceCheck.on(db).schemas("lint").inspect();

        assertThat(theirs).containsExactly("lint.tickets_id_seq");
        assertThat(sequences.findings()).filteredOn(f -> f.kind().equals("sequence-near-max"))
                .extracting(Finding::subject).containsExactlyElementsOf(theirs);
        assertThat(maintkit.findings()).extracting(Finding::subject).doesNotContain("lint.tickets_id_seq");
    }

    // ----- helpers -----

    private static <T extends DbObject> List<T> check(DatabaseCheckOnHost<T> check) {
        return check.check(LINT);
    }

    private static <T extends DbObject> List<String> names(DatabaseCheckOnHost<T> check, Function<T, String> name) {
        return check(check).stream().map(name).toList();
    }

    private static <T extends DbObject & ColumnNameAware> List<String> columns(DatabaseCheckOnHost<T> check) {
        return names(check, c -> c.getTableName() + "." + c.getColumnName());
    }

    private static <T extends DbObject & IndexNameAware> List<String> indexes(DatabaseCheckOnHost<T> check) {
        return names(check, IndexNameAware::getIndexName);
    }

    private static <T extends DbObject & ConstraintNameAware> List<String> constraints(DatabaseCheckOnHost<T> check) {
        return names(check, c -> c.getTableName() + "." + c.getConstraintName());
    }

    private static String subject(ForeignKey fk) {
        return fk.getTableName() + "." + fk.getConstraintName();
    }

    /** The subjects of maintkit's findings of these kinds. */
    private static Set<String> subjects(String... kinds) {
        Set<String> wanted = Set.of(kinds);
        return maintkit.findings().stream().filter(f -> wanted.contains(f.kind())).map(Finding::subject)
                .collect(Collectors.toSet());
    }

    /** What pg-index-health found that maintkit did not report under these kinds. */
    private static List<String> missed(Collection<String> theirs, String... kinds) {
        Set<String> ours = subjects(kinds);
        return theirs.stream().filter(s -> !ours.contains(s)).toList();
    }

    private static void assertFindsAll(List<String> theirs, String... kinds) {
        assertThat(theirs).as("pg-index-health finds something in the planted schema").isNotEmpty();
        assertThat(subjects(kinds)).containsAll(theirs);
    }
}

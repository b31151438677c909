package io.maintkit.postgres;

import io.maintkit.core.Finding;
import io.maintkit.core.Severity;
import io.maintkit.core.internal.Scope;
import io.maintkit.postgres.SchemaLintReport.SchemaProblem;
import io.maintkit.postgres.internal.IndexCatalog;
import io.maintkit.postgres.internal.IndexCatalog.IndexDefinition;
import io.maintkit.postgres.internal.IndexCatalog.Redundancy;
import io.maintkit.postgres.internal.Row;
import io.maintkit.postgres.internal.Session;
import io.maintkit.postgres.internal.Sql;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import javax.sql.DataSource;

/**
 * {@code postgres.schema-lint}: static checks that mean something on an empty, freshly migrated database, the
 * way a test suite asserts a schema after its migrations. The {@link SchemaLintRule}s: tables without a primary
 * key, foreign keys without an index, duplicate, overlapping and invalid indexes (the rules of
 * {@code postgres.indexes}), duplicate and overlapping foreign keys, foreign keys whose column types differ from
 * the referenced ones, {@code NOT VALID} constraints, B-trees on arrays, indexes on booleans alone, partial indexes
 * testing {@code IS NOT NULL} on {@code NOT NULL} columns, nullable columns in multi-column foreign keys without
 * {@code MATCH FULL}, {@code json}, {@code timestamp}, {@code timetz}, {@code money} and {@code char(n)} columns,
 * serial columns where identity columns exist, sequences narrower than their column, and names at the identifier
 * length limit.
 *
 * <p>A partitioned table and each of its partitions are checked once: what a partition inherits from its parent
 * (columns, foreign keys, check constraints, indexes) is reported on the parent only, and a partition is not
 * reported for lacking a primary key its parent lacks. System schemas are never looked at.
 *
 * <p>Every finding is a {@code WARNING}; a schema named in {@link #schemas(String...)} that does not exist is an
 * {@code UNKNOWN} finding (a misspelt schema would otherwise pass). Eight catalog queries whatever the schema's
 * size.
 *
 * <pre>{@code
 * SchemaLintReport report = PostgresSchemaLint.on(dataSource)
 *         .schemas("public")
 *         .without(SchemaLintRule.SERIAL_PRIMARY_KEY)
 *         .excluding(Findings.aboutSubject("public.flyway_*"))
 *         .inspect();
 * }</pre>
 */
public final class PostgresSchemaLint extends PostgresInspection<PostgresSchemaLint, SchemaLintReport> {

    /** The check id. */
    public static final String ID = "postgres.schema-lint";
    /** Every rule is on unless switched off. */
    public static final Set<SchemaLintRule> DEFAULT_RULES = Collections.unmodifiableSet(
            EnumSet.allOf(SchemaLintRule.class));

    private final Set<SchemaLintRule> rules;
    private final Predicate<Finding> excluded;

    private PostgresSchemaLint(Context context, Set<SchemaLintRule> rules, Predicate<Finding> excluded) {
        super(context);
        this.rules = rules.isEmpty() ? Collections.emptySet() : Collections.unmodifiableSet(EnumSet.copyOf(rules));
        this.excluded = Objects.requireNonNull(excluded, "excluded");
    }

    /** A lint of the database behind {@code dataSource} with every rule on. */
    public static PostgresSchemaLint on(DataSource dataSource) {
        return new PostgresSchemaLint(Context.of(dataSource), DEFAULT_RULES, f -> false);
    }

    @Override
    PostgresSchemaLint with(Context changed) {
        return new PostgresSchemaLint(changed, rules, excluded);
    }

    @Override
    public String id() {
        return ID;
    }

    /** The rules this lint applies. */
    public Set<SchemaLintRule> rules() {
        return rules;
    }

    /**
     * This lint with these rules switched off.
     *
     * @throws IllegalArgumentException when no rule would be left: a lint without rules would pass any schema
     */
    public PostgresSchemaLint without(SchemaLintRule... off) {
        Set<SchemaLintRule> on = EnumSet.noneOf(SchemaLintRule.class);
        on.addAll(rules);
        on.removeAll(Arrays.asList(off));
        if (on.isEmpty()) {
            throw new IllegalArgumentException("without() would switch every rule off: a lint without rules passes"
                    + " any schema");
        }
        return new PostgresSchemaLint(context, on, excluded);
    }

    /**
     * This lint applying only these rules.
     *
     * @throws IllegalArgumentException when no rule is given: a lint without rules would pass any schema
     */
    public PostgresSchemaLint only(SchemaLintRule... on) {
        if (on.length == 0) {
            throw new IllegalArgumentException("only() needs at least one rule: a lint without rules passes any"
                    + " schema");
        }
        Set<SchemaLintRule> only = EnumSet.noneOf(SchemaLintRule.class);
        only.addAll(Arrays.asList(on));
        return new PostgresSchemaLint(context, only, excluded);
    }

    /**
     * This lint leaving out the findings {@code accepted} matches (see {@link io.maintkit.core.Findings}), with
     * their problems; exclusions add up.
     */
    public PostgresSchemaLint excluding(Predicate<Finding> accepted) {
        Objects.requireNonNull(accepted, "accepted");
        return new PostgresSchemaLint(context, rules, excluded.or(accepted));
    }

    @Override
    public SchemaLintReport inspect() throws SQLException {
        try (Session session = context.open()) {
            Found found = new Found(rules, excluded);
            Scope scope = context.scope();
            String[] schemas = scope.schemaArray();
            for (Row r : session.query(Sql.load("lint-schemas"), (Object) schemas)) {
                found.unknown(r.text("name"), "schema " + r.text("name") + " does not exist: nothing of it was"
                        + " checked");
            }
            for (Row r : inScope(session.query(Sql.load("lint-tables"), schemas, schemas), scope)) {
                if (!r.bool("has_primary_key")) {
                    found.add(SchemaLintRule.TABLE_WITHOUT_PRIMARY_KEY, r.text("subject"), r.text("subject"), null,
                            (r.bool("partitioned") ? "partitioned table" : "table") + " has no primary key: its rows"
                                    + " cannot be told apart for updates, deletes or logical replication");
                }
            }
            for (Row r : inScope(session.query(Sql.load("lint-columns"), schemas, schemas), scope)) {
                column(r, found);
            }
            indexes(session, scope, found);
            for (Row r : IndexCatalog.foreignKeysWithoutIndex(session, scope)) {
                found.add(SchemaLintRule.FOREIGN_KEY_WITHOUT_INDEX, r.text("constraint_subject"), r.text("subject"),
                        null, IndexCatalog.foreignKeySummary(r), Map.of("definition", r.text("definition")));
            }
            constraints(inScope(session.query(Sql.load("lint-constraints"), schemas, schemas), scope), found);
            names(inScope(session.query(Sql.load("lint-names"), schemas, schemas, schemas, schemas, schemas, schemas,
                    schemas, schemas), scope), found);
            return new SchemaLintReport(session.database(), session.versionNum(), found.problems, found.findings);
        }
    }

    private static List<Row> inScope(List<Row> rows, Scope scope) {
        return rows.stream().filter(r -> !scope.excludes(r.text("nspname"), r.text("relname"))).toList();
    }

    private static void column(Row r, Found found) {
        String subject = r.text("subject");
        String table = r.text("table_subject");
        String type = r.text("column_type");
        switch (r.text("typname")) {
            case "json" -> found.add(SchemaLintRule.JSON_COLUMN, subject, table, null, "json column: every read"
                    + " parses the text again and no GIN index serves it; use jsonb");
            case "timestamp" -> found.add(SchemaLintRule.TIMESTAMP_WITHOUT_TIME_ZONE, subject, table, null, type
                    + " column stores a wall-clock time without its zone, not an instant; use timestamptz");
            case "timetz" -> found.add(SchemaLintRule.TIMETZ_COLUMN, subject, table, null, "timetz column: an offset"
                    + " without a date cannot follow daylight saving time; use timestamptz or time");
            case "money" -> found.add(SchemaLintRule.MONEY_COLUMN, subject, table, null, "money column: its value"
                    + " and rounding depend on lc_monetary; use numeric with a currency column");
            case "bpchar" -> found.add(SchemaLintRule.CHAR_COLUMN, subject, table, null, type + " column pads values"
                    + " with blanks and compares them oddly; use text or varchar");
            default -> {
                // a column fed by a sequence, handled below
            }
        }
        String sequence = r.text("sequence_subject");
        if (sequence == null) {
            return;
        }
        if (r.bool("serial")) {
            boolean key = r.bool("in_primary_key");
            found.add(key ? SchemaLintRule.SERIAL_PRIMARY_KEY : SchemaLintRule.SERIAL_COLUMN, subject, table,
                    sequence, (key ? "primary key " : "") + "column with a serial default on sequence " + sequence
                            + ": use GENERATED ... AS IDENTITY, whose sequence follows the column's privileges and"
                            + " copies");
        }
        int sequenceWidth = width(r.text("sequence_type"));
        int columnWidth = width(r.text("typname"));
        if (sequenceWidth > 0 && sequenceWidth < columnWidth) {
            found.add(SchemaLintRule.NARROW_SEQUENCE, sequence, table, subject, "sequence " + sequence + " is "
                    + r.text("sequence_type_name") + " but feeds " + type + " column " + subject + ": it runs out"
                    + " long before the column (ALTER SEQUENCE " + sequence + " AS " + type + ")");
        }
    }

    private static int width(String integerType) {
        return switch (String.valueOf(integerType)) {
            case "int2" -> 2;
            case "int4" -> 4;
            case "int8" -> 8;
            default -> 0;
        };
    }

    private static void indexes(Session session, Scope scope, Found found) throws SQLException {
        List<IndexDefinition> indexes = IndexCatalog.indexes(session, scope);
        for (IndexDefinition i : indexes) {
            if (!i.valid() && !i.inherited() && !i.row().bool("building")) {
                found.add(SchemaLintRule.INVALID_INDEX, i.subject(), i.table(), null, IndexCatalog.invalidSummary(i));
            }
        }
        for (Redundancy r : IndexCatalog.redundancies(indexes)) {
            if (!r.index().inherited()) {
                found.add(r.duplicate() ? SchemaLintRule.DUPLICATE_INDEX : SchemaLintRule.OVERLAPPING_INDEX,
                        r.index().subject(), r.index().table(), r.kept().subject(), r.summary());
            }
        }
        String[] schemas = scope.schemaArray();
        for (Row r : session.query(Sql.load("lint-index-columns"), schemas, schemas)) {
            if (scope.excludes(r.text("nspname"), r.text("relname"))
                    || scope.excludes(r.text("nspname"), r.text("table_relname"))) {
                continue;
            }
            String subject = r.text("subject");
            String table = r.text("table_subject");
            if (r.bool("array_key")) {
                found.add(SchemaLintRule.BTREE_ON_ARRAY, subject, table, null, "B-tree index on an array column of "
                        + table + ": it serves only comparisons of whole arrays; use GIN for element searches");
            }
            if (r.bool("boolean_keys")) {
                found.add(SchemaLintRule.BOOLEAN_INDEX, subject, table, null, "index on boolean columns only of "
                        + table + ": two values cannot narrow a scan; index the rows of interest with a partial"
                        + " index on another column");
            }
            if (!r.isNull("not_null_tested")) {
                found.add(SchemaLintRule.REDUNDANT_NOT_NULL_PREDICATE, subject, table, null, "partial index tests"
                        + " IS NOT NULL on NOT NULL column(s) " + r.text("not_null_tested") + " of " + table
                        + ": the predicate excludes nothing (WHERE " + r.text("pred") + ")");
            }
        }
    }

    private static void constraints(List<Row> rows, Found found) {
        Map<String, List<Row>> byTables = new LinkedHashMap<>();
        for (Row r : rows) {
            String subject = r.text("subject");
            String table = r.text("table_subject");
            Map<String, String> definition = Map.of("definition", r.text("definition"));
            if (!r.bool("convalidated")) {
                found.add(SchemaLintRule.NOT_VALID_CONSTRAINT, subject, table, null, ("f".equals(r.text("contype"))
                        ? "foreign key" : "check constraint") + " was added NOT VALID and never validated: rows"
                        + " written before may break it (ALTER TABLE " + table + " VALIDATE CONSTRAINT "
                        + r.text("quoted_conname") + ")", definition);
            }
            if (!"f".equals(r.text("contype"))) {
                continue;
            }
            byTables.computeIfAbsent(r.longValue("table_oid") + ">" + r.longValue("referenced_oid"),
                    k -> new ArrayList<>()).add(r);
            if (!r.isNull("mismatches")) {
                found.add(SchemaLintRule.FOREIGN_KEY_TYPE_MISMATCH, subject, table, r.text("referenced"),
                        "foreign key column types differ from the referenced ones (" + String.join(", ",
                                r.texts("mismatches")) + "): every check and join casts", definition);
            }
            List<String> nullable = r.texts("nullable");
            if (r.texts("names").size() > 1 && !nullable.isEmpty() && !"f".equals(r.text("confmatchtype"))) {
                found.add(SchemaLintRule.NULLABLE_FOREIGN_KEY_COLUMNS, subject, table, null, "multi-column foreign"
                        + " key with nullable column(s) " + String.join(", ", nullable) + " and no MATCH FULL: a row"
                        + " with one of them NULL escapes the check on the others", definition);
            }
        }
        for (List<Row> sameTables : byTables.values()) {
            sameTables.sort((a, b) -> a.text("conname").compareTo(b.text("conname")));
            for (int i = 1; i < sameTables.size(); i++) {
                Row later = sameTables.get(i);
                Set<String> pairs = new TreeSet<>(later.texts("pairs"));
                Set<String> columns = columnsOf(later);
                for (Row earlier : sameTables.subList(0, i)) {
                    boolean same = pairs.equals(new TreeSet<>(earlier.texts("pairs")));
                    Set<String> shared = new HashSet<>(columns);
                    shared.retainAll(columnsOf(earlier));
                    if (same || !shared.isEmpty()) {
                        String table = later.text("table_subject");
                        String other = earlier.text("subject");
                        found.add(same ? SchemaLintRule.DUPLICATE_FOREIGN_KEY : SchemaLintRule.OVERLAPPING_FOREIGN_KEY,
                                later.text("subject"), table, other, same ? "duplicate of foreign key " + other
                                        + ": every write checks both" : "shares column(s) with foreign key " + other
                                        + " to the same table: one of them is probably redundant",
                                Map.of("definition", later.text("definition")));
                        break;
                    }
                }
            }
        }
    }

    private static Set<String> columnsOf(Row foreignKey) {
        Set<String> columns = new HashSet<>();
        for (String pair : foreignKey.texts("pairs")) {
            columns.add(pair.substring(0, pair.indexOf(':')));
        }
        return columns;
    }

    private static void names(List<Row> rows, Found found) {
        Set<String> seen = new HashSet<>();
        for (Row r : rows) {
            String name = r.text("name");
            int bytes = name.getBytes(StandardCharsets.UTF_8).length;
            int widest = name.codePoints().map(c -> new String(Character.toChars(c)).getBytes(StandardCharsets.UTF_8)
                    .length).max().orElse(1);
            String subject = r.text("subject");
            if (bytes + widest > r.longValue("max_bytes") && seen.add(r.text("object_type") + " " + subject)) {
                found.add(SchemaLintRule.NAME_AT_IDENTIFIER_LIMIT, subject, r.text("nspname") + "."
                        + r.text("relname"), null, r.text("object_type") + " name of " + bytes + " bytes leaves no"
                        + " room under max_identifier_length (" + r.longValue("max_bytes") + "): longer names are"
                        + " truncated silently, and two that start alike collide");
            }
        }
    }

    /** The problems and their findings, in step, for the rules that are on and the findings not excluded. */
    private static final class Found {
        final List<SchemaProblem> problems = new ArrayList<>();
        final List<Finding> findings = new ArrayList<>();
        private final Set<SchemaLintRule> rules;
        private final Predicate<Finding> excluded;

        Found(Set<SchemaLintRule> rules, Predicate<Finding> excluded) {
            this.rules = rules;
            this.excluded = excluded;
        }

        void add(SchemaLintRule rule, String subject, String table, String related, String summary) {
            add(rule, subject, table, related, summary, Map.of());
        }

        void add(SchemaLintRule rule, String subject, String table, String related, String summary,
                 Map<String, String> details) {
            if (!rules.contains(rule)) {
                return;
            }
            Finding f = Finding.of(ID, rule.kind(), subject, Severity.WARNING, summary).withDetail("table", table)
                    .withDetails(details);
            if (related != null) {
                f = f.withDetail("related", related);
            }
            if (!excluded.test(f)) {
                problems.add(new SchemaProblem(rule, subject, table, Optional.ofNullable(related), Severity.WARNING));
                findings.add(f);
            }
        }

        void unknown(String schema, String summary) {
            Finding f = Finding.of(ID, "schema-not-found", schema, Severity.UNKNOWN, summary);
            if (!excluded.test(f)) {
                findings.add(f);
            }
        }
    }
}

package io.maintkit.mysql;

import io.maintkit.core.Finding;
import io.maintkit.mysql.internal.ForeignKeyDefinition;
import io.maintkit.mysql.internal.KeyCatalog;
import io.maintkit.mysql.internal.KeyDefinition;
import io.maintkit.mysql.internal.Row;
import io.maintkit.mysql.internal.Session;
import io.maintkit.mysql.internal.Sql;

import java.math.BigInteger;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;
import javax.sql.DataSource;

/**
 * {@code mysql.schema-lint}: static checks of tables' definitions that mean something on an empty, freshly
 * migrated database, for a test suite that fails a build when a migration brings one of these problems. Each
 * {@link SchemaLintRule} can be switched off ({@link #without(SchemaLintRule...)}) and each finding excluded
 * ({@link #excluding(Predicate)}).
 *
 * <pre>{@code
 * SchemaLintReport report = MysqlSchemaLint.on(dataSource)
 *         .schemas("shop")
 *         .without(SchemaLintRule.NON_UTF8MB4_TEXT)
 *         .excluding(Findings.aboutSubject("shop.legacy_*"))
 *         .inspect();
 * }</pre>
 *
 * <p>The index rules are {@link IndexCheck}'s (pt-duplicate-key-checker's, never suggesting a drop a foreign key
 * needs). Five catalog queries whatever the number of tables ({@code SCHEMATA}, {@code TABLES}, {@code COLUMNS},
 * {@code STATISTICS}, {@code KEY_COLUMN_USAGE}); foreign keys are read from the catalog, not from InnoDB's
 * dictionary, so that tables named with any letter are seen. Tables of other schemas that foreign keys
 * reference are read too, to compare with. A schema asked for that this user cannot see, or a catalog query that
 * fails (a missing privilege, the statement time limit), is an {@code UNKNOWN} finding with the reason: never a
 * clean report.
 */
public final class MysqlSchemaLint extends MysqlInspection<MysqlSchemaLint, SchemaLintReport> {

    /** The check id. */
    public static final String ID = "mysql.schema-lint";
    /**
     * The smallest maximum an AUTO_INCREMENT column's type may have: 4294967295, INT UNSIGNED's. TINYINT,
     * SMALLINT, MEDIUMINT and signed INT fall below it.
     */
    public static final BigInteger DEFAULT_MINIMUM_AUTO_INCREMENT_MAXIMUM = BigInteger.valueOf(4_294_967_295L);
    /** Every rule on. */
    public static final Set<SchemaLintRule> DEFAULT_RULES =
            Collections.unmodifiableSet(EnumSet.allOf(SchemaLintRule.class));

    private final Set<SchemaLintRule> rules;
    private final Predicate<Finding> excluded;
    private final BigInteger minimumAutoIncrementMaximum;

    private MysqlSchemaLint(Context context, Set<SchemaLintRule> rules, Predicate<Finding> excluded,
                            BigInteger minimumAutoIncrementMaximum) {
        super(context);
        this.rules = Collections.unmodifiableSet(rules.isEmpty() ? EnumSet.noneOf(SchemaLintRule.class)
                : EnumSet.copyOf(rules));
        this.excluded = Objects.requireNonNull(excluded, "excluded");
        this.minimumAutoIncrementMaximum = Objects.requireNonNull(minimumAutoIncrementMaximum,
                "minimumAutoIncrementMaximum");
    }

    /** A lint of every user schema with every rule on. */
    public static MysqlSchemaLint on(DataSource dataSource) {
        return new MysqlSchemaLint(Context.of(dataSource), DEFAULT_RULES, f -> false,
                DEFAULT_MINIMUM_AUTO_INCREMENT_MAXIMUM);
    }

    @Override
    MysqlSchemaLint with(Context changed) {
        return new MysqlSchemaLint(changed, rules, excluded, minimumAutoIncrementMaximum);
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
     * This lint with these rules switched off as well.
     *
     * @throws IllegalArgumentException when no rule would be left: a lint without rules would pass any schema
     */
    public MysqlSchemaLint without(SchemaLintRule... off) {
        Set<SchemaLintRule> on = EnumSet.noneOf(SchemaLintRule.class);
        on.addAll(rules);
        for (SchemaLintRule r : off) {
            on.remove(Objects.requireNonNull(r, "rule"));
        }
        if (on.isEmpty()) {
            throw new IllegalArgumentException("without() would switch every rule off: a lint without rules passes"
                    + " any schema");
        }
        return new MysqlSchemaLint(context, on, excluded, minimumAutoIncrementMaximum);
    }

    /**
     * This lint leaving out, as well, the findings {@code accepted} matches (see {@link io.maintkit.core.Findings});
     * an {@code UNKNOWN} finding (a part that could not be looked at) is never left out.
     */
    public MysqlSchemaLint excluding(Predicate<Finding> accepted) {
        return new MysqlSchemaLint(context, rules, excluded.or(Objects.requireNonNull(accepted, "accepted")),
                minimumAutoIncrementMaximum);
    }

    /**
     * This lint calling an AUTO_INCREMENT column narrow when its type's maximum is below {@code maximum}, e.g.
     * 18446744073709551615 to ask for BIGINT UNSIGNED everywhere.
     */
    public MysqlSchemaLint minimumAutoIncrementMaximum(BigInteger maximum) {
        return new MysqlSchemaLint(context, rules, excluded, maximum);
    }

    @Override
    SchemaLintReport inspect(Session session) throws SQLException {
        List<Finding> unknown = new ArrayList<>();
        Session.Attempt schemata = session.attempt(Sql.load("lint-schemata"));
        Session.Attempt tableRows = session.attempt(Sql.load("lint-tables"));
        Session.Attempt columnRows = session.attempt(Sql.load("lint-columns"));
        KeyCatalog catalog = null;
        for (Session.Attempt a : List.of(schemata, tableRows, columnRows)) {
            if (!a.succeeded()) {
                unknown.add(unknown("lint-incomplete", "cannot read the catalog: " + a.reason()));
            }
        }
        if (unknown.isEmpty()) {
            try {
                catalog = KeyCatalog.read(session, (schema, table) -> true, false);
            } catch (SQLException e) {
                unknown.add(unknown("lint-incomplete", "cannot read the catalog: " + e.getMessage()));
            }
        }
        if (catalog == null) {
            return new SchemaLintReport(session.server(), 0, List.of(), unknown);
        }
        Set<String> visible = new HashSet<>();
        schemata.rows().forEach(r -> visible.add(r.text("schema_name")));
        for (String schema : context.scope().schemas()) {
            if (!visible.contains(schema)) {
                unknown.add(unknown("schema-not-visible", "schema " + schema + " does not exist or this user has"
                        + " no privilege on it: nothing of it was linted"));
            }
        }
        Map<String, DefinitionRules.Table> tables = tables(tableRows.rows(), columnRows.rows());
        return lint(session.server(), tables, catalog, unknown);
    }

    private static Map<String, DefinitionRules.Table> tables(List<Row> tableRows, List<Row> columnRows) {
        Map<String, DefinitionRules.Table> tables = new TreeMap<>();
        for (Row r : tableRows) {
            tables.put(KeyCatalog.table(r.text("table_schema"), r.text("table_name")), new DefinitionRules.Table(
                    r.text("table_schema"), r.text("table_name"), r.text("engine"), r.text("table_collation")));
        }
        for (Row r : columnRows) {
            DefinitionRules.Table t = tables.get(KeyCatalog.table(r.text("table_schema"), r.text("table_name")));
            if (t != null) {
                String name = r.text("column_name");
                t.columns().put(name.toLowerCase(Locale.ROOT), new DefinitionRules.Column(name, r.text("data_type"),
                        r.text("column_type"), r.text("charset"), r.text("collation"),
                        String.valueOf(r.text("extra")).toLowerCase(Locale.ROOT).contains("auto_increment")));
            }
        }
        return tables;
    }

    private SchemaLintReport lint(ServerVersion server, Map<String, DefinitionRules.Table> tables,
                                  KeyCatalog catalog, List<Finding> unknown) {
        TableKeyRules keyRules = new TableKeyRules(ID);
        DefinitionRules definitions = new DefinitionRules(ID);
        List<SchemaProblem> problems = new ArrayList<>();
        List<Finding> findings = new ArrayList<>();
        int linted = 0;
        for (Map.Entry<String, DefinitionRules.Table> e : tables.entrySet()) {
            DefinitionRules.Table t = e.getValue();
            if (!context.scope().includes(t.schema(), t.name())) {
                continue;
            }
            linted++;
            List<KeyDefinition> keys = catalog.keys(e.getKey());
            List<ForeignKeyDefinition> fks = catalog.foreignKeys(e.getKey());
            Function<ForeignKeyDefinition, DefinitionRules.Table> parent = fk -> tables.get(
                    KeyCatalog.table(fk.referencedSchema(), fk.referencedTable()));
            for (SchemaLintRule rule : rules) {
                List<Finding> out = new ArrayList<>();
                switch (rule) {
                    case MISSING_PRIMARY_KEY -> keyRules.missingPrimaryKey(t.schema(), t.name(), keys, out);
                    case REDUNDANT_INDEX -> keyRules.redundantIndexes(t.schema(), t.name(),
                            "InnoDB".equalsIgnoreCase(t.engine()), keys, fks, new ArrayList<>(), out);
                    case DUPLICATE_FOREIGN_KEY -> keyRules.duplicateForeignKeys(t.schema(), t.name(), fks,
                            new ArrayList<>(), out);
                    case FOREIGN_KEY_WITHOUT_INDEX -> keyRules.foreignKeysWithoutIndex(t.schema(), t.name(), keys,
                            fks, out);
                    case FOREIGN_KEY_TYPE_MISMATCH -> definitions.foreignKeyTypes(t, fks, parent, out);
                    case FOREIGN_KEY_TARGET -> definitions.foreignKeyTargets(t, fks, parent,
                            p -> catalog.keys(KeyCatalog.table(p.schema(), p.name())), out);
                    case NON_INNODB_TABLE -> definitions.engine(t, out);
                    case NON_UTF8MB4_TEXT -> definitions.charsets(t, out);
                    case NARROW_AUTO_INCREMENT -> definitions.autoIncrement(t, minimumAutoIncrementMaximum, out);
                }
                for (Finding f : out) {
                    if (!excluded.test(f)) {
                        findings.add(f);
                        problems.add(problem(rule, t, f));
                    }
                }
            }
        }
        List<Finding> all = new ArrayList<>(unknown);
        all.addAll(findings);
        all.sort(Comparator.comparing((Finding f) -> -f.severity().rank()));
        return new SchemaLintReport(server, linted, problems, all);
    }

    private static SchemaProblem problem(SchemaLintRule rule, DefinitionRules.Table t, Finding f) {
        String prefix = t.subject() + ".";
        String object = f.subject().startsWith(prefix) ? f.subject().substring(prefix.length()) : "";
        return new SchemaProblem(rule, f.kind(), f.severity(), t.schema(), t.name(), object,
                f.details().getOrDefault("fix", ""));
    }
}

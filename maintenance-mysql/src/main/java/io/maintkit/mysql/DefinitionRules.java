package io.maintkit.mysql;

import io.maintkit.core.Finding;
import io.maintkit.core.Severity;
import io.maintkit.mysql.internal.ForeignKeyDefinition;
import io.maintkit.mysql.internal.Identifiers;
import io.maintkit.mysql.internal.KeyDefinition;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * {@link MysqlSchemaLint}'s rules over tables' and columns' definitions: storage engine, character sets,
 * AUTO_INCREMENT types, and foreign keys against the columns and keys they reference.
 */
final class DefinitionRules {

    /** Engines that lose transactions, crash safety or rows: reported as warnings, others at INFO. */
    private static final Map<String, String> RISKY_ENGINES = Map.of(
            "myisam", "no transactions, table-level locks, and a crash can leave it corrupt",
            "mrg_myisam", "a MERGE of MyISAM tables: no transactions, table-level locks, not crash-safe",
            "aria", "no transactions and table-level locks",
            "memory", "every row is lost when the server restarts, and writes lock the whole table",
            "csv", "no transactions, no indexes, not crash-safe",
            "archive", "no transactions and no indexes but the primary key",
            "blackhole", "every row written is discarded");
    private static final Set<String> UNICODE = Set.of("utf8mb4", "binary");

    private final String checkId;

    DefinitionRules(String checkId) {
        this.checkId = checkId;
    }

    /** A column as the catalog describes it. */
    record Column(String name, String dataType, String columnType, String charset, String collation,
                  boolean autoIncrement) {
    }

    /** A table as the catalog describes it, its columns by lower-case name in their order. */
    record Table(String schema, String name, String engine, String collation, Map<String, Column> columns) {

        Table(String schema, String name, String engine, String collation) {
            this(schema, name, engine, collation, new LinkedHashMap<>());
        }

        String subject() {
            return Identifiers.subject(schema, name);
        }

        String subject(String object) {
            return subject() + "." + object;
        }

        Column column(String columnName) {
            return columns.get(columnName.toLowerCase(Locale.ROOT));
        }

        /** The character set of the table's default collation; null when it has none. */
        String charset() {
            return charsetOf(collation);
        }
    }

    /** {@code non-innodb-table}: MyISAM, Aria, MEMORY and the like as warnings, other engines at INFO. */
    void engine(Table t, List<Finding> findings) {
        if (t.engine() == null || "InnoDB".equalsIgnoreCase(t.engine())) {
            return;
        }
        String risk = RISKY_ENGINES.get(t.engine().toLowerCase(Locale.ROOT));
        Finding f = Finding.of(checkId, "non-innodb-table", t.subject(), risk == null ? Severity.INFO
                        : Severity.WARNING, "storage engine " + t.engine() + ", not InnoDB: " + (risk == null
                        ? "check that it is chosen on purpose (no InnoDB transactions, foreign keys or Galera"
                        + " replication)" : risk + "; Galera does not replicate it"))
                .withDetail("engine", t.engine());
        findings.add(risk == null ? f : f.withDetail("fix", "ALTER TABLE "
                + Identifiers.qualified(t.schema(), t.name()) + " ENGINE=InnoDB"));
    }

    /**
     * {@code non-utf8mb4-table} for a table whose default character set is not utf8mb4 (columns added later
     * without one get it), listing its columns of that set; {@code non-utf8mb4-column} for a text column of another
     * set than utf8mb4 that its table's default does not explain. {@code ascii} columns (codes, hashes) are INFO.
     */
    void charsets(Table t, List<Finding> findings) {
        String tableCharset = t.charset();
        boolean tableOff = tableCharset != null && !UNICODE.contains(tableCharset);
        List<String> inherited = new ArrayList<>();
        List<Finding> columns = new ArrayList<>();
        for (Column c : t.columns().values()) {
            if (c.charset() == null || UNICODE.contains(c.charset())) {
                continue;
            }
            if (tableOff && c.charset().equals(tableCharset)) {
                inherited.add(c.name());
                continue;
            }
            boolean ascii = "ascii".equals(c.charset());
            columns.add(Finding.of(checkId, "non-utf8mb4-column", t.subject(c.name()), ascii ? Severity.INFO
                            : Severity.WARNING, c.columnType() + " CHARACTER SET " + c.charset() + ": "
                            + charsetRisk(c.charset()))
                    .withDetail("table", t.subject())
                    .withDetail("charset", c.charset())
                    .withDetail("collation", String.valueOf(c.collation())));
        }
        if (tableOff) {
            findings.add(Finding.of(checkId, "non-utf8mb4-table", t.subject(), Severity.WARNING, "default character"
                            + " set " + tableCharset + " (" + (inherited.isEmpty() ? "no column" : inherited.size()
                            + " column" + (inherited.size() == 1 ? "" : "s")) + " of it): " + charsetRisk(tableCharset)
                            + "; columns added without a character set get it too")
                    .withDetail("charset", tableCharset)
                    .withDetail("columns", String.join(", ", inherited))
                    .withDetail("fix", "ALTER TABLE " + Identifiers.qualified(t.schema(), t.name())
                            + " CONVERT TO CHARACTER SET utf8mb4"));
        }
        findings.addAll(columns);
    }

    private static String charsetRisk(String charset) {
        return switch (charset) {
            case "utf8", "utf8mb3" -> "no characters outside the Basic Multilingual Plane (emoji, some CJK),"
                    + " and utf8mb3 is deprecated";
            case "ascii" -> "ASCII only; fine for codes and hashes chosen so on purpose";
            default -> "cannot hold most of Unicode, and comparing it with utf8mb4 columns converts every value"
                    + " and cannot use an index";
        };
    }

    /**
     * {@code narrow-auto-increment}: an AUTO_INCREMENT column whose type's maximum is below {@code minimum}
     * (by default: TINYINT, SMALLINT, MEDIUMINT, and signed INT, whose negative half is never used).
     */
    void autoIncrement(Table t, BigInteger minimum, List<Finding> findings) {
        for (Column c : t.columns().values()) {
            BigInteger max = c.autoIncrement() ? AutoIncrementCheck.maximum(c.dataType(), c.columnType()) : null;
            if (max == null || max.compareTo(minimum) >= 0) {
                continue;
            }
            boolean signed = !c.columnType().toLowerCase(Locale.ROOT).contains("unsigned");
            findings.add(Finding.of(checkId, "narrow-auto-increment", t.subject(c.name()), Severity.WARNING,
                            c.columnType() + " AUTO_INCREMENT tops out at " + max + (signed ? " (signed: the"
                                    + " negative half is never used)" : "") + "; inserts fail once it is reached,"
                                    + " and widening it later rebuilds the table: BIGINT UNSIGNED goes to "
                                    + AutoIncrementCheck.maximum("bigint", "bigint unsigned"))
                    .withDetail("table", t.subject())
                    .withDetail("column_type", c.columnType())
                    .withDetail("maximum", max.toString()));
        }
    }

    /**
     * {@code foreign-key-target-missing} when the referenced table or a referenced column does not exist (or is
     * not visible to this user); {@code foreign-key-to-non-unique-key} when no primary or unique key of the
     * referenced table lies within the referenced columns.
     */
    void foreignKeyTargets(Table t, List<ForeignKeyDefinition> fks, Function<ForeignKeyDefinition, Table> parents,
                           Function<Table, List<KeyDefinition>> keys, List<Finding> findings) {
        for (ForeignKeyDefinition fk : fks) {
            Table parent = parents.apply(fk);
            List<String> missing = parent == null ? List.of() : fk.referencedColumns().stream()
                    .filter(c -> parent.column(c) == null).toList();
            if (parent == null || !missing.isEmpty()) {
                findings.add(Finding.of(checkId, "foreign-key-target-missing", t.subject(fk.name()), Severity.CRITICAL,
                                "foreign key " + fk.name() + " " + fk.describe() + " references "
                                        + (parent == null ? "a table" : "column " + String.join(", ", missing))
                                        + " that does not exist or that this user cannot see: every insert of a"
                                        + " non-NULL key fails (error 1452)")
                        .withDetail("table", t.subject()));
                continue;
            }
            Set<String> referenced = lowerCase(fk.referencedColumns());
            boolean unique = keys.apply(parent).stream().anyMatch(k -> k.unique() && k.wholeColumns()
                    && referenced.containsAll(lowerCase(k.columns())));
            if (!unique) {
                findings.add(Finding.of(checkId, "foreign-key-to-non-unique-key", t.subject(fk.name()),
                                Severity.WARNING, "foreign key " + fk.name() + " " + fk.describe() + " references"
                                        + " columns that are not the primary key or a unique key of "
                                        + parent.subject() + ": a row may match several parent rows, and MySQL 8.4"
                                        + " refuses such keys")
                        .withDetail("table", t.subject()));
            }
        }
    }

    /**
     * {@code foreign-key-type-mismatch}: a column of a foreign key whose type, signedness, character set or
     * collation differs from the referenced column's. InnoDB cannot match such columns (every insert of a non-NULL
     * key fails): CRITICAL; a string of another length only: WARNING. Integer display widths are not compared.
     */
    void foreignKeyTypes(Table t, List<ForeignKeyDefinition> fks, Function<ForeignKeyDefinition, Table> parents,
                         List<Finding> findings) {
        for (ForeignKeyDefinition fk : fks) {
            Table parent = parents.apply(fk);
            if (parent == null) {
                continue;
            }
            List<String> differences = new ArrayList<>();
            boolean incompatible = false;
            for (int i = 0; i < fk.columns().size(); i++) {
                Column child = t.column(fk.columns().get(i));
                Column referenced = parent.column(fk.referencedColumns().get(i));
                if (child == null || referenced == null) {
                    continue;
                }
                String childType = normalized(child.columnType());
                String parentType = normalized(referenced.columnType());
                if (!childType.equals(parentType)) {
                    differences.add(child.name() + " is " + childType + ", " + referenced.name() + " is "
                            + parentType);
                    incompatible |= !(isString(child.dataType()) && isString(referenced.dataType()));
                }
                if (!Objects.equals(child.charset(), referenced.charset())
                        || !Objects.equals(child.collation(), referenced.collation())) {
                    differences.add(child.name() + " is " + child.collation() + ", " + referenced.name() + " is "
                            + referenced.collation());
                    incompatible = true;
                }
            }
            if (!differences.isEmpty()) {
                findings.add(Finding.of(checkId, "foreign-key-type-mismatch", t.subject(fk.name()),
                                incompatible ? Severity.CRITICAL : Severity.WARNING, "foreign key " + fk.name() + " "
                                        + fk.describe() + ": " + String.join("; ", differences) + (incompatible
                                        ? ": InnoDB cannot match them, every insert of a non-NULL key fails"
                                        + " (error 1452)" : ": values of one may not fit the other"))
                        .withDetail("table", t.subject()));
            }
        }
    }

    /** The type without integer display widths and ZEROFILL: {@code int(11) unsigned} is {@code int unsigned}. */
    static String normalized(String columnType) {
        String type = columnType.toLowerCase(Locale.ROOT).replace(" zerofill", "");
        return type.matches("(tinyint|smallint|mediumint|int|integer|bigint)\\(\\d+\\).*")
                ? type.replaceFirst("\\(\\d+\\)", "") : type;
    }

    private static boolean isString(String dataType) {
        return Set.of("char", "varchar", "binary", "varbinary").contains(dataType.toLowerCase(Locale.ROOT));
    }

    private static Set<String> lowerCase(List<String> names) {
        Set<String> lower = new HashSet<>();
        names.forEach(n -> lower.add(n.toLowerCase(Locale.ROOT)));
        return lower;
    }

    /** The character set of a collation: the part before its first {@code _} ({@code binary} is its own). */
    static String charsetOf(String collation) {
        if (collation == null || collation.isEmpty()) {
            return null;
        }
        int underscore = collation.indexOf('_');
        return underscore < 0 ? collation : collation.substring(0, underscore);
    }
}

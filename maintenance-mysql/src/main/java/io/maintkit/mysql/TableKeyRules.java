package io.maintkit.mysql;

import io.maintkit.core.Finding;
import io.maintkit.core.Severity;
import io.maintkit.mysql.internal.DuplicateKeyRules;
import io.maintkit.mysql.internal.ForeignKeyDefinition;
import io.maintkit.mysql.internal.Identifiers;
import io.maintkit.mysql.internal.KeyDefinition;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The static rules over one table's keys that {@link IndexCheck} and {@link MysqlSchemaLint} share, each finding
 * made under the caller's check id: a missing primary key, duplicate and redundant indexes by
 * pt-duplicate-key-checker's rules (never suggesting a drop a foreign key needs), duplicate foreign keys and
 * foreign keys without an index that leads with their columns.
 */
final class TableKeyRules {

    private final String checkId;

    TableKeyRules(String checkId) {
        this.checkId = checkId;
    }

    /** {@code missing-primary-key} when the table has neither a primary key nor a unique NOT NULL key. */
    void missingPrimaryKey(String schema, String table, List<KeyDefinition> keys, List<Finding> findings) {
        if (keys.stream().noneMatch(k -> k.primary() || k.unique() && !k.nullable())) {
            findings.add(Finding.of(checkId, "missing-primary-key", schema + "." + table, Severity.WARNING,
                    "no primary key and no unique NOT NULL key: row-based replication scans the table for every"
                            + " changed row, and InnoDB clusters on a hidden row id"));
        }
    }

    /**
     * Duplicate and redundant indexes, each with the statement that drops it (none when a foreign key needs it).
     *
     * @return the names of the indexes found redundant
     */
    Set<String> redundantIndexes(String schema, String table, boolean innodb, List<KeyDefinition> keys,
                                 List<ForeignKeyDefinition> fks, List<RedundantIndex> redundant,
                                 List<Finding> findings) {
        String qualified = Identifiers.qualified(schema, table);
        List<DuplicateKeyRules.Dupe> dupes = DuplicateKeyRules.keys(keys, innodb);
        Set<KeyDefinition> dropped = new HashSet<>();
        dupes.forEach(d -> dropped.add(d.key()));
        Set<String> names = new HashSet<>();
        for (DuplicateKeyRules.Dupe d : dupes) {
            KeyDefinition k = d.key();
            names.add(k.name());
            ForeignKeyDefinition needs = neededBy(k, d, keys, dropped, fks);
            String subject = schema + "." + table + "." + k.name();
            String fix;
            String kind = d.kind();
            Severity severity = Severity.WARNING;
            String summary = d.reason();
            if (needs != null) {
                dropped.remove(k);
                kind = "redundant-index-needed-by-foreign-key";
                severity = Severity.INFO;
                fix = "";
                summary += "; kept: foreign key " + needs.name() + " " + needs.describe() + " needs it (a drop would"
                        + " fail with error 1553)";
            } else if (d.shortened() != null) {
                fix = "ALTER TABLE " + qualified + " DROP INDEX " + Identifiers.quote(k.name()) + ", ADD INDEX "
                        + Identifiers.quote(k.name()) + " (" + d.shortened() + ")";
            } else {
                fix = "ALTER TABLE " + qualified + " DROP INDEX " + Identifiers.quote(k.name());
            }
            redundant.add(new RedundantIndex(schema, table, k.name(), k.definition(), d.duplicateOf().name(), kind,
                    fix));
            Finding f = Finding.of(checkId, kind, subject, severity, summary)
                    .withDetail("table", schema + "." + table)
                    .withDetail("columns", k.definition())
                    .withDetail("duplicate_of", d.duplicateOf().name());
            findings.add(fix.isEmpty() ? f : f.withDetail("fix", fix));
        }
        return names;
    }

    /** Foreign keys with the same columns referencing the same columns of the same table as another. */
    void duplicateForeignKeys(String schema, String table, List<ForeignKeyDefinition> fks,
                              List<RedundantIndex> redundant, List<Finding> findings) {
        String qualified = Identifiers.qualified(schema, table);
        for (DuplicateKeyRules.DupeForeignKey d : DuplicateKeyRules.foreignKeys(fks)) {
            String fix = "ALTER TABLE " + qualified + " DROP FOREIGN KEY " + Identifiers.quote(d.key().name());
            redundant.add(new RedundantIndex(schema, table, d.key().name(), String.join(",", d.key().columns()),
                    d.duplicateOf().name(), "duplicate-foreign-key", fix));
            findings.add(Finding.of(checkId, "duplicate-foreign-key", schema + "." + table + "." + d.key().name(),
                            Severity.WARNING, "foreign key " + d.key().name() + " " + d.key().describe()
                                    + " duplicates foreign key " + d.duplicateOf().name())
                    .withDetail("table", schema + "." + table)
                    .withDetail("duplicate_of", d.duplicateOf().name())
                    .withDetail("fix", fix));
        }
    }

    /**
     * {@code foreign-key-without-index} for each foreign key no index leads with. InnoDB creates such an index
     * with the key, so this only shows after the index was dropped with {@code foreign_key_checks} off.
     */
    void foreignKeysWithoutIndex(String schema, String table, List<KeyDefinition> keys,
                                 List<ForeignKeyDefinition> fks, List<Finding> findings) {
        for (ForeignKeyDefinition fk : fks) {
            if (keys.stream().noneMatch(k -> k.supports(fk.columns()))) {
                findings.add(Finding.of(checkId, "foreign-key-without-index", schema + "." + table + "." + fk.name(),
                                Severity.WARNING, "foreign key " + fk.name() + " " + fk.describe()
                                        + " has no index leading with its columns: checks and cascades scan")
                        .withDetail("table", schema + "." + table));
            }
        }
    }

    /** The names of the indexes some foreign key of the table can use. */
    static Set<String> supportingForeignKeys(List<KeyDefinition> keys, List<ForeignKeyDefinition> fks) {
        Set<String> names = new HashSet<>();
        for (ForeignKeyDefinition fk : fks) {
            for (KeyDefinition k : keys) {
                if (k.supports(fk.columns())) {
                    names.add(k.name());
                }
            }
        }
        return names;
    }

    /** The foreign key that would lose its last usable index if {@code k} went, or null. */
    private static ForeignKeyDefinition neededBy(KeyDefinition k, DuplicateKeyRules.Dupe d, List<KeyDefinition> keys,
                                                 Set<KeyDefinition> dropped, List<ForeignKeyDefinition> fks) {
        for (ForeignKeyDefinition fk : fks) {
            if (!k.supports(fk.columns())) {
                continue;
            }
            boolean otherSupport = keys.stream().anyMatch(o -> o != k && !dropped.contains(o)
                    && o.supports(fk.columns()));
            if (!otherSupport && d.shortened() != null) {
                int kept = k.columnCount() - d.duplicateOf().columnCount();
                otherSupport = kept > 0 && fk.columns().size() <= kept;
            }
            if (!otherSupport) {
                return fk;
            }
        }
        return null;
    }
}

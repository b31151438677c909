package io.maintkit.mysql;

import java.util.Objects;

/**
 * An index or foreign key that another one makes redundant, by pt-duplicate-key-checker's rules.
 *
 * @param schema      the schema (database)
 * @param table       the table
 * @param name        the redundant index or foreign key
 * @param columns     its columns as {@code SHOW CREATE TABLE} writes them, e.g. {@code `a`,`b`(10)}
 * @param duplicateOf the index or foreign key that covers it
 * @param kind        the finding kind: {@code duplicate-index}, {@code redundant-index},
 *                    {@code redundant-unique-index}, {@code clustered-key-suffix}, {@code duplicate-foreign-key}
 *                    or {@code redundant-index-needed-by-foreign-key}
 * @param fix         the statement that removes the redundancy; empty when a foreign key needs the index (dropping
 *                    it would fail with error 1553)
 */
public record RedundantIndex(String schema, String table, String name, String columns, String duplicateOf,
                             String kind, String fix) {

    /** Validates. */
    public RedundantIndex {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(columns, "columns");
        Objects.requireNonNull(duplicateOf, "duplicateOf");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(fix, "fix");
    }

    /** {@code schema.table.index}. */
    public String subject() {
        return schema + "." + table + "." + name;
    }
}

package io.maintkit.mysql;

import io.maintkit.core.Severity;

import java.util.Objects;

/**
 * One problem {@link MysqlSchemaLint} found in a table's definition.
 *
 * @param rule     the rule that found it
 * @param kind     the finding's problem code, one of {@link SchemaLintRule#kinds()} of that rule
 * @param severity how bad it is
 * @param schema   the schema (database)
 * @param table    the table
 * @param object   the index, foreign key or column it is about; empty when it is about the table itself
 * @param fix      a statement that removes the problem; empty when the fix needs a person (a column's whole
 *                 definition, a data migration) or when there must be none (an index a foreign key needs)
 */
public record SchemaProblem(SchemaLintRule rule, String kind, Severity severity, String schema,
                              String table, String object, String fix) {

    /** Validates. */
    public SchemaProblem {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(object, "object");
        Objects.requireNonNull(fix, "fix");
    }

    /** {@code schema.table}, or {@code schema.table.object}, unquoted, as the finding names it. */
    public String subject() {
        return schema + "." + table + (object.isEmpty() ? "" : "." + object);
    }
}

package io.maintkit.postgres;

import io.maintkit.core.Finding;
import io.maintkit.core.Report;
import io.maintkit.core.Severity;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link PostgresSchemaLint#inspect()} found.
 *
 * @param database      the database inspected
 * @param serverVersion the server's {@code server_version_num}
 * @param problems      one entry per problem, in the order the lint found them
 * @param findings      one finding per problem, plus {@code UNKNOWN} findings for what could not be looked at,
 *                      worst first
 */
public record SchemaLintReport(String database, int serverVersion, List<SchemaProblem> problems,
                               List<Finding> findings) implements Report {

    /** Validates and copies; sorts the findings worst first. */
    public SchemaLintReport {
        Objects.requireNonNull(database, "database");
        problems = List.copyOf(problems);
        findings = PostgresInspection.worstFirst(findings);
    }

    /**
     * The problems one rule found.
     *
     * @param rule the rule
     * @return its problems, in the order found
     */
    public List<SchemaProblem> problems(SchemaLintRule rule) {
        return problems.stream().filter(p -> p.rule() == rule).toList();
    }

    /**
     * One thing wrong with the schema.
     *
     * @param rule     the rule it breaks, which names the finding's kind
     * @param subject  what it is about: a table or index {@code schema.name}, a column or constraint
     *                 {@code schema.table.name}, a sequence {@code schema.name}; quoted where needed
     * @param table    the table it belongs to ({@code schema.name}), or the subject itself for a table, a sequence
     *                 or a function
     * @param related  the object that makes it redundant (duplicate, overlapping), the column or sequence it is
     *                 compared with, when there is one
     * @param severity how bad it is
     */
    public record SchemaProblem(SchemaLintRule rule, String subject, String table, Optional<String> related,
                                Severity severity) {

        /** Validates the fields. */
        public SchemaProblem {
            Objects.requireNonNull(rule, "rule");
            Objects.requireNonNull(subject, "subject");
            Objects.requireNonNull(table, "table");
            Objects.requireNonNull(related, "related");
            Objects.requireNonNull(severity, "severity");
        }
    }
}

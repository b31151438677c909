package io.maintkit.mysql;

import io.maintkit.core.Finding;
import io.maintkit.core.Report;

import java.util.List;
import java.util.Objects;

/**
 * What {@link MysqlSchemaLint} found.
 *
 * @param server     the server inspected
 * @param tables     how many tables were linted
 * @param problems   every problem found and not excluded, table by table (schema and name in order)
 * @param findings   the same problems in the common language, worst first, and an {@code UNKNOWN} finding for
 *                   each part that could not be looked at
 */
public record SchemaLintReport(ServerVersion server, int tables, List<SchemaProblem> problems,
                               List<Finding> findings) implements Report {

    /** Validates and copies. */
    public SchemaLintReport {
        Objects.requireNonNull(server, "server");
        problems = List.copyOf(problems);
        findings = List.copyOf(findings);
    }

    /** The findings of that kind. */
    public List<Finding> ofKind(String kind) {
        return findings.stream().filter(f -> f.kind().equals(kind)).toList();
    }

    /** The problems found by that rule. */
    public List<SchemaProblem> problems(SchemaLintRule rule) {
        return problems.stream().filter(p -> p.rule() == rule).toList();
    }
}

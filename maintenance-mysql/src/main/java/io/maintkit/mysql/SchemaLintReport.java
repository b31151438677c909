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
 * @param violations every problem found and not excluded, table by table (schema and name in order)
 * @param findings   the same problems in the common language, worst first, and an {@code UNKNOWN} finding for
 *                   each part that could not be looked at
 */
public record SchemaLintReport(ServerVersion server, int tables, List<SchemaViolation> violations,
                               List<Finding> findings) implements Report {

    /** Validates and copies. */
    public SchemaLintReport {
        Objects.requireNonNull(server, "server");
        violations = List.copyOf(violations);
        findings = List.copyOf(findings);
    }

    /** The findings of that kind. */
    public List<Finding> ofKind(String kind) {
        return findings.stream().filter(f -> f.kind().equals(kind)).toList();
    }

    /** The problems found by that rule. */
    public List<SchemaViolation> of(MysqlSchemaLint.Rule rule) {
        return violations.stream().filter(v -> v.rule() == rule).toList();
    }
}

package io.maintkit.postgres;

import io.maintkit.core.DataSize;
import io.maintkit.core.Finding;
import io.maintkit.core.Report;
import io.maintkit.core.Severity;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link IndexCheck#inspect()} found.
 *
 * @param database      the database inspected
 * @param serverVersion the server's {@code server_version_num}
 * @param problems      one entry per problem, in the order the check found them
 * @param findings      one finding per problem, worst first
 */
public record IndexReport(String database, int serverVersion, List<IndexProblem> problems, List<Finding> findings)
        implements Report {

    /** Validates and copies; sorts the findings worst first. */
    public IndexReport {
        Objects.requireNonNull(database, "database");
        problems = List.copyOf(problems);
        findings = PostgresInspection.worstFirst(findings);
    }

    /** The problems of that type. */
    public List<IndexProblem> problems(IndexProblem.Type type) {
        return problems.stream().filter(p -> p.type() == type).toList();
    }

    /**
     * One problem with an index, or a foreign key that no index serves.
     *
     * @param type     what is wrong
     * @param subject  the index's {@code schema.name}; for a foreign key without index, its table's
     * @param table    the table's {@code schema.name}
     * @param size     the index's size; zero for a foreign key without index
     * @param related  the index kept in its place (duplicate), the index covering it (overlapping), or the
     *                 constraint's name (foreign key without index)
     * @param severity how bad it is
     */
    public record IndexProblem(Type type, String subject, String table, DataSize size, Optional<String> related,
                               Severity severity) {

        /** What is wrong; each type names the {@link Finding#kind()} of its finding. */
        public enum Type {
            /** A failed {@code CREATE INDEX CONCURRENTLY} or {@code REINDEX} left an invalid index. */
            INVALID("invalid-index"),
            /** No scans since the statistics were reset (or, on PG16+, none for a long time). */
            UNUSED("unused-index"),
            /** Same definition as another index of the table. */
            DUPLICATE("duplicate-index"),
            /** Its key columns lead another B-tree of the table, which can serve the same queries. */
            OVERLAPPING("overlapping-index"),
            /** A foreign key whose columns lead no index. */
            FOREIGN_KEY_WITHOUT_INDEX("fk-without-index");

            private final String kind;

            Type(String kind) {
                this.kind = kind;
            }

            /** The finding's kind, e.g. {@code duplicate-index}. */
            public String kind() {
                return kind;
            }
        }

        /** Validates the fields. */
        public IndexProblem {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(subject, "subject");
            Objects.requireNonNull(table, "table");
            Objects.requireNonNull(size, "size");
            Objects.requireNonNull(related, "related");
            Objects.requireNonNull(severity, "severity");
        }
    }
}

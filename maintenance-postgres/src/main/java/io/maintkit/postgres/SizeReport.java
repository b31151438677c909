package io.maintkit.postgres;

import io.maintkit.core.DataSize;
import io.maintkit.core.Finding;
import io.maintkit.core.Report;

import java.util.List;
import java.util.Objects;

/**
 * What {@link SizeCheck#inspect()} measured.
 *
 * @param database      the database measured
 * @param serverVersion the server's {@code server_version_num}
 * @param databaseSize  the database's size
 * @param largest       the largest tables, then the largest indexes, each largest first
 * @param findings      an INFO finding per size (the database's at a severity when it crosses the threshold)
 */
public record SizeReport(String database, int serverVersion, DataSize databaseSize, List<RelationSize> largest,
                         List<Finding> findings) implements Report {

    /** Validates and copies; sorts the findings worst first. */
    public SizeReport {
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(databaseSize, "databaseSize");
        largest = List.copyOf(largest);
        findings = PostgresInspection.worstFirst(findings);
    }

    /** The largest relations of that type, largest first. */
    public List<RelationSize> largest(RelationSize.Type type) {
        return largest.stream().filter(r -> r.type() == type).toList();
    }

    /**
     * The size of one table or index.
     *
     * @param subject its {@code schema.name}
     * @param type    table (with its TOAST table and indexes) or index
     * @param size    its size on disk
     */
    public record RelationSize(String subject, Type type, DataSize size) {

        /** What kind of relation. */
        public enum Type {
            /** A table, measured with its TOAST table and indexes. */
            TABLE,
            /** An index. */
            INDEX
        }

        /** Validates the fields. */
        public RelationSize {
            Objects.requireNonNull(subject, "subject");
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(size, "size");
        }
    }
}

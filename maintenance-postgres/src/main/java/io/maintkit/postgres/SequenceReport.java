package io.maintkit.postgres;

import io.maintkit.core.Finding;
import io.maintkit.core.Percent;
import io.maintkit.core.Report;
import io.maintkit.core.Severity;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link SequenceCheck#inspect()} found.
 *
 * @param database      the database inspected
 * @param serverVersion the server's {@code server_version_num}
 * @param sequences     each sequence that used more of its range than the limits allow
 * @param unreadable    the sequences this role may not read, which could not be checked
 * @param findings      what it found, worst first
 */
public record SequenceReport(String database, int serverVersion, List<SequenceUsage> sequences,
                             List<String> unreadable, List<Finding> findings) implements Report {

    /** Validates and copies; sorts the findings worst first. */
    public SequenceReport {
        Objects.requireNonNull(database, "database");
        sequences = List.copyOf(sequences);
        unreadable = List.copyOf(unreadable);
        findings = PostgresInspection.worstFirst(findings);
    }

    /**
     * How much of its range one sequence has used.
     *
     * @param subject    the sequence's {@code schema.name}
     * @param column     the column it feeds ({@code schema.table.column}), if it is owned by one
     * @param dataType   the sequence's data type
     * @param lastValue  its last value
     * @param used       the share of the range used; the range ends at the sequence's bound or the column's
     *                   maximum, whichever comes first
     * @param valuesLeft values left before the end of the range
     * @param severity   what the limits make of it
     */
    public record SequenceUsage(String subject, Optional<String> column, String dataType, long lastValue,
                                Percent used, long valuesLeft, Severity severity) {

        /** Validates the fields. */
        public SequenceUsage {
            Objects.requireNonNull(subject, "subject");
            Objects.requireNonNull(column, "column");
            Objects.requireNonNull(dataType, "dataType");
            Objects.requireNonNull(used, "used");
            Objects.requireNonNull(severity, "severity");
        }
    }
}

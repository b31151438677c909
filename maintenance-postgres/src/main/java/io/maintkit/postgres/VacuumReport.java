package io.maintkit.postgres;

import io.maintkit.core.Finding;
import io.maintkit.core.Report;
import io.maintkit.core.Severity;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link VacuumCheck#inspect()} found.
 *
 * @param database      the database inspected
 * @param serverVersion the server's {@code server_version_num}
 * @param autovacuum    whether autovacuum is on for the database
 * @param tables        each table with something to report, in catalog order
 * @param findings      what it found, worst first
 */
public record VacuumReport(String database, int serverVersion, boolean autovacuum, List<TableVacuum> tables,
                           List<Finding> findings) implements Report {

    /** Validates and copies; sorts the findings worst first. */
    public VacuumReport {
        Objects.requireNonNull(database, "database");
        tables = List.copyOf(tables);
        findings = PostgresInspection.worstFirst(findings);
    }

    /**
     * The vacuum state of one table.
     *
     * @param subject             {@code schema.name} as an operator writes it
     * @param schema              the schema's name, unquoted
     * @param name                the table's name, unquoted
     * @param deadTuples          dead tuples counted since the last vacuum
     * @param liveTuples          live tuples
     * @param autovacuumTrigger   the dead tuples at which autovacuum vacuums this table
     * @param autovacuumEnabled   whether autovacuum runs on it (on globally and not disabled on the table)
     * @param insertedSinceVacuum rows inserted since the last vacuum (0 before PostgreSQL 13, which does not count)
     * @param lastVacuumAge       the age of the last (auto)vacuum; empty when never vacuumed since the statistics
     *                            were reset
     * @param overdue             whether the dead tuples passed the trigger (and the check's minimum)
     * @param severity            the worst of the table's findings
     */
    public record TableVacuum(String subject, String schema, String name, long deadTuples, long liveTuples,
                              double autovacuumTrigger, boolean autovacuumEnabled, long insertedSinceVacuum,
                              Optional<Duration> lastVacuumAge, boolean overdue, Severity severity) {

        /** Validates the fields. */
        public TableVacuum {
            Objects.requireNonNull(subject, "subject");
            Objects.requireNonNull(schema, "schema");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(lastVacuumAge, "lastVacuumAge");
            Objects.requireNonNull(severity, "severity");
        }

        /** Dead tuples as a multiple of the autovacuum trigger (a trigger below 1 counts as 1). */
        public double deadTupleRatio() {
            return deadTuples / Math.max(autovacuumTrigger, 1);
        }
    }
}

package io.maintkit.postgres;

import io.maintkit.core.Finding;
import io.maintkit.core.Report;
import io.maintkit.core.Severity;

import java.util.List;
import java.util.Objects;

/**
 * What {@link WraparoundCheck#inspect()} found.
 *
 * @param database      the database inspected
 * @param serverVersion the server's {@code server_version_num}
 * @param ages          each database and table whose XID or multixact age crossed a limit
 * @param findings      what it found, worst first
 */
public record WraparoundReport(String database, int serverVersion, List<FreezeAge> ages, List<Finding> findings)
        implements Report {

    /** Validates and copies; sorts the findings worst first. */
    public WraparoundReport {
        Objects.requireNonNull(database, "database");
        ages = List.copyOf(ages);
        findings = PostgresInspection.worstFirst(findings);
    }

    /** The tables (TOAST tables named by their owner) among the ages, without the databases. */
    public List<FreezeAge> tables() {
        return ages.stream().filter(a -> a.scope() != FreezeAge.Scope.DATABASE).toList();
    }

    /**
     * How far one database or table is from wraparound.
     *
     * @param subject            the database's name, or the table's {@code schema.name} (a TOAST table's owner)
     * @param scope              what the subject is
     * @param xidAge             the age of its oldest unfrozen transaction ID
     * @param xidFreezeMax       the {@code autovacuum_freeze_max_age} that applies to it
     * @param multixactAge       the age of its oldest multixact ID
     * @param multixactFreezeMax the {@code autovacuum_multixact_freeze_max_age} that applies to it
     * @param severity           the worse of the two ages' severities
     */
    public record FreezeAge(String subject, Scope scope, long xidAge, double xidFreezeMax, long multixactAge,
                            double multixactFreezeMax, Severity severity) {

        /** What a subject is. */
        public enum Scope {
            /** A database of the cluster. */
            DATABASE,
            /** A table of the current database. */
            TABLE,
            /** The TOAST table of a table of the current database. */
            TOAST_TABLE
        }

        /** Validates the fields. */
        public FreezeAge {
            Objects.requireNonNull(subject, "subject");
            Objects.requireNonNull(scope, "scope");
            Objects.requireNonNull(severity, "severity");
        }
    }
}

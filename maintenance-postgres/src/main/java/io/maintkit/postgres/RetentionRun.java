package io.maintkit.postgres;

import io.maintkit.core.Finding;
import io.maintkit.core.Measurement;
import io.maintkit.core.Outcome;
import io.maintkit.core.Report;
import io.maintkit.core.Severity;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What one {@link TableRetention#execute} did. Whatever the outcome, the counts are what was committed: every row
 * counted was archived durably before it was removed.
 *
 * @param table                the table's subject
 * @param outcome              how the run ended: {@link Outcome#SUCCEEDED} when every row older than the cutoff is
 *                             archived and removed, {@link Outcome#CANCELLED} when the caller cancelled or the window
 *                             closed (run again to go on), {@link Outcome#SKIPPED} without {@code allowDestructive}
 * @param detail               a line for the operator: what was done, or why it stopped or failed
 * @param cutoff               rows older than this were removed; null when the run did not start
 * @param batches              batch transactions committed (a dropped partition counts as one)
 * @param rows                 rows archived and removed
 * @param archivedBytes        bytes written to the archive
 * @param longestBatch         the longest batch transaction
 * @param partitionsDropped    partitions archived, detached and dropped
 * @param pendingConfirmed     batches an interrupted earlier run left pending that were found committed and made final
 * @param pendingDiscarded     batches an interrupted earlier run left pending that were found rolled back and removed
 * @param vacuumed             relations given VACUUM (ANALYZE) after a large removal
 * @param duration             how long the run took
 */
public record RetentionRun(String table, Outcome outcome, String detail, Instant cutoff, long batches, long rows,
                           long archivedBytes, Duration longestBatch, List<String> partitionsDropped,
                           long pendingConfirmed, long pendingDiscarded, List<String> vacuumed, Duration duration)
        implements Report {

    /** The id findings of a run carry. */
    public static final String ID = "postgres.table-retention";

    /** Validates and copies. */
    public RetentionRun {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(longestBatch, "longestBatch");
        Objects.requireNonNull(duration, "duration");
        partitionsDropped = List.copyOf(partitionsDropped);
        vacuumed = List.copyOf(vacuumed);
    }

    /**
     * One finding on the run: INFO {@code rows-removed} when it succeeded, CRITICAL {@code retention-failed},
     * WARNING {@code retention-cancelled}, {@code retention-skipped} or {@code retention-not-started} when old rows
     * are left, UNKNOWN {@code retention-could-not-run}.
     */
    @Override
    public List<Finding> findings() {
        Severity severity = switch (outcome) {
            case SUCCEEDED -> Severity.INFO;
            case FAILED -> Severity.CRITICAL;
            case COULD_NOT_RUN -> Severity.UNKNOWN;
            case CANCELLED, SKIPPED, NOT_STARTED -> Severity.WARNING;
        };
        String kind = outcome == Outcome.SUCCEEDED ? "rows-removed"
                : "retention-" + outcome.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        return List.of(Finding.of(ID, kind, table, severity, detail)
                .withMeasurements(Measurement.count("rows_removed", rows), Measurement.count("batches", batches),
                        Measurement.seconds("duration", duration)));
    }

    /** {@code SUCCEEDED public.audit_events: 12 batch(es), ...}. */
    @Override
    public String toString() {
        return outcome + " " + table + ": " + detail;
    }
}

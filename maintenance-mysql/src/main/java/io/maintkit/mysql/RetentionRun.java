package io.maintkit.mysql;

import io.maintkit.core.Finding;
import io.maintkit.core.Measurement;
import io.maintkit.core.Outcome;
import io.maintkit.core.Report;
import io.maintkit.core.Severity;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What one {@link TableRetention#execute} did. Whatever the outcome, the counts are what was committed: every row
 * counted was archived durably before its removal committed.
 *
 * @param table            the table's subject ({@code schema.table})
 * @param outcome          {@link Outcome#SUCCEEDED} when every row older than the cutoff is archived and removed,
 *                         {@link Outcome#CANCELLED} when the caller cancelled or the window closed (run again to go
 *                         on), {@link Outcome#SKIPPED} without {@code allowDestructive}, {@link Outcome#FAILED} with
 *                         the reason
 * @param detail           a line for the operator: what was done, or why it stopped or failed
 * @param cutoff           rows older than this were removed; null when the run did not start
 * @param batches          batch transactions committed
 * @param rows             rows archived and removed
 * @param archivedBytes    bytes written to the archive
 * @param longestBatch     the longest batch transaction
 * @param pendingConfirmed batches an interrupted earlier run left pending that were found committed and made final
 * @param pendingDiscarded batches an interrupted earlier run left pending that were found rolled back and removed
 * @param replicaWait      how long the run paused for lagging replicas
 * @param duration         how long the run took
 */
public record RetentionRun(String table, Outcome outcome, String detail, Instant cutoff, long batches, long rows,
                           long archivedBytes, Duration longestBatch, long pendingConfirmed, long pendingDiscarded,
                           Duration replicaWait, Duration duration) implements Report {

    /** The id findings of a run carry. */
    public static final String ID = "mysql.table-retention";

    /** Validates. */
    public RetentionRun {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(longestBatch, "longestBatch");
        Objects.requireNonNull(replicaWait, "replicaWait");
        Objects.requireNonNull(duration, "duration");
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
                : "retention-" + outcome.name().toLowerCase(Locale.ROOT).replace('_', '-');
        return List.of(Finding.of(ID, kind, table, severity, detail)
                .withMeasurements(Measurement.count("rows_removed", rows), Measurement.count("batches", batches),
                        Measurement.seconds("longest_batch", longestBatch), Measurement.seconds("duration", duration)));
    }

    /** {@code SUCCEEDED shop.audit_events: 12 batch(es), ...}. */
    @Override
    public String toString() {
        return outcome + " " + table + ": " + detail;
    }
}

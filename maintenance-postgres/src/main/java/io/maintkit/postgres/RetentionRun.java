package io.maintkit.postgres;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What one {@link TableRetention#execute} did. Whatever the outcome, the counts are what was committed: every row
 * counted was archived durably before it was removed.
 *
 * @param table                the table's subject
 * @param outcome              how the run ended
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
                           long pendingConfirmed, long pendingDiscarded, List<String> vacuumed, Duration duration) {

    /** How a run ended. */
    public enum Outcome {
        /** Every row older than the cutoff is archived and removed. */
        COMPLETED,
        /** The run was cancelled or its window closed; run again to go on. */
        STOPPED,
        /** A failure ended the run; {@code detail} says which. What was committed is archived. */
        FAILED,
        /** Not allowed: removal is destructive and runs only with {@code allowDestructive(true)}. */
        SKIPPED,
        /** The window was closed or the run cancelled before it started. */
        NOT_STARTED
    }

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

    /** {@code COMPLETED public.audit_events: 12 batch(es), ...}. */
    @Override
    public String toString() {
        return outcome + " " + table + ": " + detail;
    }
}

package io.maintkit.postgres.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** What a retention run has done so far; read after the run, also when it stopped or failed. */
public final class RetentionTally {

    /** The table's subject, once resolved. */
    public volatile String subject;
    /** The cutoff used, once known. */
    public volatile Instant cutoff;
    /** Batches committed and confirmed (partition archives included). */
    public long batches;
    /** Rows archived and removed. */
    public long rows;
    /** Archived bytes. */
    public long bytes;
    /** The longest batch transaction. */
    public Duration longestBatch = Duration.ZERO;
    /** How long the latest batch took. */
    public Duration lastBatch = Duration.ZERO;
    /** Partitions archived, detached and dropped. */
    public final List<String> partitionsDropped = new ArrayList<>();
    /** Pending batches of earlier runs confirmed because their transaction had committed. */
    public long confirmedPending;
    /** Pending batches of earlier runs discarded because their transaction had not committed. */
    public long discardedPending;
    /** Relations vacuumed after the removal. */
    public final List<String> vacuumed = new ArrayList<>();
    /** Notes for the report (a vacuum that could not run, a missing index). */
    public final List<String> notes = new ArrayList<>();

    /** One line: {@code 12 batches, 120,000 rows (3.1 MiB archived)}. */
    public String summary() {
        StringBuilder s = new StringBuilder(Texts.count(batches) + " batch(es), " + Texts.count(rows)
                + " row(s) archived and removed (" + io.maintkit.core.DataSize.ofBytes(bytes) + " archived)");
        if (!partitionsDropped.isEmpty()) {
            s.append(", partitions dropped: ").append(String.join(", ", partitionsDropped));
        }
        if (confirmedPending + discardedPending > 0) {
            s.append(", earlier pending batches confirmed ").append(confirmedPending).append(", discarded ")
                    .append(discardedPending);
        }
        if (!vacuumed.isEmpty()) {
            s.append(", vacuumed ").append(String.join(", ", vacuumed));
        }
        for (String n : notes) {
            s.append("; ").append(n);
        }
        return s.toString();
    }
}

package io.maintkit.mysql.internal;

import io.maintkit.core.DataSize;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** What a retention run has done so far; read after the run, also when it stopped or failed. */
public final class RetentionTally {

    /** The cutoff used, once known. */
    public volatile Instant cutoff;
    /** Batches committed and confirmed. */
    public long batches;
    /** Rows archived and removed. */
    public long rows;
    /** Archived bytes. */
    public long bytes;
    /** The longest batch transaction. */
    public Duration longestBatch = Duration.ZERO;
    /** How long the latest batch took. */
    public Duration lastBatch = Duration.ZERO;
    /** How long the run waited for lagging replicas. */
    public Duration replicaWait = Duration.ZERO;
    /** Pending batches of earlier runs confirmed because their marker row had committed. */
    public long confirmedPending;
    /** Pending batches of earlier runs discarded because their marker row had not committed. */
    public long discardedPending;
    /** Notes for the report. */
    public final List<String> notes = new ArrayList<>();

    /** One line: {@code 12 batch(es), 120,000 row(s) archived and removed (3.1 MiB archived)}. */
    public String summary() {
        StringBuilder s = new StringBuilder(String.format(java.util.Locale.ROOT, "%,d", batches)
                + " batch(es), " + String.format(java.util.Locale.ROOT, "%,d", rows)
                + " row(s) archived and removed (" + DataSize.ofBytes(bytes) + " archived)");
        if (confirmedPending + discardedPending > 0) {
            s.append(", earlier pending batches confirmed ").append(confirmedPending).append(", discarded ")
                    .append(discardedPending);
        }
        if (!replicaWait.isZero()) {
            s.append(", waited ").append(Texts.age(replicaWait)).append(" for lagging replicas");
        }
        for (String n : notes) {
            s.append("; ").append(n);
        }
        return s.toString();
    }
}

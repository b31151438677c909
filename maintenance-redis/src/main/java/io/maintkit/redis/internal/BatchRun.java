package io.maintkit.redis.internal;

import io.lettuce.core.codec.StringCodec;
import io.maintkit.core.ActionContext;
import io.maintkit.core.internal.Failures;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;

/**
 * Walks the keys matching a glob in SCAN batches and applies a pipelined change to each batch: the engine under
 * pattern deletion and TTL clean-up. Counts keys exactly (duplicates from SCAN once), stops at a key cap, on
 * cancellation or when the window closes (checked between batches), pauses when the latency probe is over budget,
 * reports progress at most once a second, and keeps at most {@value #MAX_ERRORS} error messages.
 */
public final class BatchRun {

    /** The most error messages kept; the rest are counted. */
    public static final int MAX_ERRORS = 10;
    private static final long PROGRESS_EVERY_NANOS = 1_000_000_000L;

    /** The change applied to one batch of keys; returns how many keys it changed. */
    @FunctionalInterface
    public interface Change {
        /** Queues the batch's commands on {@code scan}, flushes, and returns how many keys were changed. */
        long apply(KeyScan scan, List<byte[]> keys) throws InterruptedException;
    }

    /**
     * The counts of a run.
     *
     * @param matched   distinct keys SCAN returned for the glob
     * @param changed   keys the change applied to (unlinked, given a TTL)
     * @param errors    failed batches
     * @param messages  the first error messages
     * @param cursor    where a stopped run left off ({@code 0} when it went through)
     * @param paused    time spent in pauses and latency waits
     * @param latencyWaits how many times the latency probe was over budget and the run waited
     * @param stop      why it stopped early; empty when it went through
     */
    public record Tally(long matched, long changed, long errors, List<String> messages, String cursor,
                        Duration paused, long latencyWaits, String stop) {
    }

    private BatchRun() {
    }

    /**
     * Runs the change over every key matching {@code glob}.
     *
     * @param verb      how progress names the change, e.g. {@code "unlinked"}
     * @param maxKeys   stop once this many keys were changed
     * @throws CancellationException when cancelled or the window closed; its message carries the counts
     */
    public static Tally run(Connector connector, byte[] glob, int count, Duration pause, Duration latencyBudget,
                            Duration timeout, long maxKeys, ActionContext context, String verb, Change change)
            throws InterruptedException {
        long matched = 0;
        long changed = 0;
        long errors = 0;
        List<String> messages = new ArrayList<>();
        long lastProgress = System.nanoTime();
        String stop = "";
        RecentKeys recent = new RecentKeys(100_000);
        try (KeyScan scan = KeyScan.open(connector, glob, count, null, timeout);
             Throttle throttle = new Throttle(pause, latencyBudget,
                     latencyBudget == null ? null : connector.open(StringCodec.UTF8).connection())) {
            while (!scan.finished()) {
                if (context.isCancelled()) {
                    throw new CancellationException(summary(matched, changed, errors, verb)
                            + "; stopped at cursor " + scan.cursor() + ", a re-run finishes the job");
                }
                throttle.beforeBatch(context::isCancelled);
                List<byte[]> batch = new ArrayList<>();
                for (byte[] key : scan.next()) {
                    if (recent.firstTime(key)) {
                        batch.add(key);
                    }
                }
                long room = maxKeys - changed;
                if (batch.size() > room) {
                    batch = batch.subList(0, (int) room);
                }
                matched += batch.size();
                if (!batch.isEmpty()) {
                    try {
                        changed += change.apply(scan, batch);
                    } catch (io.lettuce.core.RedisException e) {
                        errors++;
                        if (messages.size() < MAX_ERRORS) {
                            messages.add(Failures.describe(e));
                        }
                    }
                }
                throttle.afterBatch();
                if (changed >= maxKeys) {
                    stop = "stopped at the cap of " + Texts.count(maxKeys) + " keys";
                    break;
                }
                if (System.nanoTime() - lastProgress > PROGRESS_EVERY_NANOS) {
                    lastProgress = System.nanoTime();
                    context.progress(summary(matched, changed, errors, verb));
                }
            }
            context.progress(summary(matched, changed, errors, verb) + (stop.isEmpty() ? ", done" : ", " + stop));
            return new Tally(matched, changed, errors, messages, scan.cursor(), throttle.paused(),
                    throttle.latencyWaits(), stop);
        }
    }

    private static String summary(long matched, long changed, long errors, String verb) {
        return Texts.count(matched) + " keys matched, " + Texts.count(changed) + " " + verb
                + (errors == 0 ? "" : ", " + Texts.count(errors) + " batches failed");
    }
}

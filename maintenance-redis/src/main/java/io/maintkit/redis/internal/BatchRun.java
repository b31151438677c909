package io.maintkit.redis.internal;

import io.lettuce.core.RedisFuture;
import io.maintkit.core.ActionContext;
import io.maintkit.core.internal.Failures;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.stream.Collectors;

/**
 * Walks the keys matching a glob in SCAN batches on every primary ({@link Connector#nodes}: a standalone or
 * Sentinel deployment is its own only primary) and applies a pipelined change to each batch, its keys grouped per
 * hash slot on a cluster node: the engine under pattern deletion and TTL clean-up. A batch's replies are read while
 * the server scans and changes the next batch, so neither side waits for the other. Counts keys exactly, per node
 * (duplicates from SCAN once), stops at a key cap, on cancellation or when the window closes (checked between
 * batches), pauses when the latency probe is over budget, reports progress at most once a second, and keeps at
 * most {@value #MAX_ERRORS} error messages. A node that fails (unreachable, stopped mid-run) ends with what was
 * done on it, where its scan stopped and why; the run goes on with the next node.
 */
public final class BatchRun {

    /** The most error messages kept; the rest are counted. */
    public static final int MAX_ERRORS = 10;
    private static final long PROGRESS_EVERY_NANOS = 1_000_000_000L;

    /** The change applied to one batch of keys. */
    @FunctionalInterface
    public interface Change {
        /**
         * Queues one command per group of keys on {@code scan} (one group per hash slot on a cluster node) without
         * sending them: the run sends them and reads their replies while the server works on the next batch.
         */
        Queued queue(KeyScan scan, List<List<byte[]>> groups) throws InterruptedException;
    }

    /**
     * One batch's queued commands.
     *
     * @param replies      one per command: a {@code Long} reply counts that many keys changed, a {@code Boolean} one
     * @param keysPerReply how many keys each command is about
     */
    public record Queued(List<? extends RedisFuture<?>> replies, List<Integer> keysPerReply) {

        long keys() {
            return keysPerReply.stream().mapToLong(Integer::longValue).sum();
        }
    }

    /**
     * What a change did to one batch.
     *
     * @param changed keys changed (unlinked, given a TTL)
     * @param failed  keys whose command failed or got no reply: not known to be changed
     * @param error   the first failure's message; empty when none failed
     */
    public record Applied(long changed, long failed, String error) {
    }

    /**
     * What a run did on one node.
     *
     * @param node    the node, e.g. {@code redis://10.0.0.5:6379}
     * @param matched distinct keys SCAN returned for the glob
     * @param changed keys the change applied to
     * @param failed  keys whose command failed or got no reply (a re-run takes them again)
     * @param cursor  where the node's scan stopped; {@code 0} when it went through
     * @param failure why the node's scan stopped early (unreachable, stopped mid-run); empty when it did not
     */
    public record NodeTally(String node, long matched, long changed, long failed, String cursor, String failure) {

        /** Whether every key of this node was taken and changed or passed over by the filter. */
        public boolean complete() {
            return failure.isEmpty() && failed == 0 && cursor.equals("0");
        }

        /** The node's line, e.g. {@code redis://h:1: 300 keys matched, 300 unlinked, done}. */
        public String describe(String verb) {
            return node + ": " + summary(matched, changed, failed, verb)
                    + (failure.isEmpty() ? (cursor.equals("0") ? ", done" : ", stopped at cursor " + cursor)
                    : ", then failed at cursor " + cursor + ": " + failure);
        }
    }

    /**
     * The counts of a run, per node.
     *
     * @param nodes        each node visited, in order
     * @param messages     the first error messages, each naming its node
     * @param paused       time spent in pauses and latency waits
     * @param latencyWaits how many times the latency probe was over budget and the run waited
     * @param stop         why it stopped early (a cap); empty when it went through
     */
    public record Tally(List<NodeTally> nodes, List<String> messages, Duration paused, long latencyWaits,
                        String stop) {

        /** Distinct matching keys, every node. */
        public long matched() {
            return nodes.stream().mapToLong(NodeTally::matched).sum();
        }

        /** Keys changed, every node. */
        public long changed() {
            return nodes.stream().mapToLong(NodeTally::changed).sum();
        }

        /** Keys not known to be changed because their command failed, every node. */
        public long failed() {
            return nodes.stream().mapToLong(NodeTally::failed).sum();
        }

        /** Whether a node failed or a command failed. */
        public boolean hasFailures() {
            return nodes.stream().anyMatch(n -> n.failed() > 0 || !n.failure().isEmpty());
        }

        /**
         * The run as one line: the totals, then, with several nodes, one part per node; a single node's line has
         * no node name ({@code 300 keys matched, 300 unlinked}).
         */
        public String describe(String verb) {
            String total = summary(matched(), changed(), failed(), verb);
            if (nodes.size() == 1) {
                NodeTally only = nodes.get(0);
                return total + (only.failure().isEmpty() ? "" : "; failed at cursor " + only.cursor() + ": "
                        + only.failure());
            }
            return total + " on " + nodes.size() + " primaries ("
                    + nodes.stream().map(n -> n.describe(verb)).collect(Collectors.joining("; ")) + ")";
        }
    }

    private BatchRun() {
    }

    /**
     * Runs the change over every key matching {@code glob}, node after node.
     *
     * @param verb      how progress names the change, e.g. {@code "unlinked"}
     * @param maxKeys   stop once this many keys were changed, all nodes together
     * @throws CancellationException when cancelled or the window closed; its message carries the counts
     */
    public static Tally run(Connector connector, byte[] glob, int count, Duration pause, Duration latencyBudget,
                            Duration timeout, long maxKeys, ActionContext context, String verb, Change change)
            throws InterruptedException {
        List<NodeTally> done = new ArrayList<>();
        List<String> messages = new ArrayList<>();
        long[] waits = new long[2];
        String stop = "";
        List<Connector> primaries = connector.nodes(Connector.Scope.PRIMARIES);
        for (Connector node : primaries) {
            long changedSoFar = done.stream().mapToLong(NodeTally::changed).sum();
            if (changedSoFar >= maxKeys) {
                stop = "stopped at the cap of " + Texts.count(maxKeys) + " keys";
                break;
            }
            NodeRun run = new NodeRun(node, primaries.size() > 1, maxKeys - changedSoFar, context, verb, messages,
                    done);
            NodeTally tally = run.run(glob, count, pause, latencyBudget, timeout, change, waits);
            done.add(tally);
            if (!run.stop.isEmpty()) {
                stop = run.stop;
            }
            if (primaries.size() > 1) {
                context.progress(tally.describe(verb));
            }
        }
        Tally tally = new Tally(done, messages, Duration.ofNanos(waits[0]), waits[1], stop);
        context.progress(tally.describe(verb) + (!stop.isEmpty() ? ", " + stop
                : tally.hasFailures() ? ", finished with failures: a re-run takes the keys left" : ", done"));
        return tally;
    }

    /**
     * Waits for the replies of one batch. Replies come in order, so once the last is in or its wait timed out, a
     * reply not yet in is counted as failed without waiting again.
     */
    private static Applied settle(KeyScan scan, Queued batch) throws InterruptedException {
        if (batch == null || batch.replies().isEmpty()) {
            return new Applied(0, 0, "");
        }
        List<? extends RedisFuture<?>> replies = batch.replies();
        scan.flushAndSettle(replies.get(replies.size() - 1));
        long changed = 0;
        long failed = 0;
        String error = "";
        for (int i = 0; i < replies.size(); i++) {
            RedisFuture<?> reply = replies.get(i);
            try {
                if (!reply.isDone()) {
                    reply.cancel(true);
                    throw new io.lettuce.core.RedisCommandTimeoutException("no reply in time");
                }
                Object value = scan.await(reply);
                changed += value instanceof Long l ? l : Boolean.TRUE.equals(value) ? 1 : 0;
            } catch (io.lettuce.core.RedisException | java.util.concurrent.CancellationException e) {
                failed += batch.keysPerReply().get(i);
                if (error.isEmpty()) {
                    error = Failures.describe(e);
                }
            }
        }
        return new Applied(changed, failed, error);
    }

    private static String summary(long matched, long changed, long failed, String verb) {
        return Texts.count(matched) + " keys matched, " + Texts.count(changed) + " " + verb
                + (failed == 0 ? "" : ", " + Texts.count(failed) + " not confirmed (their command failed)");
    }

    /** One node's pass. */
    private static final class NodeRun {
        private final Connector node;
        private final boolean named;
        private final long room;
        private final ActionContext context;
        private final String verb;
        private final List<String> messages;
        private final List<NodeTally> before;
        private long matched;
        private long changed;
        private long failed;
        private String stop = "";

        NodeRun(Connector node, boolean named, long room, ActionContext context, String verb, List<String> messages,
                List<NodeTally> before) {
            this.node = node;
            this.named = named;
            this.room = room;
            this.context = context;
            this.verb = verb;
            this.messages = messages;
            this.before = before;
        }

        NodeTally run(byte[] glob, int count, Duration pause, Duration latencyBudget, Duration timeout,
                      Change change, long[] waits) throws InterruptedException {
            String name = node.describe();
            String cursor = "0";
            RecentKeys recent = new RecentKeys(100_000);
            long lastProgress = System.nanoTime();
            KeyScan scan = null;
            Throttle throttle = null;
            Queued inFlight = null;
            try {
                scan = KeyScan.open(node, glob, count, null, timeout);
                throttle = new Throttle(pause, latencyBudget,
                        latencyBudget == null ? null : node.open(io.lettuce.core.codec.StringCodec.UTF8));
                while (!scan.finished()) {
                    cursor = scan.cursor();
                    if (context.isCancelled()) {
                        absorb(settle(scan, inFlight));
                        inFlight = null;
                        List<NodeTally> all = new ArrayList<>(before);
                        all.add(tally(name, cursor, ""));
                        throw new CancellationException(new Tally(all, messages, Duration.ZERO, 0, "")
                                .describe(verb) + "; stopped at cursor " + cursor + (named ? " of " + name : "")
                                + ", a re-run finishes the job");
                    }
                    throttle.beforeBatch(context::isCancelled);
                    List<byte[]> batch = new ArrayList<>();
                    for (byte[] key : scan.next()) {
                        if (recent.firstTime(key)) {
                            batch.add(key);
                        }
                    }
                    if (inFlight != null && changed + inFlight.keys() + batch.size() > room) {
                        absorb(settle(scan, inFlight));
                        inFlight = null;
                    }
                    if (batch.size() > room - changed) {
                        batch = batch.subList(0, (int) (room - changed));
                    }
                    matched += batch.size();
                    Queued queued = batch.isEmpty() ? null : change.queue(scan, Slots.group(batch, node.slotted()));
                    scan.flush();
                    absorb(settle(scan, inFlight));
                    inFlight = queued;
                    throttle.afterBatch();
                    cursor = scan.cursor();
                    if (inFlight != null && changed + inFlight.keys() >= room) {
                        absorb(settle(scan, inFlight));
                        inFlight = null;
                    }
                    if (changed >= room) {
                        stop = "stopped at the cap of " + Texts.count(room + before.stream()
                                .mapToLong(NodeTally::changed).sum()) + " keys";
                        break;
                    }
                    if (System.nanoTime() - lastProgress > PROGRESS_EVERY_NANOS) {
                        lastProgress = System.nanoTime();
                        context.progress((named ? name + ": " : "") + summary(matched, changed, failed, verb));
                    }
                }
                absorb(settle(scan, inFlight));
                return tally(name, scan.cursor(), "");
            } catch (io.lettuce.core.RedisException e) {
                if (scan != null) {
                    absorb(settle(scan, inFlight));
                }
                String why = Failures.describe(e);
                if (messages.size() < MAX_ERRORS) {
                    messages.add(name + ": " + why);
                }
                return tally(name, cursor, why);
            } finally {
                if (throttle != null) {
                    waits[0] += throttle.paused().toNanos();
                    waits[1] += throttle.latencyWaits();
                    throttle.close();
                }
                if (scan != null) {
                    scan.close();
                }
            }
        }

        /** Counts what a settled batch did. */
        private void absorb(Applied applied) {
            changed += applied.changed();
            failed += applied.failed();
            if (!applied.error().isEmpty() && messages.size() < MAX_ERRORS) {
                messages.add(node.describe() + ": " + applied.error());
            }
        }

        private NodeTally tally(String name, String cursor, String failure) {
            return new NodeTally(name, matched, changed, failed, cursor, failure);
        }
    }
}

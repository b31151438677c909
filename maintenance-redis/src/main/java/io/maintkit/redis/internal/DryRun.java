package io.maintkit.redis.internal;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Counts, without changing anything, the keys matching a glob that pass a TTL and idle filter, and their bytes: one
 * SCAN pass with one read-only {@code EVAL} per batch (in the round trip of the next SCAN). Where scripts are
 * refused and there is no filter, it counts the keys SCAN returns, without bytes. Every primary of a cluster is
 * counted, one script per hash slot of a batch.
 */
public final class DryRun {

    private DryRun() {
    }

    /**
     * The counts.
     *
     * @param matched  distinct matching keys that still existed
     * @param selected of those, the keys passing the filters (at most the cap)
     * @param bytes    their MEMORY USAGE; 0 when not asked for or refused
     */
    public record Counts(long matched, long selected, long bytes) {
    }

    /**
     * Counts.
     *
     * @param withoutTtl only keys without a TTL
     * @param idleSeconds only keys idle at least this long; 0 for any
     * @param memory     whether to sum MEMORY USAGE
     * @param maxKeys    stop once this many keys were selected
     * @throws IllegalStateException when scripts are refused and a filter was asked for
     */
    public static Counts count(Connector connector, byte[] glob, int count, Duration timeout, boolean withoutTtl,
                               long idleSeconds, boolean memory, long maxKeys) throws InterruptedException {
        long[] totals = new long[3];
        for (Connector node : connector.nodes(Connector.Scope.PRIMARIES)) {
            if (totals[1] >= maxKeys) {
                break;
            }
            countNode(node, glob, count, timeout, withoutTtl, idleSeconds, memory, maxKeys, totals);
        }
        return new Counts(totals[0], Math.min(totals[1], maxKeys), totals[2]);
    }

    private static void countNode(Connector node, byte[] glob, int count, Duration timeout, boolean withoutTtl,
                                  long idleSeconds, boolean memory, long maxKeys, long[] totals)
            throws InterruptedException {
        boolean scripted = true;
        RecentKeys recent = new RecentKeys(100_000);
        byte[][] args = {ascii(withoutTtl ? "1" : "0"), ascii(Long.toString(idleSeconds)), ascii(memory ? "1" : "0"),
                ascii("5")};
        try (KeyScan scan = KeyScan.open(node, glob, count, null, timeout)) {
            while (!scan.finished() && totals[1] < maxKeys) {
                List<byte[]> batch = scan.next().stream().filter(recent::firstTime).toList();
                if (batch.isEmpty()) {
                    continue;
                }
                if (!scripted) {
                    totals[0] += batch.size();
                    totals[1] += batch.size();
                    continue;
                }
                List<RedisFuture<List<Object>>> replies = new ArrayList<>();
                for (List<byte[]> group : Slots.group(batch, node.slotted(), Scripts.KEYS_PER_SCRIPT)) {
                    replies.add(scan.commands().eval(Scripts.COUNT, ScriptOutputType.MULTI,
                            group.toArray(new byte[0][]), args));
                }
                scan.flushAndSettle(replies.get(replies.size() - 1));
                try {
                    for (RedisFuture<List<Object>> reply : replies) {
                        List<Object> counts = scan.await(reply);
                        totals[0] += (Long) counts.get(0);
                        totals[1] += (Long) counts.get(1);
                        totals[2] += (Long) counts.get(2);
                    }
                } catch (RedisCommandExecutionException e) {
                    if (withoutTtl || idleSeconds > 0) {
                        throw new IllegalStateException("the TTL and idle filters need EVAL, which the server refused: "
                                + e.getMessage(), e);
                    }
                    scripted = false;
                    totals[0] += batch.size();
                    totals[1] += batch.size();
                }
            }
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}

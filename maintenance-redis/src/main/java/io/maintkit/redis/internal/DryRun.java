package io.maintkit.redis.internal;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * Counts, without changing anything, the keys matching a glob that pass a TTL and idle filter, and their bytes: one
 * SCAN pass with one read-only {@code EVAL} per batch (in the round trip of the next SCAN). Where scripts are
 * refused and there is no filter, it counts the keys SCAN returns, without bytes.
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
        long matched = 0;
        long selected = 0;
        long bytes = 0;
        boolean scripted = true;
        RecentKeys recent = new RecentKeys(100_000);
        byte[][] args = {ascii(withoutTtl ? "1" : "0"), ascii(Long.toString(idleSeconds)), ascii(memory ? "1" : "0"),
                ascii("5")};
        try (KeyScan scan = KeyScan.open(connector, glob, count, null, timeout)) {
            while (!scan.finished() && selected < maxKeys) {
                List<byte[]> batch = scan.next().stream().filter(recent::firstTime).toList();
                if (batch.isEmpty()) {
                    continue;
                }
                if (!scripted) {
                    matched += batch.size();
                    selected += batch.size();
                    continue;
                }
                RedisFuture<List<Object>> reply = scan.commands().eval(Scripts.COUNT, ScriptOutputType.MULTI,
                        batch.toArray(new byte[0][]), args);
                scan.prefetch();
                scan.flushAndSettle(reply);
                try {
                    List<Object> counts = scan.await(reply);
                    matched += (Long) counts.get(0);
                    selected += (Long) counts.get(1);
                    bytes += (Long) counts.get(2);
                } catch (RedisCommandExecutionException e) {
                    if (withoutTtl || idleSeconds > 0) {
                        throw new IllegalStateException("the TTL and idle filters need EVAL, which the server refused: "
                                + e.getMessage(), e);
                    }
                    scripted = false;
                    matched += batch.size();
                    selected += batch.size();
                }
            }
        }
        return new Counts(matched, Math.min(selected, maxKeys), bytes);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}

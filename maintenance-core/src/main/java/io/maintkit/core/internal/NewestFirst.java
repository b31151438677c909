package io.maintkit.core.internal;

import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The order newest first, items with equal times in input order, computed in linear time for the time spans real
 * data has (a stable radix sort over the times packed into one number), and by a stable comparison sort otherwise.
 */
public final class NewestFirst {

    private static final int NANO_BITS = 30;
    private static final long MAX_SPAN_SECONDS = (1L << (63 - NANO_BITS)) - 1;

    private NewestFirst() {
    }

    /** The positions of {@code times}, newest first; equal times keep their order. */
    public static int[] order(List<Instant> times) {
        int n = times.size();
        long newest = Long.MIN_VALUE;
        long oldest = Long.MAX_VALUE;
        for (Instant t : times) {
            newest = Math.max(newest, t.getEpochSecond());
            oldest = Math.min(oldest, t.getEpochSecond());
        }
        if (n > 0 && (newest - oldest > MAX_SPAN_SECONDS || newest - oldest < 0)) {
            Integer[] boxed = new Integer[n];
            Arrays.setAll(boxed, i -> i);
            Arrays.sort(boxed, Comparator.comparing((Integer i) -> times.get(i)).reversed());
            return Arrays.stream(boxed).mapToInt(Integer::intValue).toArray();
        }
        long[] keys = new long[n];
        int[] positions = new int[n];
        for (int i = 0; i < n; i++) {
            Instant t = times.get(i);
            // Ascending keys are newest first: seconds and nanos measured back from the newest possible instant.
            keys[i] = (newest - t.getEpochSecond()) << NANO_BITS | (999_999_999 - t.getNano());
            positions[i] = i;
        }
        radixSort(keys, positions);
        return positions;
    }

    /** A stable least-significant-byte radix sort of non-negative keys, carrying their positions along. */
    private static void radixSort(long[] keys, int[] positions) {
        int n = keys.length;
        long[] keyBuffer = new long[n];
        int[] positionBuffer = new int[n];
        int[] counts = new int[257];
        for (int shift = 0; shift < 64; shift += 8) {
            Arrays.fill(counts, 0);
            for (long k : keys) {
                counts[(int) (k >>> shift & 0xFF) + 1]++;
            }
            if (counts[(int) (keys.length == 0 ? 0 : keys[0] >>> shift & 0xFF) + 1] == n) {
                continue; // every key has the same byte here
            }
            for (int b = 0; b < 256; b++) {
                counts[b + 1] += counts[b];
            }
            for (int i = 0; i < n; i++) {
                int slot = counts[(int) (keys[i] >>> shift & 0xFF)]++;
                keyBuffer[slot] = keys[i];
                positionBuffer[slot] = positions[i];
            }
            System.arraycopy(keyBuffer, 0, keys, 0, n);
            System.arraycopy(positionBuffer, 0, positions, 0, n);
        }
    }
}

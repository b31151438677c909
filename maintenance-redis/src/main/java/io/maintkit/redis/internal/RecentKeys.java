package io.maintkit.redis.internal;

/**
 * Counts each key once in a SCAN without keeping every key: a window of the fingerprints of the last
 * {@code capacity} distinct keys.
 *
 * <p>Why a window is enough: SCAN visits hash buckets in reverse-binary order, so the buckets sharing their low
 * bits are visited one after another. A key comes back a second time only when the table shrinks (or is being
 * rehashed) during the scan: the next bucket of the smaller table then holds keys of big-table buckets that share
 * its low bits, and the ones already visited are exactly the most recently visited ones. A duplicate is therefore a
 * key seen shortly before; it escapes the window only when more than {@code capacity} keys were returned between
 * its two appearances, which takes a shrink by a factor of about {@code capacity}. Memory stays at most 40 bytes per
 * remembered key whatever the key count (3 MB for the default 100,000), in two arrays of primitives: the
 * fingerprints in arrival order and an open-addressing table of them, at most half full, so that a scan's client
 * spends its time on the wire and not on boxing.
 */
public final class RecentKeys {

    private final long[] order;
    private final long[] table;
    private final int mask;
    private int oldest;
    private int size;

    /** A window of {@code capacity} keys. */
    public RecentKeys(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
        }
        this.order = new long[capacity];
        int slots = Integer.highestOneBit(capacity) << 2;
        this.table = new long[slots];
        this.mask = slots - 1;
    }

    /** Records the key; false when it is in the window already (a duplicate to skip). */
    public boolean firstTime(byte[] key) {
        long fingerprint = KeyNames.fingerprint(key);
        long f = fingerprint == 0 ? 1 : fingerprint;
        int i = slot(f);
        while (table[i] != 0) {
            if (table[i] == f) {
                return false;
            }
            i = (i + 1) & mask;
        }
        table[i] = f;
        int at = (oldest + size) % order.length;
        if (size == order.length) {
            forget(order[oldest]);
            oldest = (oldest + 1) % order.length;
        } else {
            size++;
        }
        order[at] = f;
        return true;
    }

    private int slot(long f) {
        return (int) (f ^ (f >>> 32)) & mask;
    }

    /** Removes a fingerprint from the open-addressing table, shifting back the ones that probed past it. */
    private void forget(long f) {
        int hole = slot(f);
        while (table[hole] != f) {
            hole = (hole + 1) & mask;
        }
        for (int j = (hole + 1) & mask; table[j] != 0; j = (j + 1) & mask) {
            int home = slot(table[j]);
            boolean staysPut = hole <= j ? hole < home && home <= j : hole < home || home <= j;
            if (!staysPut) {
                table[hole] = table[j];
                hole = j;
            }
        }
        table[hole] = 0;
    }
}

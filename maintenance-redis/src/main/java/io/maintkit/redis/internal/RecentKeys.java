package io.maintkit.redis.internal;

import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Set;

/**
 * Counts each key once in a SCAN without keeping every key: a window of the fingerprints of the last
 * {@code capacity} distinct keys.
 *
 * <p>Why a window is enough: SCAN visits hash buckets in reverse-binary order, so the buckets sharing their low
 * bits are visited one after another. A key comes back a second time only when the table shrinks (or is being
 * rehashed) during the scan: the next bucket of the smaller table then holds keys of big-table buckets that share
 * its low bits, and the ones already visited are exactly the most recently visited ones. A duplicate is therefore a
 * key seen shortly before; it escapes the window only when more than {@code capacity} keys were returned between
 * its two appearances, which takes a shrink by a factor of about {@code capacity}. Memory stays about 50 bytes per
 * remembered key whatever the key count (5 MB for the default 100,000).
 */
public final class RecentKeys {

    private final int capacity;
    private final ArrayDeque<Long> order;
    private final Set<Long> seen;

    /** A window of {@code capacity} keys. */
    public RecentKeys(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
        }
        this.capacity = capacity;
        this.order = new ArrayDeque<>(Math.min(capacity, 1 << 16));
        this.seen = new HashSet<>(Math.min(capacity, 1 << 16) * 2);
    }

    /** Records the key; false when it is in the window already (a duplicate to skip). */
    public boolean firstTime(byte[] key) {
        long fingerprint = KeyNames.fingerprint(key);
        if (!seen.add(fingerprint)) {
            return false;
        }
        order.addLast(fingerprint);
        if (order.size() > capacity) {
            seen.remove(order.removeFirst());
        }
        return true;
    }
}

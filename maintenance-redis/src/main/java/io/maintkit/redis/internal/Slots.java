package io.maintkit.redis.internal;

import io.lettuce.core.cluster.SlotHash;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Groups keys per hash slot, so that a multi-key command sent to a cluster node never spans slots (CROSSSLOT). */
public final class Slots {

    private Slots() {
    }

    /**
     * The keys in groups that one multi-key command may take: one group per hash slot on a cluster node, all of
     * them in one group elsewhere. Order within a group is kept; no group is empty.
     */
    public static List<List<byte[]>> group(List<byte[]> keys, boolean slotted) {
        if (keys.isEmpty()) {
            return List.of();
        }
        if (!slotted) {
            return List.of(keys);
        }
        Map<Integer, List<byte[]>> bySlot = new LinkedHashMap<>();
        for (byte[] key : keys) {
            bySlot.computeIfAbsent(SlotHash.getSlot(key), s -> new ArrayList<>()).add(key);
        }
        return List.copyOf(bySlot.values());
    }

    /**
     * The keys in groups as {@link #group(List, boolean)} makes them, each cut into parts of at most
     * {@code most} keys: the keys of one script, so that no script holds the server long.
     */
    public static List<List<byte[]>> group(List<byte[]> keys, boolean slotted, int most) {
        List<List<byte[]>> parts = new ArrayList<>();
        for (List<byte[]> group : group(keys, slotted)) {
            for (int from = 0; from < group.size(); from += most) {
                parts.add(group.subList(from, Math.min(group.size(), from + most)));
            }
        }
        return parts;
    }
}

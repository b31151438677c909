package io.maintkit.core;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What a {@link RetentionPolicy} decided over a list of items: every item is either kept, with its reasons, or
 * removed.
 *
 * @param entries every item with its time and reasons, newest first
 * @param <T>     the item type
 */
public record RetentionDecision<T>(List<Entry<T>> entries) {

    /**
     * One item's fate.
     *
     * @param item    the item
     * @param time    its time
     * @param reasons why it was kept; empty when it is removed
     * @param <T>     the item type
     */
    public record Entry<T>(T item, Instant time, List<KeepReason> reasons) {
        /** Validates and copies. */
        public Entry {
            Objects.requireNonNull(time, "time");
            reasons = List.copyOf(reasons);
        }

        /** Whether the item is kept. */
        public boolean kept() {
            return !reasons.isEmpty();
        }
    }

    /** Validates and copies. */
    public RetentionDecision {
        entries = List.copyOf(entries);
    }

    /** The kept items, newest first. */
    public List<T> kept() {
        return entries.stream().filter(Entry::kept).map(Entry::item).toList();
    }

    /** The removed items, newest first. */
    public List<T> removed() {
        return entries.stream().filter(e -> !e.kept()).map(Entry::item).toList();
    }

    /**
     * Why {@code item} was kept, e.g. {@code [daily 2025-02-15, weekly 2025-W07]}; empty if it is removed.
     *
     * A linear look-up: to list every item's reasons, iterate {@link #entries()}.
     *
     * @throws IllegalArgumentException if the item was not part of the decision
     */
    public List<KeepReason> reasons(T item) {
        return entries.stream().filter(e -> e.item() == item).findFirst()
                .or(() -> entries.stream().filter(e -> Objects.equals(e.item(), item)).findFirst())
                .map(Entry::reasons)
                .orElseThrow(() -> new IllegalArgumentException("not part of this decision: " + item));
    }
}

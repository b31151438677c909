package io.maintkit.redis.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The previous sample of a node's counters, kept by a check between runs so that it can report rates. A sample
 * from another server process ({@code run_id} changed: a restart resets the counters) does not count.
 */
public final class Samples {

    private final Map<String, Sample> previous = new ConcurrentHashMap<>();

    /** Stores {@code now} for {@code node} and returns the previous sample of the same server process, if any. */
    public Optional<Sample> exchange(String node, Sample now) {
        Sample before = previous.put(node, now);
        return before != null && before.runId().equals(now.runId()) && before.at().isBefore(now.at())
                ? Optional.of(before) : Optional.empty();
    }

    /**
     * Counters read at one time.
     *
     * @param runId    the server's {@code run_id}
     * @param at       when they were read
     * @param counters counter name to value
     */
    public record Sample(String runId, Instant at, Map<String, Long> counters) {

        /** Validates and copies. */
        public Sample {
            counters = Map.copyOf(counters);
        }

        /** The counter's value, 0 when absent. */
        public long get(String name) {
            return counters.getOrDefault(name, 0L);
        }

        /** The growth of a counter since {@code before}, never negative. */
        public long since(Sample before, String name) {
            return Math.max(0, get(name) - before.get(name));
        }

        /** The time since {@code before}. */
        public Duration elapsedSince(Sample before) {
            return Duration.between(before.at(), at);
        }
    }
}

package io.maintkit.redis;

import io.maintkit.core.Finding;
import io.maintkit.core.Report;
import io.maintkit.redis.internal.Texts;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link LatencyCheck} read and found.
 *
 * @param node             the node
 * @param monitorThreshold {@code latency-monitor-threshold}; zero when the monitor is off, empty when unreadable
 * @param events           {@code LATENCY LATEST}; empty when the monitor is off or the command is blocked
 * @param findings         what it found, worst first
 */
public record LatencyReport(String node, Optional<Duration> monitorThreshold, List<Event> events,
                            List<Finding> findings) implements Report {

    /** Validates and sorts the findings worst first. */
    public LatencyReport {
        Objects.requireNonNull(node, "node");
        events = List.copyOf(events);
        findings = Texts.worstFirst(findings);
    }

    /**
     * One latency event class.
     *
     * @param name    the event, e.g. {@code command}, {@code fast-command}, {@code fork}, {@code aof-fsync-always}
     * @param at      when its latest spike happened
     * @param latest  the latest spike
     * @param maximum the largest spike since the last reset
     */
    public record Event(String name, Instant at, Duration latest, Duration maximum) {
    }
}

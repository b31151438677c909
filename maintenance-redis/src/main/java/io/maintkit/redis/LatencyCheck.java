package io.maintkit.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.RedisClusterClient;
import io.maintkit.core.Durations;
import io.maintkit.core.Finding;
import io.maintkit.core.Measurement;
import io.maintkit.core.Severity;
import io.maintkit.core.Threshold;
import io.maintkit.redis.internal.Connector;
import io.maintkit.redis.internal.Info;
import io.maintkit.redis.internal.Node;
import io.maintkit.redis.internal.Readout;
import io.maintkit.redis.internal.Texts;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code redis.latency}: the server's own latency monitor ({@code LATENCY LATEST}). Like {@code LATENCY DOCTOR},
 * it can say nothing while {@code latency-monitor-threshold} is 0: that is reported as information, not as
 * health. Spikes older than {@link #DEFAULT_RECENT} are reported as information only.
 *
 * <p>Kinds: {@code latency-spike}, {@code latency-monitor-off}, {@code latency-unreadable}.
 */
public final class LatencyCheck extends RedisInspection<LatencyCheck, LatencyReport> {

    /** The check id. */
    public static final String ID = "redis.latency";
    /** A latest spike: warning at 100 ms, critical at 1 s. */
    public static final Threshold<Duration> DEFAULT_SPIKE =
            Threshold.above(Duration.ofMillis(100), Duration.ofSeconds(1));
    /** How recent a spike must be to count: 15 minutes. */
    public static final Duration DEFAULT_RECENT = Duration.ofMinutes(15);

    private static final int MAX_EVENTS = 100;

    private final Threshold<Duration> spike;
    private final Duration recent;

    private LatencyCheck(Context context, Threshold<Duration> spike, Duration recent) {
        super(context);
        this.spike = Objects.requireNonNull(spike, "spike");
        this.recent = Objects.requireNonNull(recent, "recent");
    }

    /** A check with the defaults, through the host's client. */
    public static LatencyCheck on(RedisClient client) {
        return on(Context.of(Connector.of(client)));
    }

    /** A check with the defaults, through a client of its own for {@code uri}. */
    public static LatencyCheck on(RedisURI uri) {
        return on(Context.of(Connector.of(uri)));
    }

    /** A check with the defaults over every node of the host's cluster client (see {@link #inspectEveryNode()}). */
    public static LatencyCheck on(RedisClusterClient client) {
        return on(Context.of(Connector.of(client)));
    }

    static LatencyCheck on(Context context) {
        return new LatencyCheck(context, DEFAULT_SPIKE, DEFAULT_RECENT);
    }

    @Override
    LatencyCheck with(Context changed) {
        return new LatencyCheck(changed, spike, recent);
    }

    @Override
    public String id() {
        return ID;
    }

    /** This check with other limits for a latency spike. */
    public LatencyCheck spike(Threshold<Duration> limits) {
        return new LatencyCheck(context, limits, recent);
    }

    /** This check counting spikes of the last {@code window} only. */
    public LatencyCheck recent(Duration window) {
        return new LatencyCheck(context, spike, window);
    }

    @Override
    LatencyReport inspect(Node node, Info info) {
        String subject = node.name();
        List<Finding> findings = new ArrayList<>();
        Readout<Map<String, String>> config = node.config("latency-monitor-threshold");
        Optional<Duration> threshold = config.optional().map(m -> m.get("latency-monitor-threshold"))
                .map(v -> Duration.ofMillis(Info.longOf(v)));
        if (threshold.filter(Duration::isZero).isPresent()) {
            findings.add(Finding.of(ID, "latency-monitor-off", subject, Severity.INFO,
                    "the latency monitor is off (latency-monitor-threshold 0): spikes are not recorded"));
            return new LatencyReport(subject, threshold, List.of(), findings);
        }
        Readout<List<Object>> latest = node.latencyLatest();
        if (!latest.isRead()) {
            findings.add(Texts.unreadable(ID, "latency-unreadable", subject, "LATENCY LATEST", latest.reason()));
            return new LatencyReport(subject, threshold, List.of(), findings);
        }
        List<LatencyReport.Event> events = parse(latest.value());
        Instant now = context.clock().instant();
        for (LatencyReport.Event e : events) {
            Duration age = Duration.between(e.at(), now);
            Severity s = spike.evaluate(e.latest());
            if (s == Severity.OK) {
                continue;
            }
            boolean old = age.compareTo(recent) > 0;
            findings.add(Finding.of(ID, "latency-spike", subject, old ? Severity.INFO : s, "event " + e.name()
                            + ": latest spike " + e.latest().toMillis() + " ms " + Durations.humanize(age)
                            + " ago, largest " + e.maximum().toMillis() + " ms")
                    .withDetail("event", e.name())
                    .withMeasurements(Measurement.seconds("latest", e.latest()),
                            Measurement.seconds("maximum", e.maximum())));
        }
        return new LatencyReport(subject, threshold, events, findings);
    }

    /** {@code LATENCY LATEST} entries; malformed entries are skipped. */
    static List<LatencyReport.Event> parse(List<Object> reply) {
        List<LatencyReport.Event> events = new ArrayList<>();
        for (Object entry : reply) {
            if (events.size() >= MAX_EVENTS) {
                break;
            }
            if (entry instanceof List<?> fields && fields.size() >= 4 && fields.get(1) instanceof Long at
                    && fields.get(2) instanceof Long last && fields.get(3) instanceof Long max) {
                events.add(new LatencyReport.Event(Texts.shorten(String.valueOf(fields.get(0)), 64),
                        Instant.ofEpochSecond(at), Duration.ofMillis(last), Duration.ofMillis(max)));
            }
        }
        return events;
    }
}

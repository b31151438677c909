package io.maintkit.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.RedisClusterClient;
import io.maintkit.core.DataSize;
import io.maintkit.core.Durations;
import io.maintkit.core.Finding;
import io.maintkit.core.Measurement;
import io.maintkit.core.Severity;
import io.maintkit.core.Threshold;
import io.maintkit.redis.internal.Connector;
import io.maintkit.redis.internal.Info;
import io.maintkit.redis.internal.Node;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * {@code redis.replication}, from {@code INFO replication} (no {@code ROLE}, which managed services block): on a
 * replica, the link to its primary (down since when, never connected, a sync in progress); on a primary, each
 * replica's state, byte lag ({@code master_repl_offset - offset}) and time since its last ACK.
 *
 * <p>Kinds: {@code replica-link-down}, {@code replica-sync-in-progress}, {@code replica-not-online},
 * {@code replica-lag}, {@code replica-ack-age}.
 */
public final class ReplicationCheck extends RedisInspection<ReplicationCheck, ReplicationReport> {

    /** The check id. */
    public static final String ID = "redis.replication";
    /** How long a replica's link may be down: warning at once, critical at 1 minute. */
    public static final Threshold<Duration> DEFAULT_LINK_DOWN = Threshold.above(Duration.ZERO, Duration.ofMinutes(1));
    /** A replica's lag in bytes of replication stream: warning at 1 MiB, critical at 100 MiB. */
    public static final Threshold<DataSize> DEFAULT_LAG =
            Threshold.above(DataSize.ofMegabytes(1), DataSize.ofMegabytes(100));
    /** Time since a replica's last ACK: warning at 10 seconds, critical at 60. */
    public static final Threshold<Duration> DEFAULT_ACK_AGE =
            Threshold.above(Duration.ofSeconds(10), Duration.ofSeconds(60));

    private final Threshold<Duration> linkDown;
    private final Threshold<DataSize> lag;
    private final Threshold<Duration> ackAge;

    private ReplicationCheck(Context context, Threshold<Duration> linkDown, Threshold<DataSize> lag,
                             Threshold<Duration> ackAge) {
        super(context);
        this.linkDown = Objects.requireNonNull(linkDown, "linkDown");
        this.lag = Objects.requireNonNull(lag, "lag");
        this.ackAge = Objects.requireNonNull(ackAge, "ackAge");
    }

    /** A check with the defaults, through the host's client. */
    public static ReplicationCheck on(RedisClient client) {
        return on(Context.of(Connector.of(client)));
    }

    /** A check with the defaults, through a client of its own for {@code uri}. */
    public static ReplicationCheck on(RedisURI uri) {
        return on(Context.of(Connector.of(uri)));
    }

    /** A check with the defaults over every node of the host's cluster client (see {@link #inspectEveryNode()}). */
    public static ReplicationCheck on(RedisClusterClient client) {
        return on(Context.of(Connector.of(client)));
    }

    static ReplicationCheck on(Context context) {
        return new ReplicationCheck(context, DEFAULT_LINK_DOWN, DEFAULT_LAG, DEFAULT_ACK_AGE);
    }

    @Override
    ReplicationCheck with(Context changed) {
        return new ReplicationCheck(changed, linkDown, lag, ackAge);
    }

    @Override
    public String id() {
        return ID;
    }

    /** This check with other limits for how long a replica's link may be down. */
    public ReplicationCheck linkDown(Threshold<Duration> limits) {
        return new ReplicationCheck(context, limits, lag, ackAge);
    }

    /** This check with other limits for a replica's byte lag. */
    public ReplicationCheck lag(Threshold<DataSize> limits) {
        return new ReplicationCheck(context, linkDown, limits, ackAge);
    }

    /** This check with other limits for the time since a replica's last ACK. */
    public ReplicationCheck ackAge(Threshold<Duration> limits) {
        return new ReplicationCheck(context, linkDown, lag, limits);
    }

    @Override
    ReplicationReport inspect(Node node, Info info) {
        String subject = node.name();
        List<Finding> findings = new ArrayList<>();
        String role = info.text("role").orElse("unknown");
        if (role.equals("slave") || role.equals("replica")) {
            String primary = info.text("master_host").orElse("?") + ":" + info.text("master_port").orElse("?");
            String link = info.text("master_link_status").orElse("unknown");
            OptionalLong downSeconds = OptionalLong.empty();
            if (!link.equals("up")) {
                long down = info.number("master_link_down_since_seconds").orElse(-1);
                downSeconds = OptionalLong.of(down);
                Severity s = down < 0 ? Severity.CRITICAL : linkDown.evaluate(Duration.ofSeconds(down));
                findings.add(Finding.of(ID, "replica-link-down", subject, Severity.worst(Severity.WARNING, s),
                                "replica of " + primary + ": link " + link + (down < 0 ? ", never connected"
                                : " for " + Durations.humanize(Duration.ofSeconds(down))))
                        .withDetail("primary", primary)
                        .withMeasurements(Measurement.seconds("link_down", Duration.ofSeconds(Math.max(0, down)))));
            }
            if (info.number("master_sync_in_progress").orElse(0) == 1) {
                findings.add(Finding.of(ID, "replica-sync-in-progress", subject, Severity.WARNING,
                        "replica of " + primary + ": a full synchronisation is in progress")
                        .withDetail("primary", primary));
            }
            return new ReplicationReport(subject, role, Optional.of(primary), Optional.of(link), downSeconds,
                    List.of(), findings);
        }
        long primaryOffset = info.number("master_repl_offset").orElse(0);
        List<ReplicationReport.Replica> replicas = new ArrayList<>();
        for (String name : info.namesStartingWith("slave")) {
            Map<String, String> r = info.compound(name);
            if (!r.containsKey("state")) {
                continue;
            }
            String address = r.getOrDefault("ip", "?") + ":" + r.getOrDefault("port", "?");
            ReplicationReport.Replica replica = new ReplicationReport.Replica(address, r.get("state"),
                    Math.max(0, primaryOffset - Info.longOf(r.get("offset"))), Info.longOf(r.get("lag")));
            replicas.add(replica);
            judge(subject, replica, findings);
        }
        return new ReplicationReport(subject, role, Optional.empty(), Optional.empty(), OptionalLong.empty(),
                replicas, findings);
    }

    private void judge(String subject, ReplicationReport.Replica replica, List<Finding> findings) {
        String who = "replica " + replica.address();
        if (!replica.state().equals("online")) {
            findings.add(Finding.of(ID, "replica-not-online", subject, Severity.WARNING,
                    who + " is " + replica.state()).withDetail("replica", replica.address()));
            return;
        }
        Severity byLag = lag.evaluate(DataSize.ofBytes(replica.lagBytes()));
        if (byLag != Severity.OK) {
            findings.add(Finding.of(ID, "replica-lag", subject, byLag, who + " is "
                            + DataSize.ofBytes(replica.lagBytes()) + " of replication stream behind")
                    .withDetail("replica", replica.address())
                    .withMeasurements(Measurement.bytes("lag", DataSize.ofBytes(replica.lagBytes()))));
        }
        Severity byAck = ackAge.evaluate(Duration.ofSeconds(replica.ackSeconds()));
        if (byAck != Severity.OK) {
            findings.add(Finding.of(ID, "replica-ack-age", subject, byAck, who + " last acknowledged "
                            + Durations.humanize(Duration.ofSeconds(replica.ackSeconds())) + " ago")
                    .withDetail("replica", replica.address())
                    .withMeasurements(Measurement.seconds("ack_age", Duration.ofSeconds(replica.ackSeconds()))));
        }
    }
}

package io.maintkit.redis;

import io.maintkit.core.Finding;
import io.maintkit.core.Report;
import io.maintkit.redis.internal.Texts;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What {@link ReplicationCheck} read and found.
 *
 * @param node       the node
 * @param role       {@code master} or {@code slave}, as INFO says
 * @param primary    on a replica, its primary's {@code host:port}
 * @param linkStatus on a replica, {@code master_link_status} ({@code up}, {@code down})
 * @param linkDownSeconds on a replica whose link is down, {@code master_link_down_since_seconds}; -1 when it
 *                   never connected
 * @param replicas   on a primary, its replicas
 * @param findings   what it found, worst first
 */
public record ReplicationReport(String node, String role, Optional<String> primary, Optional<String> linkStatus,
                                OptionalLong linkDownSeconds, List<Replica> replicas, List<Finding> findings)
        implements Report {

    /** Validates and sorts the findings worst first. */
    public ReplicationReport {
        Objects.requireNonNull(node, "node");
        replicas = List.copyOf(replicas);
        findings = Texts.worstFirst(findings);
    }

    /**
     * One replica as its primary sees it ({@code slaveN:ip=...,port=...,state=...,offset=...,lag=...}).
     *
     * @param address   {@code ip:port}
     * @param state     {@code online}, {@code wait_bgsave}, {@code send_bulk}
     * @param lagBytes  {@code master_repl_offset - offset}
     * @param ackSeconds seconds since its last ACK ({@code lag})
     */
    public record Replica(String address, String state, long lagBytes, long ackSeconds) {
    }
}

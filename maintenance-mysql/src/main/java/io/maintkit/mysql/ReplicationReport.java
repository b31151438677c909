package io.maintkit.mysql;

import io.maintkit.core.Finding;
import io.maintkit.core.Report;

import java.util.List;
import java.util.Objects;

/**
 * What {@link ReplicationCheck} found.
 *
 * @param server   the server inspected
 * @param channels its replication channels; empty when it is not a replica
 * @param findings every finding, worst first
 */
public record ReplicationReport(ServerVersion server, List<ReplicaChannel> channels, List<Finding> findings)
        implements Report {

    /** Validates and copies. */
    public ReplicationReport {
        Objects.requireNonNull(server, "server");
        channels = List.copyOf(channels);
        findings = List.copyOf(findings);
    }
}

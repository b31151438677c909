package io.maintkit.mysql;

import io.maintkit.core.Finding;
import io.maintkit.core.Report;

import java.util.List;
import java.util.Objects;

/**
 * What {@link ConnectionCheck} found.
 *
 * @param server         the server inspected
 * @param connected      {@code Threads_connected}
 * @param maxConnections {@code max_connections}
 * @param lockWaits      sessions waiting for a row or metadata lock, with their blockers
 * @param findings       every finding, worst first
 */
public record ConnectionReport(ServerVersion server, long connected, long maxConnections, List<LockWait> lockWaits,
                               List<Finding> findings) implements Report {

    /** Validates and copies. */
    public ConnectionReport {
        Objects.requireNonNull(server, "server");
        lockWaits = List.copyOf(lockWaits);
        findings = List.copyOf(findings);
    }
}

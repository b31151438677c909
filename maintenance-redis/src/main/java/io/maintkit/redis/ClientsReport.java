package io.maintkit.redis;

import io.maintkit.core.DataSize;
import io.maintkit.core.Finding;
import io.maintkit.core.Report;
import io.maintkit.redis.internal.Texts;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * What {@link ClientsCheck} read and found.
 *
 * @param node                  the node
 * @param connected             {@code connected_clients}
 * @param maxclients            {@code maxclients}; empty when unreadable
 * @param blocked               {@code blocked_clients} (BLPOP, WAIT, XREAD BLOCK...)
 * @param rejectedConnections   {@code rejected_connections} since start
 * @param rejectedSinceLastCheck rejected connections since the previous run; empty on the first run
 * @param largestBuffers        the clients with the largest output buffers, largest first; empty when
 *                              {@code CLIENT LIST} is unreadable
 * @param findings              what it found, worst first
 */
public record ClientsReport(String node, long connected, OptionalLong maxclients, long blocked,
                            long rejectedConnections, OptionalLong rejectedSinceLastCheck,
                            List<ClientBuffer> largestBuffers, List<Finding> findings) implements Report {

    /** Validates and sorts the findings worst first. */
    public ClientsReport {
        Objects.requireNonNull(node, "node");
        largestBuffers = List.copyOf(largestBuffers);
        findings = Texts.worstFirst(findings);
    }

    /**
     * One client's output buffer, from {@code CLIENT LIST}.
     *
     * @param id      the client id
     * @param address {@code addr}
     * @param name    the client's name, may be empty
     * @param command the last command
     * @param buffer  {@code omem}: memory used by its output buffer
     */
    public record ClientBuffer(long id, String address, String name, String command, DataSize buffer) {
    }
}

package io.maintkit.mysql;

import io.maintkit.core.Finding;
import io.maintkit.core.Percent;
import io.maintkit.core.Report;

import java.util.List;
import java.util.Objects;

/**
 * What {@link BufferPoolCheck} found.
 *
 * @param server       the server inspected
 * @param hitRatio     1 - {@code Innodb_buffer_pool_reads} / {@code Innodb_buffer_pool_read_requests}
 * @param readRequests {@code Innodb_buffer_pool_read_requests} since start
 * @param totalPages   {@code Innodb_buffer_pool_pages_total}
 * @param dirtyPages   {@code Innodb_buffer_pool_pages_dirty}
 * @param freePages    {@code Innodb_buffer_pool_pages_free}
 * @param findings     every finding, worst first
 */
public record BufferPoolReport(ServerVersion server, Percent hitRatio, long readRequests, long totalPages,
                               long dirtyPages, long freePages, List<Finding> findings) implements Report {

    /** Validates and copies. */
    public BufferPoolReport {
        Objects.requireNonNull(server, "server");
        findings = List.copyOf(findings);
    }
}

package io.maintkit.mysql;

import io.maintkit.core.Finding;
import io.maintkit.core.Report;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link BinlogCheck} found.
 *
 * @param server    the server inspected
 * @param enabled   whether the binary log is on
 * @param retention the server's expiry ({@code binlog_expire_logs_seconds} / {@code expire_logs_days}); empty when
 *                  logs never expire
 * @param logs      the binary logs, oldest first
 * @param findings  every finding, worst first
 */
public record BinlogReport(ServerVersion server, boolean enabled, Optional<Duration> retention, List<BinaryLog> logs,
                           List<Finding> findings) implements Report {

    /** Validates and copies. */
    public BinlogReport {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(retention, "retention");
        logs = List.copyOf(logs);
        findings = List.copyOf(findings);
    }
}

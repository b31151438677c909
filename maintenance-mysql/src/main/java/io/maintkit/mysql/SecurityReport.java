package io.maintkit.mysql;

import io.maintkit.core.Finding;
import io.maintkit.core.Report;

import java.util.List;
import java.util.Objects;

/**
 * What {@link SecurityCheck} found.
 *
 * @param server   the server inspected
 * @param accounts the accounts looked at, as {@code 'user'@'host'} (roles and locked accounts left out)
 * @param findings every finding, worst first
 */
public record SecurityReport(ServerVersion server, List<String> accounts, List<Finding> findings) implements Report {

    /** Validates and copies. */
    public SecurityReport {
        Objects.requireNonNull(server, "server");
        accounts = List.copyOf(accounts);
        findings = List.copyOf(findings);
    }
}

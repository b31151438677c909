package io.maintkit.mysql;

import io.maintkit.core.Finding;
import io.maintkit.core.Report;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What {@link SettingsCheck} found.
 *
 * @param server   the server inspected
 * @param settings the settings looked at and their values (absent ones left out)
 * @param findings every finding, worst first
 */
public record SettingsReport(ServerVersion server, Map<String, String> settings, List<Finding> findings)
        implements Report {

    /** Validates and copies. */
    public SettingsReport {
        Objects.requireNonNull(server, "server");
        settings = Map.copyOf(settings);
        findings = List.copyOf(findings);
    }
}

package io.maintkit.postgres;

import io.maintkit.core.Finding;
import io.maintkit.core.Report;
import io.maintkit.core.Severity;

import java.util.List;
import java.util.Objects;

/**
 * What {@link SettingsCheck#inspect()} found.
 *
 * @param database      the database inspected
 * @param serverVersion the server's {@code server_version_num}
 * @param problems      each setting that switches maintenance off or blinds it
 * @param findings      one finding per problem, worst first
 */
public record SettingsReport(String database, int serverVersion, List<SettingProblem> problems,
                             List<Finding> findings) implements Report {

    /** Validates and copies; sorts the findings worst first. */
    public SettingsReport {
        Objects.requireNonNull(database, "database");
        problems = List.copyOf(problems);
        findings = PostgresInspection.worstFirst(findings);
    }

    /**
     * One setting with a value that hurts maintenance.
     *
     * @param setting  the setting's name ({@code track_counts})
     * @param value    its value as the session sees it
     * @param severity how bad it is
     */
    public record SettingProblem(String setting, String value, Severity severity) {

        /** Validates the fields. */
        public SettingProblem {
            Objects.requireNonNull(setting, "setting");
            Objects.requireNonNull(value, "value");
            Objects.requireNonNull(severity, "severity");
        }
    }
}

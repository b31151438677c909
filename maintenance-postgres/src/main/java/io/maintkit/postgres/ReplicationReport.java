package io.maintkit.postgres;

import io.maintkit.core.DataSize;
import io.maintkit.core.Finding;
import io.maintkit.core.Report;
import io.maintkit.core.Severity;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link ReplicationCheck#inspect()} found.
 *
 * @param database      the database connected to
 * @param serverVersion the server's {@code server_version_num}
 * @param standby       whether the server is a standby (in recovery)
 * @param replayPaused  on a standby, whether WAL replay is paused ({@code pg_wal_replay_pause()})
 * @param lags          on a standby its own replay lag; on a primary each streaming standby's lag this role can see
 * @param slots         every replication slot of the server
 * @param findings      what it found, worst first
 */
public record ReplicationReport(String database, int serverVersion, boolean standby, boolean replayPaused,
                                List<ReplicationLag> lags, List<ReplicationSlot> slots, List<Finding> findings)
        implements Report {

    /** Validates and copies; sorts the findings worst first. */
    public ReplicationReport {
        Objects.requireNonNull(database, "database");
        lags = List.copyOf(lags);
        slots = List.copyOf(slots);
        findings = PostgresInspection.worstFirst(findings);
    }

    /**
     * How far a standby's replay is behind.
     *
     * @param subject  {@code standby <application_name> [client address]} on a primary, the database on a standby
     * @param state    the WAL sender's state on a primary ({@code streaming}, {@code catchup}), {@code standby} on a
     *                 standby itself
     * @param bytes    WAL received (on a standby) or sent (on a primary) but not replayed yet
     * @param time     how old the last replayed transaction is (on a standby) or the primary's {@code replay_lag};
     *                 empty when the server does not know
     * @param severity what the limits make of it
     */
    public record ReplicationLag(String subject, String state, DataSize bytes, Optional<Duration> time,
                                 Severity severity) {

        /** Validates the fields. */
        public ReplicationLag {
            Objects.requireNonNull(subject, "subject");
            Objects.requireNonNull(state, "state");
            Objects.requireNonNull(bytes, "bytes");
            Objects.requireNonNull(time, "time");
            Objects.requireNonNull(severity, "severity");
        }
    }

    /**
     * One replication slot.
     *
     * @param name      the slot's name
     * @param type      {@code physical} or {@code logical}
     * @param database  a logical slot's database
     * @param active    whether a consumer is connected
     * @param retained  the WAL it keeps the server from removing
     * @param walStatus {@code reserved}, {@code extended}, {@code unreserved} or {@code lost} (PG13+), else empty
     * @param severity  what the limits make of it
     */
    public record ReplicationSlot(String name, String type, Optional<String> database, boolean active,
                                  DataSize retained, Optional<String> walStatus, Severity severity) {

        /** Validates the fields. */
        public ReplicationSlot {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(database, "database");
            Objects.requireNonNull(retained, "retained");
            Objects.requireNonNull(walStatus, "walStatus");
            Objects.requireNonNull(severity, "severity");
        }
    }
}

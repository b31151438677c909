package io.maintkit.postgres;

import io.maintkit.core.Finding;
import io.maintkit.core.Percent;
import io.maintkit.core.Report;
import io.maintkit.core.Severity;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What {@link ConnectionCheck#inspect()} found.
 *
 * @param database      the database connected to
 * @param serverVersion the server's {@code server_version_num}
 * @param clients       client connections, this one included
 * @param available     connections available to clients ({@code max_connections} minus the reserved slots)
 * @param used          {@code clients} as a share of {@code available}
 * @param hiddenSessions sessions of other roles whose state this role cannot see
 * @param sessions      each session idle in a transaction, running a long query or waiting on a lock too long
 * @param findings      what it found, worst first
 */
public record ConnectionReport(String database, int serverVersion, long clients, long available, Percent used,
                               long hiddenSessions, List<SessionProblem> sessions, List<Finding> findings)
        implements Report {

    /** Validates and copies; sorts the findings worst first. */
    public ConnectionReport {
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(used, "used");
        sessions = List.copyOf(sessions);
        findings = PostgresInspection.worstFirst(findings);
    }

    /**
     * One session in a state that hurts others.
     *
     * @param type         what is wrong
     * @param pid          the server process id
     * @param user         the session's role
     * @param database     the session's database
     * @param application  its {@code application_name}
     * @param duration     how long it has been in that state
     * @param blockingPids for a lock wait, the sessions it waits for
     * @param query        its (last) query, on one line and shortened
     * @param severity     what the limits make of it
     */
    public record SessionProblem(Type type, long pid, String user, String database, String application,
                                 Duration duration, List<Long> blockingPids, String query, Severity severity) {

        /** What is wrong; each type names the {@link Finding#kind()} of its finding. */
        public enum Type {
            /** Idle in a transaction: holds its locks and keeps vacuum from removing dead rows. */
            IDLE_IN_TRANSACTION("idle-in-transaction"),
            /** A query running long. */
            LONG_QUERY("long-query"),
            /** Waiting on a lock held by another session. */
            LOCK_WAIT("lock-wait");

            private final String kind;

            Type(String kind) {
                this.kind = kind;
            }

            /** The finding's kind, e.g. {@code idle-in-transaction}. */
            public String kind() {
                return kind;
            }
        }

        /** Validates and copies. */
        public SessionProblem {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(duration, "duration");
            Objects.requireNonNull(severity, "severity");
            blockingPids = List.copyOf(blockingPids);
        }
    }
}

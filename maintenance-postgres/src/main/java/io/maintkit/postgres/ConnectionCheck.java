package io.maintkit.postgres;

import io.maintkit.core.Finding;
import io.maintkit.core.Measurement;
import io.maintkit.core.Percent;
import io.maintkit.core.Severity;
import io.maintkit.core.Threshold;
import io.maintkit.postgres.ConnectionReport.SessionProblem;
import io.maintkit.postgres.internal.Row;
import io.maintkit.postgres.internal.Session;
import io.maintkit.postgres.internal.Settings;
import io.maintkit.postgres.internal.Sql;
import io.maintkit.postgres.internal.Texts;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * {@code postgres.connections}: client connections against {@code max_connections} minus the reserved slots,
 * sessions idle in a transaction, queries running long, and sessions waiting on a lock (with the blocking pid and
 * its query). Sessions of other roles are visible only to a superuser or a member of {@code pg_read_all_stats}
 * (included in {@code pg_monitor}); when they are hidden the check says so with an {@code UNKNOWN} finding.
 * Two queries.
 */
public final class ConnectionCheck extends PostgresInspection<ConnectionCheck, ConnectionReport> {

    /** The check id. */
    public static final String ID = "postgres.connections";
    /** Connections used as a percentage of those available: warning at 90 %, critical at 95 % (check_postgres). */
    public static final Threshold<Percent> DEFAULT_USED_PERCENT = Threshold.above(Percent.of(90), Percent.of(95));
    /** Time idle in a transaction: warning at 5 minutes, critical at 30. */
    public static final Threshold<Duration> DEFAULT_IDLE_IN_TRANSACTION =
            Threshold.above(Duration.ofMinutes(5), Duration.ofMinutes(30));
    /** Running time of a query: warning at 5 minutes, critical at 1 hour. */
    public static final Threshold<Duration> DEFAULT_LONG_QUERY =
            Threshold.above(Duration.ofMinutes(5), Duration.ofHours(1));
    /** Time waiting on a lock: warning at 30 seconds, critical at 5 minutes. */
    public static final Threshold<Duration> DEFAULT_LOCK_WAIT =
            Threshold.above(Duration.ofSeconds(30), Duration.ofMinutes(5));

    private static final int QUERY_TEXT = 200;

    private final Threshold<Percent> usedPercent;
    private final Threshold<Duration> idleInTransaction;
    private final Threshold<Duration> longQuery;
    private final Threshold<Duration> lockWait;

    private ConnectionCheck(Context context, Threshold<Percent> usedPercent, Threshold<Duration> idleInTransaction,
                            Threshold<Duration> longQuery, Threshold<Duration> lockWait) {
        super(context);
        this.usedPercent = Objects.requireNonNull(usedPercent, "usedPercent");
        this.idleInTransaction = Objects.requireNonNull(idleInTransaction, "idleInTransaction");
        this.longQuery = Objects.requireNonNull(longQuery, "longQuery");
        this.lockWait = Objects.requireNonNull(lockWait, "lockWait");
    }

    /** A check with the defaults. */
    public static ConnectionCheck on(DataSource dataSource) {
        return new ConnectionCheck(Context.of(dataSource), DEFAULT_USED_PERCENT, DEFAULT_IDLE_IN_TRANSACTION,
                DEFAULT_LONG_QUERY, DEFAULT_LOCK_WAIT);
    }

    @Override
    ConnectionCheck with(Context changed) {
        return new ConnectionCheck(changed, usedPercent, idleInTransaction, longQuery, lockWait);
    }

    @Override
    public String id() {
        return ID;
    }

    /** This check with other limits for connections used. */
    public ConnectionCheck usedPercent(Threshold<Percent> limits) {
        return new ConnectionCheck(context, limits, idleInTransaction, longQuery, lockWait);
    }

    /** This check with other limits for time idle in a transaction. */
    public ConnectionCheck idleInTransaction(Threshold<Duration> limits) {
        return new ConnectionCheck(context, usedPercent, limits, longQuery, lockWait);
    }

    /** This check with other limits for a query's running time. */
    public ConnectionCheck longQuery(Threshold<Duration> limits) {
        return new ConnectionCheck(context, usedPercent, idleInTransaction, limits, lockWait);
    }

    /** This check with other limits for time waiting on a lock. */
    public ConnectionCheck lockWait(Threshold<Duration> limits) {
        return new ConnectionCheck(context, usedPercent, idleInTransaction, longQuery, limits);
    }

    @Override
    public ConnectionReport inspect() throws SQLException {
        try (Session session = context.open()) {
            List<Finding> findings = new ArrayList<>();
            List<SessionProblem> problems = new ArrayList<>();
            String db = session.database();
            Settings settings = Settings.read(session, "max_connections", "superuser_reserved_connections",
                    "reserved_connections");
            double available = settings.number("max_connections", 100)
                    - settings.number("superuser_reserved_connections", 3)
                    - settings.number("reserved_connections", 0);
            List<Row> sessions = session.query(Sql.load("activity"));
            Map<Long, Row> byPid = new HashMap<>();
            sessions.forEach(r -> byPid.put(r.longValue("pid"), r));
            // without pg_read_all_stats other roles' sessions show neither state nor backend type; those with a
            // user are counted as clients, which may count a background worker too but never misses a client
            long hidden = sessions.stream().filter(r -> r.isNull("backend_type") && !r.isNull("usename")).count();
            long clients = 1 + hidden
                    + sessions.stream().filter(r -> "client backend".equals(r.text("backend_type"))).count();
            Percent used = Percent.ratio(clients, available);
            Severity usage = usedPercent.evaluate(used);
            if (usage != Severity.OK) {
                findings.add(Finding.of(ID, "connections-near-limit", db, usage, Texts.count(clients)
                                + " client connections, " + used + " of the " + Texts.count(available) + " available")
                        .withMeasurements(Measurement.count("connections", clients),
                                Measurement.percent("used_percent", used)));
            }
            if (hidden > 0 && !session.readsAllStats()) {
                findings.add(Finding.of(ID, "sessions-hidden", db, Severity.UNKNOWN, hidden + " sessions of other"
                        + " roles are hidden from this role: their state, waits and queries cannot be checked"
                        + " (grant pg_monitor)"));
            }
            for (Row r : sessions) {
                inspectSession(r, byPid, problems, findings);
            }
            return new ConnectionReport(db, session.versionNum(), clients, Math.round(available), used, hidden,
                    problems, findings);
        }
    }

    private void inspectSession(Row r, Map<Long, Row> byPid, List<SessionProblem> problems,
                                List<Finding> findings) {
        String state = r.text("state");
        if (state == null) {
            return;
        }
        String subject = "pid " + r.longValue("pid");
        Duration inState = r.seconds("state_seconds");
        Duration running = r.seconds("query_seconds");
        if (state.startsWith("idle in transaction") && inState != null) {
            Severity s = idleInTransaction.evaluate(inState);
            if (s != Severity.OK) {
                problems.add(problem(SessionProblem.Type.IDLE_IN_TRANSACTION, r, inState, s));
                findings.add(describe(Finding.of(ID, SessionProblem.Type.IDLE_IN_TRANSACTION.kind(), subject, s,
                        state + " for " + Texts.age(inState)
                                + ": holds its locks and keeps vacuum from removing dead rows"), r)
                        .withMeasurements(Measurement.seconds("idle_in_transaction", inState)));
            }
        }
        if ("active".equals(state) && running != null && "client backend".equals(r.text("backend_type"))) {
            if ("Lock".equals(r.text("wait_event_type"))) {
                Severity s = lockWait.evaluate(running);
                if (s != Severity.OK) {
                    long[] blockers = r.longs("blocking_pids");
                    problems.add(problem(SessionProblem.Type.LOCK_WAIT, r, running, s));
                    Finding f = describe(Finding.of(ID, SessionProblem.Type.LOCK_WAIT.kind(), subject, s,
                                    "waiting " + Texts.age(running) + " on a " + r.text("wait_event") + " lock"
                                    + (blockers.length == 0 ? "" : ", blocked by pid " + blockers[0]
                                    + blockerQuery(byPid.get(blockers[0])))), r)
                            .withMeasurements(Measurement.seconds("lock_wait", running));
                    if (blockers.length > 0) {
                        f = f.withDetail("blocking_pids", java.util.Arrays.toString(blockers));
                    }
                    findings.add(f);
                }
            } else {
                Severity s = longQuery.evaluate(running);
                if (s != Severity.OK) {
                    problems.add(problem(SessionProblem.Type.LONG_QUERY, r, running, s));
                    findings.add(describe(Finding.of(ID, SessionProblem.Type.LONG_QUERY.kind(), subject, s,
                            "query running for " + Texts.age(running)), r)
                            .withMeasurements(Measurement.seconds("query_running", running)));
                }
            }
        }
    }

    private static SessionProblem problem(SessionProblem.Type type, Row r, Duration duration, Severity s) {
        List<Long> blockers = java.util.Arrays.stream(r.longs("blocking_pids")).boxed().toList();
        return new SessionProblem(type, r.longValue("pid"), r.text("usename"), r.text("datname"),
                r.text("application_name"), duration, type == SessionProblem.Type.LOCK_WAIT ? blockers : List.of(),
                Texts.oneLine(r.text("query"), QUERY_TEXT), s);
    }

    private static String blockerQuery(Row blocker) {
        if (blocker == null || blocker.isNull("state")) {
            return "";
        }
        return " (" + blocker.text("state") + ": " + Texts.oneLine(blocker.text("query"), QUERY_TEXT) + ")";
    }

    private static Finding describe(Finding f, Row r) {
        return f.withDetail("user", String.valueOf(r.text("usename")))
                .withDetail("database", String.valueOf(r.text("datname")))
                .withDetail("application", String.valueOf(r.text("application_name")))
                .withDetail("query", Texts.oneLine(r.text("query"), QUERY_TEXT));
    }
}

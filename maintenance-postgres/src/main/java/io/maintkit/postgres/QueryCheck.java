package io.maintkit.postgres;

import io.maintkit.core.Finding;
import io.maintkit.core.Measurement;
import io.maintkit.core.Severity;
import io.maintkit.core.Threshold;
import io.maintkit.postgres.QueryReport.StatementStats;
import io.maintkit.postgres.internal.Identifiers;
import io.maintkit.postgres.internal.Row;
import io.maintkit.postgres.internal.Session;
import io.maintkit.postgres.internal.Sql;
import io.maintkit.postgres.internal.Statements;
import io.maintkit.postgres.internal.Texts;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * {@code postgres.queries}: the current database's top statements from {@code pg_stat_statements} by total and
 * by mean execution time (INFO), and statements whose mean time crosses a limit. The time columns are chosen by
 * the extension's version ({@code total_time} before 1.8, {@code total_exec_time} from 1.8). Without the
 * extension, or when the server did not preload it, the check reports {@code UNKNOWN}. Two queries.
 */
public final class QueryCheck extends PostgresInspection<QueryCheck, QueryReport> {

    /** The check id. */
    public static final String ID = "postgres.queries";
    /** How many statements are listed by total and by mean time: 5. */
    public static final int DEFAULT_TOP = 5;
    /** Mean execution time: warning at 1 second, critical at 10. */
    public static final Threshold<Duration> DEFAULT_MEAN_TIME =
            Threshold.above(Duration.ofSeconds(1), Duration.ofSeconds(10));
    /** Statements called fewer times are not held to the mean-time limit: 10. */
    public static final long DEFAULT_MINIMUM_CALLS = 10;

    private static final int QUERY_TEXT = 300;

    private final int top;
    private final Threshold<Duration> meanTime;
    private final long minimumCalls;

    private QueryCheck(Context context, int top, Threshold<Duration> meanTime, long minimumCalls) {
        super(context);
        this.top = top;
        this.meanTime = Objects.requireNonNull(meanTime, "meanTime");
        this.minimumCalls = minimumCalls;
    }

    /** A check with the defaults. */
    public static QueryCheck on(DataSource dataSource) {
        return new QueryCheck(Context.of(dataSource), DEFAULT_TOP, DEFAULT_MEAN_TIME, DEFAULT_MINIMUM_CALLS);
    }

    @Override
    QueryCheck with(Context changed) {
        return new QueryCheck(changed, top, meanTime, minimumCalls);
    }

    @Override
    public String id() {
        return ID;
    }

    /** This check listing {@code count} statements by total and by mean time. */
    public QueryCheck top(int count) {
        return new QueryCheck(context, count, meanTime, minimumCalls);
    }

    /** This check with other limits for a statement's mean execution time. */
    public QueryCheck meanTime(Threshold<Duration> limits) {
        return new QueryCheck(context, top, limits, minimumCalls);
    }

    /** This check holding only statements called at least {@code calls} times to the mean-time limit. */
    public QueryCheck minimumCalls(long calls) {
        return new QueryCheck(context, top, meanTime, calls);
    }

    @Override
    public QueryReport inspect() throws SQLException {
        try (Session session = context.open()) {
            List<Finding> findings = new ArrayList<>();
            String db = session.database();
            List<Row> ext = session.query(Statements.EXTENSION_VERSION, "pg_stat_statements");
            if (ext.isEmpty()) {
                findings.add(Finding.of(ID, "pg-stat-statements-missing", db, Severity.UNKNOWN, "pg_stat_statements"
                        + " is not installed in database " + db + ": CREATE EXTENSION pg_stat_statements (the server"
                        + " must preload it)"));
                return new QueryReport(db, session.versionNum(), Optional.empty(), List.of(), findings);
            }
            String version = ext.get(0).text("extversion");
            boolean renamed = compareVersions(version, "1.8") >= 0;
            String sql = Sql.load("statements", Map.of(
                    "ext", Identifiers.quote(ext.get(0).text("nspname")),
                    "total", renamed ? "total_exec_time" : "total_time",
                    "mean", renamed ? "mean_exec_time" : "mean_time"));
            long limit = Math.max(top, 50);
            Session.Attempt attempt = session.attempt(sql, limit, limit);
            if (!attempt.succeeded()) {
                findings.add(Finding.of(ID, "pg-stat-statements-unreadable", db, Severity.UNKNOWN,
                        "cannot read pg_stat_statements: " + attempt.reason()));
                return new QueryReport(db, session.versionNum(), Optional.of(version), List.of(), findings);
            }
            Map<String, Row> byTotal = new LinkedHashMap<>();
            Map<String, Row> byMean = new LinkedHashMap<>();
            boolean hidden = false;
            for (Row r : attempt.rows()) {
                if (r.isNull("queryid")) {
                    hidden = true;
                    continue;
                }
                ("total".equals(r.text("ranking")) ? byTotal : byMean).putIfAbsent(r.text("queryid"), r);
            }
            if (hidden && !session.readsAllStats()) {
                findings.add(Finding.of(ID, "statements-hidden", db, Severity.UNKNOWN, "statements of other roles"
                        + " are hidden from this role (grant pg_monitor)"));
            }
            Map<String, StatementStats> out = new LinkedHashMap<>();
            int rank = 0;
            for (Row r : byTotal.values()) {
                if (rank++ < top) {
                    out.put(r.text("queryid"), stats(r, Severity.INFO, "top " + rank + " by total time"));
                }
            }
            rank = 0;
            for (Row r : byMean.values()) {
                Duration mean = Duration.ofNanos(Math.round(r.doubleValue("mean_ms") * 1_000_000));
                Severity s = r.longValue("calls") >= minimumCalls ? meanTime.evaluate(mean) : Severity.OK;
                rank++;
                if (s != Severity.OK) {
                    out.put(r.text("queryid"), stats(r, s, "mean time above " + Texts.age(meanTime.warning())));
                } else if (rank <= top) {
                    out.putIfAbsent(r.text("queryid"), stats(r, Severity.INFO, "top " + rank + " by mean time"));
                }
            }
            out.values().forEach(q -> findings.add(finding(q, version)));
            return new QueryReport(db, session.versionNum(), Optional.of(version), List.copyOf(out.values()),
                    findings);
        }
    }

    private static StatementStats stats(Row r, Severity s, String why) {
        return new StatementStats(r.text("queryid"), Texts.oneLine(r.text("query"), QUERY_TEXT), r.longValue("calls"),
                Duration.ofNanos(Math.round(r.doubleValue("mean_ms") * 1_000_000)),
                Duration.ofNanos(Math.round(r.doubleValue("total_ms") * 1_000_000)), r.longValue("rows"), why, s);
    }

    private static Finding finding(StatementStats q, String version) {
        return Finding.of(ID, q.severity() == Severity.INFO ? "top-query" : "slow-query", "query " + q.queryId(),
                        q.severity(), q.why() + ": " + Texts.count(q.calls()) + " calls, mean " + Texts.age(q.mean())
                                + ", total " + Texts.age(q.total()) + ": " + Texts.oneLine(q.query(), 80))
                .withMeasurements(Measurement.count("calls", q.calls()), Measurement.seconds("mean_time", q.mean()),
                        Measurement.seconds("total_time", q.total()), Measurement.count("rows", q.rows()))
                .withDetail("query", q.query())
                .withDetail("pg_stat_statements", version);
    }

    /** Compares dotted versions numerically: {@code 1.10 > 1.8}. */
    static int compareVersions(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            int p = i < x.length ? Integer.parseInt(x[i].replaceAll("\\D.*", "")) : 0;
            int q = i < y.length ? Integer.parseInt(y[i].replaceAll("\\D.*", "")) : 0;
            if (p != q) {
                return Integer.compare(p, q);
            }
        }
        return 0;
    }
}

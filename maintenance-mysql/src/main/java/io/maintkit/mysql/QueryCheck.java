package io.maintkit.mysql;

import io.maintkit.core.Finding;
import io.maintkit.core.Measurement;
import io.maintkit.core.Severity;
import io.maintkit.core.Threshold;
import io.maintkit.mysql.internal.Row;
import io.maintkit.mysql.internal.Session;
import io.maintkit.mysql.internal.Sql;
import io.maintkit.mysql.internal.Texts;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * {@code mysql.queries}: the statements with the largest total time, from
 * {@code performance_schema.events_statements_summary_by_digest} when performance_schema is on, else from
 * {@code mysql.slow_log} when the slow log is on and written to a table ({@code log_output=TABLE}). With neither
 * (MariaDB ships with performance_schema off) the check says so at UNKNOWN, never with an empty "healthy" list.
 * The top statements are INFO findings; a mean time over the threshold is a WARNING or CRITICAL.
 */
public final class QueryCheck extends MysqlInspection<QueryCheck, QueryReport> {

    /** The check id. */
    public static final String ID = "mysql.queries";
    /** Mean statement time: 1 s warning, 10 s critical. */
    public static final Threshold<Duration> DEFAULT_MEAN_TIME = Threshold.above(Duration.ofSeconds(1),
            Duration.ofSeconds(10));
    /** How many statements are reported: 10. */
    public static final int DEFAULT_TOP = 10;

    private final Threshold<Duration> meanTime;
    private final int top;

    private QueryCheck(Context context, Threshold<Duration> meanTime, int top) {
        super(context);
        this.meanTime = Objects.requireNonNull(meanTime, "meanTime");
        if (top < 1 || top > 1000) {
            throw new IllegalArgumentException("top must be between 1 and 1000: " + top);
        }
        this.top = top;
    }

    /** A check with the defaults. */
    public static QueryCheck on(DataSource dataSource) {
        return new QueryCheck(Context.of(dataSource), DEFAULT_MEAN_TIME, DEFAULT_TOP);
    }

    @Override
    QueryCheck with(Context changed) {
        return new QueryCheck(changed, meanTime, top);
    }

    @Override
    public String id() {
        return ID;
    }

    /** This check with other limits on a statement's mean time. */
    public QueryCheck meanTime(Threshold<Duration> limits) {
        return new QueryCheck(context, limits, top);
    }

    /** This check reporting the {@code count} statements with the largest total time. */
    public QueryCheck top(int count) {
        return new QueryCheck(context, meanTime, count);
    }

    @Override
    QueryReport inspect(Session session) throws SQLException {
        List<Finding> findings = new ArrayList<>();
        String source;
        String sql;
        if (Texts.isOn(session.variable("performance_schema"))) {
            source = "performance_schema";
            sql = "statements-digest";
        } else if (Texts.isOn(session.variable("slow_query_log")) && String.valueOf(session.variable("log_output"))
                .toUpperCase(Locale.ROOT).contains("TABLE")) {
            source = "mysql.slow_log";
            sql = "statements-slow-log";
        } else {
            findings.add(unknown("statement-statistics-unavailable", "no statement statistics: performance_schema"
                    + " is off" + (session.server().isMariaDb() ? " (MariaDB's default)" : "") + " and the slow log"
                    + " is not written to a table (slow_query_log=ON, log_output=TABLE); enable one of them"));
            return new QueryReport(session.server(), "none", List.of(), findings);
        }
        Session.Attempt rows = session.attempt(Sql.load(sql, Map.of("limit", Integer.toString(top))));
        if (!rows.succeeded()) {
            findings.add(unknown("statement-statistics-unavailable", "cannot read " + source + ": "
                    + rows.reason()));
            return new QueryReport(session.server(), source, List.of(), findings);
        }
        List<StatementStats> statements = new ArrayList<>();
        for (Row r : rows.rows()) {
            StatementStats s = new StatementStats(r.text("schema_name"), String.valueOf(r.text("statement")),
                    r.longValue("calls"), seconds(r.doubleValue("total_seconds", 0)),
                    seconds(r.doubleValue("mean_seconds", 0)), r.longValue("rows_examined"));
            statements.add(s);
            Severity severity = Severity.worst(Severity.INFO, meanTime.evaluate(s.mean()));
            findings.add(Finding.of(ID, severity == Severity.INFO ? "top-statement" : "slow-statement",
                            context.target() + (s.schema().isEmpty() ? "" : "/" + s.schema()), severity,
                            s.calls() + " calls, " + Texts.age(s.total()) + " in all, mean " + s.mean().toMillis()
                                    + " ms: " + Texts.statement(s.statement()))
                    .withMeasurements(Measurement.count("calls", s.calls()), Measurement.seconds("total", s.total()),
                            Measurement.seconds("mean", s.mean()), Measurement.count("rows_examined",
                                    s.rowsExamined()))
                    .withDetail("source", source)
                    .withDetail("statement", Texts.statement(s.statement())));
        }
        findings.sort(Comparator.comparing((Finding f) -> -f.severity().rank()));
        return new QueryReport(session.server(), source, statements, findings);
    }

    private static Duration seconds(double s) {
        return Duration.ofMillis(Math.round(s * 1000));
    }
}

package io.maintkit.postgres;

import io.maintkit.core.Check;
import io.maintkit.core.Finding;
import io.maintkit.core.Report;
import io.maintkit.postgres.internal.Row;
import io.maintkit.postgres.internal.Session;
import io.maintkit.postgres.internal.Sql;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * What every PostgreSQL inspection of this package shares: immutable configuration of the session limits, the
 * target's name and the schemas and relations looked at, a verb {@link #inspect()} and {@link #asCheck()}.
 *
 * <p>Each configuration method returns a new instance; an instance is thread-safe and can be reused.
 *
 * @param <S> the concrete inspection
 * @param <R> the report it returns
 */
public abstract class PostgresInspection<S extends PostgresInspection<S, R>, R extends Report> {

    final Context context;

    PostgresInspection(Context context) {
        this.context = context;
    }

    abstract S with(Context changed);

    /** The stable id of the check, e.g. {@code postgres.vacuum}. */
    public abstract String id();

    /**
     * Borrows one connection, looks, and gives the connection back.
     *
     * @throws SQLException when the server cannot be reached or a statement fails in a way that is not a
     *                      missing privilege or extension (those are reported as {@code UNKNOWN} findings)
     */
    public abstract R inspect() throws SQLException;

    /** The activity counters of the tables in scope, from one catalog query (the vacuum and analyze checks). */
    List<Row> tableActivity(Session session) throws SQLException {
        String sql = Sql.load("table-activity", Map.of("ins_since_vacuum",
                session.major() >= 13 ? "s.n_ins_since_vacuum" : "NULL::bigint"));
        String[] schemas = context.scope().schemaArray();
        List<Row> inScope = new ArrayList<>();
        for (Row row : session.query(sql, schemas, schemas)) {
            if (!context.scope().excludes(row.text("nspname"), row.text("relname"))) {
                inScope.add(row);
            }
        }
        return inScope;
    }

    /** The findings worst first, keeping the check's order among equals (e.g. largest first); for the reports. */
    static List<Finding> worstFirst(List<Finding> findings) {
        return findings.stream().sorted(Comparator.comparing((Finding f) -> -f.severity().rank())).toList();
    }

    /** This inspection as a {@link Check}; a failure to connect becomes a result that could not run. */
    public Check asCheck() {
        return Check.of(id(), context.target(), this::inspect);
    }

    /** This inspection with other session limits. */
    public S session(SessionSettings settings) {
        return with(context.withSession(settings));
    }

    /** This inspection with another {@code statement_timeout} (default 5 s). */
    public S statementTimeout(Duration timeout) {
        return with(context.withSession(context.session().withStatementTimeout(timeout)));
    }

    /** This inspection with another {@code lock_timeout} (default 100 ms). */
    public S lockTimeout(Duration timeout) {
        return with(context.withSession(context.session().withLockTimeout(timeout)));
    }

    /**
     * This inspection naming its target so (e.g. {@code db-1/app}) in check results; default {@code postgresql}.
     * Never put credentials here.
     */
    public S target(String name) {
        return with(context.withTarget(name));
    }

    /** This inspection limited to these schemas (default: every non-system schema). */
    public S schemas(String... names) {
        return with(context.withScope(context.scope().withSchemas(names)));
    }

    /**
     * This inspection skipping relations matching these patterns: {@code audit_*} matches a name in any schema,
     * {@code staging.*} every relation of a schema; {@code *} and {@code ?} are wildcards.
     */
    public S exclude(String... patterns) {
        return with(context.withScope(context.scope().excluding(patterns)));
    }
}

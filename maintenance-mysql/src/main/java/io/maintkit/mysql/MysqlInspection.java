package io.maintkit.mysql;

import io.maintkit.core.Check;
import io.maintkit.core.Finding;
import io.maintkit.core.Report;
import io.maintkit.core.Severity;
import io.maintkit.mysql.internal.Session;

import java.sql.SQLException;
import java.time.Duration;

/**
 * What every MariaDB/MySQL inspection of this package shares: immutable configuration of the session limits, the
 * target's name and the schemas and tables looked at, a verb {@link #inspect()} and {@link #asCheck()}.
 *
 * <p>Each configuration method returns a new instance; an instance is thread-safe and can be reused. An
 * inspection borrows one connection per call, reads catalog and status views in a fixed number of statements
 * whatever the number of tables, and changes nothing.
 *
 * @param <S> the concrete inspection
 * @param <R> the report it returns
 */
public abstract class MysqlInspection<S extends MysqlInspection<S, R>, R extends Report> {

    final Context context;

    MysqlInspection(Context context) {
        this.context = context;
    }

    abstract S with(Context changed);

    /** The stable id of the check, e.g. {@code mysql.indexes}. */
    public abstract String id();

    /**
     * Borrows one connection, looks, and gives the connection back.
     *
     * @throws SQLException when the server cannot be reached or the session cannot be prepared; a missing
     *                      privilege or feature is reported as an {@code UNKNOWN} finding instead
     */
    public R inspect() throws SQLException {
        try (Session session = context.open()) {
            return inspect(session);
        }
    }

    abstract R inspect(Session session) throws SQLException;

    /** This inspection as a {@link Check}; a failure to connect becomes a result that could not run. */
    public Check asCheck() {
        return Check.of(id(), context.target(), this::inspect);
    }

    /** This inspection with other session limits. */
    public S session(SessionSettings settings) {
        return with(context.withSession(settings));
    }

    /** This inspection with another statement time limit (default 5 s). */
    public S statementTimeout(Duration timeout) {
        return with(context.withSession(context.session().withStatementTimeout(timeout)));
    }

    /**
     * This inspection naming its target so (e.g. {@code db-1}) in check results and findings; default
     * {@code mysql}. Never put credentials here.
     */
    public S target(String name) {
        return with(context.withTarget(name));
    }

    /** This inspection limited to these schemas (default: every schema but the server's own). */
    public S schemas(String... names) {
        return with(context.withScope(context.scope().withSchemas(names)));
    }

    /**
     * This inspection skipping tables matching these patterns: {@code audit_*} matches a table in any schema,
     * {@code staging.*} every table of a schema; {@code *} and {@code ?} are wildcards.
     */
    public S exclude(String... patterns) {
        return with(context.withScope(context.scope().excluding(patterns)));
    }

    /** An {@code UNKNOWN} finding about the target: this part could not be looked at, and why. */
    Finding unknown(String kind, String why) {
        return Finding.of(id(), kind, context.target(), Severity.UNKNOWN, why);
    }
}

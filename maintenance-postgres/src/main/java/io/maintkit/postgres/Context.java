package io.maintkit.postgres;

import io.maintkit.core.internal.Scope;
import io.maintkit.postgres.internal.Session;

import java.sql.SQLException;
import java.util.Objects;
import javax.sql.DataSource;

/** What every inspection shares: where it connects, how it limits its session, what it names and looks at. */
record Context(DataSource dataSource, SessionSettings session, String target, Scope scope) {

    /** The target named when the host names none. */
    static final String DEFAULT_TARGET = "postgresql";

    Context {
        Objects.requireNonNull(dataSource, "dataSource");
        Objects.requireNonNull(session, "session");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(scope, "scope");
    }

    static Context of(DataSource dataSource) {
        return new Context(dataSource, SessionSettings.DEFAULTS, DEFAULT_TARGET, Scope.ALL);
    }

    Context withSession(SessionSettings s) {
        return new Context(dataSource, s, target, scope);
    }

    Context withTarget(String t) {
        return new Context(dataSource, session, t, scope);
    }

    Context withScope(Scope s) {
        return new Context(dataSource, session, target, s);
    }

    Session open() throws SQLException {
        return Session.open(dataSource, session.statementTimeout(), session.lockTimeout(), session.applicationName());
    }
}

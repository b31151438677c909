package io.maintkit.mysql.internal;

import io.maintkit.core.ActionContext;
import io.maintkit.core.StepResult;
import io.maintkit.core.internal.LockRetry;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Runs one maintenance statement ({@code ALTER TABLE ... FORCE}, {@code OPTIMIZE}, {@code ANALYZE},
 * {@code CHECK}, {@code PURGE BINARY LOGS}) so that it never makes others queue: the session's
 * {@code lock_wait_timeout} is short (1 s by default), so the statement gives up its place in the metadata-lock
 * queue quickly, and it is retried after a pause while the maintenance window (or the caller's longest wait)
 * lasts. Cancelling the execution kills the running statement with {@code KILL QUERY} from a second connection.
 * The session values it changes are put back before the connection is returned.
 */
public final class GuardedStatement {

    private static final int LOCK_WAIT_TIMEOUT = 1205;

    private final DataSource dataSource;
    private final String sql;
    private final long lockWaitSeconds;
    private final Duration retryPause;
    private final Duration longestWait;
    private final boolean writeToBinlog;

    /**
     * @param sql             the statement, identifiers already quoted
     * @param lockWaitSeconds the session's {@code lock_wait_timeout} for each attempt
     * @param retryPause      the pause between attempts that timed out on a lock
     * @param longestWait     how long to keep retrying when no maintenance window bounds it
     * @param writeToBinlog   false to run with {@code sql_log_bin = 0} (needs a binlog-admin privilege)
     */
    public GuardedStatement(DataSource dataSource, String sql, long lockWaitSeconds, Duration retryPause,
                            Duration longestWait, boolean writeToBinlog) {
        this.dataSource = dataSource;
        this.sql = sql;
        this.lockWaitSeconds = lockWaitSeconds;
        this.retryPause = retryPause;
        this.longestWait = longestWait;
        this.writeToBinlog = writeToBinlog;
    }

    /** Runs the statement under {@code context}; throws when it failed, was cancelled or never got its lock. */
    public StepResult run(ActionContext context) throws Exception {
        Clock clock = context.clock();
        Instant giveUp = context.deadline().orElse(clock.instant().plus(longestWait));
        try (Connection c = dataSource.getConnection()) {
            long id;
            String previous;
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                    "SELECT CONNECTION_ID(), @@session.lock_wait_timeout, @@session.sql_log_bin")) {
                rs.next();
                id = rs.getLong(1);
                previous = "SET SESSION lock_wait_timeout = " + rs.getLong(2)
                        + (writeToBinlog ? "" : ", sql_log_bin = " + rs.getLong(3));
            }
            try (Statement st = c.createStatement()) {
                st.execute("SET SESSION lock_wait_timeout = " + lockWaitSeconds
                        + (writeToBinlog ? "" : ", sql_log_bin = 0"));
            }
            try (AutoCloseable kill = context.onCancel(() -> killQuery(id))) {
                return attempts(c, context, giveUp);
            } finally {
                try (Statement st = c.createStatement()) {
                    st.execute(previous);
                }
            }
        }
    }

    private StepResult attempts(Connection c, ActionContext context, Instant giveUp) throws Exception {
        LockRetry.Policy policy = new LockRetry.Policy(e -> e.getErrorCode() == LOCK_WAIT_TIMEOUT,
                Duration.ofSeconds(lockWaitSeconds), Integer.MAX_VALUE, retryPause, retryPause);
        int[] attempts = new int[1];
        try {
            return LockRetry.run(policy, context, Optional.of(giveUp), n -> {
                attempts[0] = n;
                List<String> notes = execute(c);
                return StepResult.of((n == 1 ? "" : "after " + n + " attempts (metadata lock busy); ")
                        + String.join("; ", notes));
            }, (e, n) -> {
                if (policy.lockFailure().test(e)) {
                    context.progress("metadata lock busy: attempt " + n + " gave up after " + lockWaitSeconds
                            + " s; another follows in " + retryPause.toMillis() + " ms while the window lasts");
                }
            });
        } catch (SQLException e) {
            if (policy.lockFailure().test(e)) {
                throw new SQLException("gave up after " + attempts[0] + " attempts: the table's metadata lock"
                        + " stayed busy (a long transaction or DDL holds it)", e.getSQLState(), e.getErrorCode(), e);
            }
            throw e;
        }
    }

    /**
     * Runs the statement; the admin statements ({@code OPTIMIZE}, {@code ANALYZE}, {@code CHECK}) answer with rows
     * whose {@code Msg_type} says whether they worked: an {@code error} row becomes an exception.
     */
    private List<String> execute(Connection c) throws SQLException {
        List<String> notes = new ArrayList<>();
        try (Statement st = c.createStatement()) {
            if (st.execute(sql)) {
                try (ResultSet rs = st.getResultSet()) {
                    while (rs.next()) {
                        String type = String.valueOf(rs.getString("Msg_type")).toLowerCase(Locale.ROOT);
                        String text = String.valueOf(rs.getString("Msg_text"));
                        if (type.equals("error")) {
                            int code = text.toLowerCase(Locale.ROOT).contains("lock wait timeout")
                                    ? LOCK_WAIT_TIMEOUT : 0;
                            throw new SQLException(text, "HY000", code);
                        }
                        notes.add(type + ": " + text);
                    }
                }
            }
            for (SQLWarning w = st.getWarnings(); w != null; w = w.getNextWarning()) {
                notes.add("warning: " + w.getMessage());
            }
        }
        return notes;
    }

    private void killQuery(long id) {
        try (Connection killer = dataSource.getConnection(); Statement st = killer.createStatement()) {
            st.execute("KILL QUERY " + id);
        } catch (SQLException e) {
            // the statement may have ended already; the execution reports the cancellation either way
        }
    }
}

package io.maintkit.mysql.internal;

import io.maintkit.mysql.ServerVersion;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The connection of a retention run, set up for it: time zone UTC, REPEATABLE READ, short
 * {@code innodb_lock_wait_timeout} and {@code lock_wait_timeout}. {@link #restore()} puts the previous values back
 * before the host's connection is returned.
 */
final class RetentionSession {

    private final Connection connection;
    private final String restore;
    private final int isolation;
    private final long connectionId;
    private final ServerVersion server;
    private int queryTimeoutSeconds;

    private RetentionSession(Connection connection, String restore, int isolation, long connectionId,
                             ServerVersion server) {
        this.connection = connection;
        this.server = server;
        this.restore = restore;
        this.isolation = isolation;
        this.connectionId = connectionId;
    }

    /** Sets the connection up, remembering what it had. */
    static RetentionSession prepare(Connection c, long lockWaitSeconds) throws SQLException {
        String restore;
        long id;
        ServerVersion server;
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT CONNECTION_ID(),"
                + " @@session.time_zone, @@session.innodb_lock_wait_timeout, @@session.lock_wait_timeout,"
                + " version(), @@version_comment")) {
            rs.next();
            id = rs.getLong(1);
            server = ServerVersion.parse(rs.getString(5), rs.getString(6));
            restore = "SET SESSION time_zone = " + Identifiers.literal(rs.getString(2))
                    + ", innodb_lock_wait_timeout = " + rs.getLong(3) + ", lock_wait_timeout = " + rs.getLong(4);
        }
        int isolation = c.getTransactionIsolation();
        RetentionSession s = new RetentionSession(c, restore, isolation, id, server);
        s.lockWait(lockWaitSeconds);
        try (Statement st = c.createStatement()) {
            st.execute("SET SESSION time_zone = '+00:00'");
        }
        c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        c.setAutoCommit(true);
        return s;
    }

    /** The time limit of the session's own queries (catalog reads, markers), in whole seconds; 0 for none. */
    void queryTimeout(java.time.Duration limit) {
        queryTimeoutSeconds = (int) Math.min(Integer.MAX_VALUE, Math.max(1, (limit.toMillis() + 999) / 1000));
    }

    /** Sets {@code innodb_lock_wait_timeout} and {@code lock_wait_timeout}. */
    void lockWait(long seconds) throws SQLException {
        try (Statement st = connection.createStatement()) {
            st.execute("SET SESSION innodb_lock_wait_timeout = " + seconds + ", lock_wait_timeout = " + seconds);
        }
    }

    /** Whether the server deletes with {@code RETURNING}: MariaDB 10.0.5 and later. */
    boolean deleteReturns() {
        return server.isMariaDb() && server.atLeast(10, 0, 5);
    }

    Connection connection() {
        return connection;
    }

    long connectionId() {
        return connectionId;
    }

    /** The rows of a query with positional parameters. */
    List<Row> rows(String sql, Object... params) throws SQLException {
        try (PreparedStatement st = prepared(sql, params); ResultSet rs = st.executeQuery()) {
            List<Row> rows = new ArrayList<>();
            while (rs.next()) {
                rows.add(Row.of(rs));
            }
            return rows;
        }
    }

    /** The only row of a query. */
    Row one(String sql, Object... params) throws SQLException {
        List<Row> rows = rows(sql, params);
        if (rows.size() != 1) {
            throw new SQLException("expected one row, got " + rows.size());
        }
        return rows.get(0);
    }

    /** The first row's values as the driver gives them (keys keep their types), or an empty array for no row. */
    Object[] objects(String sql, Object... params) throws SQLException {
        try (PreparedStatement st = prepared(sql, params); ResultSet rs = st.executeQuery()) {
            if (!rs.next()) {
                return new Object[0];
            }
            Object[] values = new Object[rs.getMetaData().getColumnCount()];
            for (int i = 0; i < values.length; i++) {
                values[i] = rs.getObject(i + 1);
            }
            return values;
        }
    }

    /** The first column of the first row, or null. */
    Object object(String sql, Object... params) throws SQLException {
        Object[] values = objects(sql, params);
        return values.length == 0 ? null : values[0];
    }

    /** Runs an update; returns the generated key when there is one, else the count. */
    long update(String sql, Object... params) throws SQLException {
        try (PreparedStatement st = connection.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS)) {
            for (int i = 0; i < params.length; i++) {
                st.setObject(i + 1, params[i]);
            }
            int n = st.executeUpdate();
            try (ResultSet keys = st.getGeneratedKeys()) {
                return keys.next() ? keys.getLong(1) : n;
            }
        }
    }

    /** Runs a statement without parameters. */
    void execute(String sql) throws SQLException {
        try (Statement st = connection.createStatement()) {
            st.execute(sql);
        }
    }

    private PreparedStatement prepared(String sql, Object... params) throws SQLException {
        PreparedStatement st = connection.prepareStatement(sql);
        try {
            st.setQueryTimeout(queryTimeoutSeconds);
            for (int i = 0; i < params.length; i++) {
                st.setObject(i + 1, params[i]);
            }
            return st;
        } catch (SQLException e) {
            st.close();
            throw e;
        }
    }

    /** Puts the session values back. */
    void restore() throws SQLException {
        connection.setAutoCommit(true);
        execute(restore);
        connection.setTransactionIsolation(isolation);
    }
}

package io.maintkit.postgres.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * One borrowed connection for maintenance statements, in autocommit mode (VACUUM cannot run in a transaction
 * block). Its {@code statement_timeout}, {@code lock_timeout} and {@code application_name} are set for the session
 * and put back as they were, with its autocommit mode, when it is returned.
 */
public final class MaintenanceConnection implements AutoCloseable {

    private static final String READ = "SELECT pg_catalog.current_setting('statement_timeout') AS st,"
            + " pg_catalog.current_setting('lock_timeout') AS lt,"
            + " pg_catalog.current_setting('application_name') AS app,"
            + " pg_catalog.pg_backend_pid() AS pid,"
            + " pg_catalog.current_setting('server_version_num')::int AS version_num";
    private static final String SET = "SELECT pg_catalog.set_config('statement_timeout', ?, false),"
            + " pg_catalog.set_config('lock_timeout', ?, false), pg_catalog.set_config('application_name', ?, false)";

    private final Connection connection;
    private final boolean autoCommit;
    private final String statementTimeout;
    private final String lockTimeout;
    private final String applicationName;
    private final int pid;
    private final int versionNum;

    private MaintenanceConnection(Connection connection, String applicationName) throws SQLException {
        this.connection = connection;
        this.autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(true);
        try (PreparedStatement st = connection.prepareStatement(READ); ResultSet rs = st.executeQuery()) {
            rs.next();
            statementTimeout = rs.getString("st");
            lockTimeout = rs.getString("lt");
            this.applicationName = rs.getString("app");
            pid = rs.getInt("pid");
            versionNum = rs.getInt("version_num");
        }
        set(statementTimeout, lockTimeout, applicationName);
    }

    /** Borrows a connection and names it {@code applicationName}. */
    public static MaintenanceConnection open(DataSource dataSource, String applicationName) throws SQLException {
        Connection c = dataSource.getConnection();
        try {
            return new MaintenanceConnection(c, applicationName);
        } catch (SQLException | RuntimeException e) {
            try {
                c.close();
            } catch (SQLException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    private void set(String statement, String lock, String application) throws SQLException {
        try (PreparedStatement st = connection.prepareStatement(SET)) {
            st.setString(1, statement);
            st.setString(2, lock);
            st.setString(3, application);
            st.executeQuery().close();
        }
    }

    /** Sets the limits of the next statements. */
    public void limits(Duration statement, Duration lock) throws SQLException {
        try (PreparedStatement st = connection.prepareStatement(
                "SELECT pg_catalog.set_config('statement_timeout', ?, false),"
                        + " pg_catalog.set_config('lock_timeout', ?, false)")) {
            st.setString(1, Math.max(1, statement.toMillis()) + "ms");
            st.setString(2, Math.max(1, lock.toMillis()) + "ms");
            st.executeQuery().close();
        }
    }

    /** The JDBC connection. */
    public Connection connection() {
        return connection;
    }

    /** The server process serving this connection. */
    public int pid() {
        return pid;
    }

    /** The server's major version. */
    public int major() {
        return versionNum / 10000;
    }

    /** Runs a query with positional parameters. */
    public List<Row> query(String sql, Object... params) throws SQLException {
        try (PreparedStatement st = connection.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                st.setObject(i + 1, params[i]);
            }
            List<Row> rows = new ArrayList<>();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    rows.add(Row.of(rs));
                }
            }
            return rows;
        }
    }

    /** Puts the settings back and returns the connection; a broken connection is only closed. */
    @Override
    public void close() throws SQLException {
        try {
            if (!connection.isClosed() && connection.isValid(2)) {
                if (!connection.getAutoCommit()) {
                    connection.rollback();
                }
                set(statementTimeout, lockTimeout, applicationName);
                connection.setAutoCommit(autoCommit);
            }
        } finally {
            connection.close();
        }
    }
}

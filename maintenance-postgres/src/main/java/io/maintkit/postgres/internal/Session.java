package io.maintkit.postgres.internal;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * One borrowed connection for one verb: a read-only transaction with its own {@code statement_timeout},
 * {@code lock_timeout} and {@code application_name} set locally, rolled back and returned at the end, so the
 * host's pooled connection comes back as it was lent.
 */
public final class Session implements AutoCloseable {

    private final Connection connection;
    private final boolean autoCommit;
    private final boolean readOnly;
    private final int versionNum;
    private final String database;
    private final boolean superuser;
    private final boolean readsAllStats;

    private Session(Connection connection, Duration statementTimeout, Duration lockTimeout, String applicationName)
            throws SQLException {
        this.connection = connection;
        this.autoCommit = connection.getAutoCommit();
        this.readOnly = connection.isReadOnly();
        connection.setReadOnly(true);
        connection.setAutoCommit(false);
        try (PreparedStatement st = connection.prepareStatement(Statements.SESSION_START)) {
            st.setString(1, millis(statementTimeout));
            st.setString(2, millis(lockTimeout));
            st.setString(3, applicationName);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                versionNum = rs.getInt("version_num");
                database = rs.getString("database");
                superuser = rs.getBoolean("superuser");
                readsAllStats = rs.getBoolean("reads_all_stats");
            }
        }
    }

    /** Borrows a connection from {@code dataSource} and prepares it for a read-only inspection. */
    public static Session open(DataSource dataSource, Duration statementTimeout, Duration lockTimeout,
                               String applicationName) throws SQLException {
        Connection c = dataSource.getConnection();
        try {
            return new Session(c, statementTimeout, lockTimeout, applicationName);
        } catch (SQLException | RuntimeException e) {
            try {
                c.close();
            } catch (SQLException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    private static String millis(Duration d) {
        return d.toMillis() + "ms";
    }

    /** The server's {@code server_version_num}, e.g. 170004. */
    public int versionNum() {
        return versionNum;
    }

    /** The server's major version, e.g. 17. */
    public int major() {
        return versionNum / 10000;
    }

    /** The current database's name. */
    public String database() {
        return database;
    }

    /** Whether the session user is a superuser. */
    public boolean superuser() {
        return superuser;
    }

    /** Whether the session can see every session's and statement's details (superuser or pg_read_all_stats). */
    public boolean readsAllStats() {
        return superuser || readsAllStats;
    }

    /** Runs a query with positional parameters ({@code String[]} is sent as {@code text[]}, {@code long[]} as {@code oid[]}). */
    public List<Row> query(String sql, Object... params) throws SQLException {
        try (PreparedStatement st = connection.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                Object p = params[i];
                if (p instanceof String[] texts) {
                    Array a = connection.createArrayOf("text", texts);
                    st.setArray(i + 1, a);
                } else if (p instanceof long[] oids) {
                    Long[] boxed = new Long[oids.length];
                    for (int j = 0; j < oids.length; j++) {
                        boxed[j] = oids[j];
                    }
                    st.setArray(i + 1, connection.createArrayOf("oid", boxed));
                } else {
                    st.setObject(i + 1, p);
                }
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

    /** The only row of a query. */
    public Row one(String sql, Object... params) throws SQLException {
        List<Row> rows = query(sql, params);
        if (rows.size() != 1) {
            throw new SQLException("expected one row, got " + rows.size());
        }
        return rows.get(0);
    }

    /**
     * Runs a query inside a savepoint, so that a failure (a missing privilege, a missing function) leaves the
     * transaction usable for the next query. Returns the failure instead of throwing it.
     */
    public Attempt attempt(String sql, Object... params) throws SQLException {
        var savepoint = connection.setSavepoint();
        try {
            List<Row> rows = query(sql, params);
            connection.releaseSavepoint(savepoint);
            return new Attempt(rows, null);
        } catch (SQLException e) {
            if (isConnectionFailure(e)) {
                throw e;
            }
            connection.rollback(savepoint);
            return new Attempt(List.of(), e);
        }
    }

    private static boolean isConnectionFailure(SQLException e) {
        String state = e.getSQLState();
        return state != null && state.startsWith("08");
    }

    /** Ends the read-only transaction and gives the connection back in the state it was lent. */
    @Override
    public void close() throws SQLException {
        try {
            connection.rollback();
            connection.setAutoCommit(autoCommit);
            connection.setReadOnly(readOnly);
        } finally {
            connection.close();
        }
    }

    /**
     * The outcome of {@link #attempt}.
     *
     * @param rows    the rows, empty on failure
     * @param failure the failure, or null
     */
    public record Attempt(List<Row> rows, SQLException failure) {
        /** Whether the query ran. */
        public boolean succeeded() {
            return failure == null;
        }

        /** The failure's message, first line only. */
        public String reason() {
            String m = failure == null ? "" : String.valueOf(failure.getMessage());
            int nl = m.indexOf('\n');
            return nl < 0 ? m : m.substring(0, nl);
        }
    }
}

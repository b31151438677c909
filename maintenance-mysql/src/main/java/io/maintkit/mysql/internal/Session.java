package io.maintkit.mysql.internal;

import io.maintkit.mysql.ServerVersion;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.sql.DataSource;

/**
 * One borrowed connection for one verb, read-only, with its own statement time limit ({@code max_statement_time}
 * on MariaDB, {@code max_execution_time} on MySQL), {@code lock_wait_timeout} and
 * {@code innodb_lock_wait_timeout}, and on MySQL 8 {@code information_schema_stats_expiry = 0} so sizes are
 * current. The previous session values are read first and put back before the connection is returned, so the
 * host's pooled connection comes back as it was lent.
 */
public final class Session implements AutoCloseable {

    private final Connection connection;
    private final ServerVersion server;
    private final String restore;
    private Map<String, String> variables;
    private Map<String, String> status;
    private int statements;

    private Session(Connection connection, Duration statementTimeout, long lockTimeoutSeconds) throws SQLException {
        this.connection = connection;
        Row first = one("SELECT version() AS version, @@version_comment AS version_comment,"
                + " @@session.lock_wait_timeout AS lwt, @@session.innodb_lock_wait_timeout AS ilwt");
        this.server = ServerVersion.parse(first.text("version"), first.text("version_comment"));
        String limitVariable = server.isMariaDb() ? "max_statement_time" : "max_execution_time";
        String readOnlyVariable = server.isMariaDb() && !server.atLeast(11, 1, 0) ? "tx_read_only"
                : "transaction_read_only";
        boolean statsExpiry = !server.isMariaDb() && server.atLeast(8, 0, 3);
        Row previous = one("SELECT @@session." + limitVariable + " AS lim, @@session." + readOnlyVariable + " AS ro"
                + (statsExpiry ? ", @@session.information_schema_stats_expiry AS ise" : ""));
        String limit = server.isMariaDb() ? String.format(Locale.ROOT, "%.3f", statementTimeout.toMillis() / 1000.0)
                : Long.toString(statementTimeout.toMillis());
        StringBuilder set = new StringBuilder("SET SESSION ").append(limitVariable).append(" = ").append(limit)
                .append(", lock_wait_timeout = ").append(lockTimeoutSeconds)
                .append(", innodb_lock_wait_timeout = ").append(lockTimeoutSeconds);
        StringBuilder back = new StringBuilder("SET SESSION ").append(limitVariable).append(" = ")
                .append(number(previous.text("lim")))
                .append(", lock_wait_timeout = ").append(number(first.text("lwt")))
                .append(", innodb_lock_wait_timeout = ").append(number(first.text("ilwt")));
        if (statsExpiry) {
            set.append(", information_schema_stats_expiry = 0");
            back.append(", information_schema_stats_expiry = ").append(number(previous.text("ise")));
        }
        execute(set.toString());
        execute("SET SESSION TRANSACTION READ ONLY");
        this.restore = back + ";" + (previous.flag("ro") ? "" : "SET SESSION TRANSACTION READ WRITE");
    }

    /** Borrows a connection from {@code dataSource} and prepares it for a read-only inspection. */
    public static Session open(DataSource dataSource, Duration statementTimeout, long lockTimeoutSeconds)
            throws SQLException {
        Connection c = dataSource.getConnection();
        try {
            return new Session(c, statementTimeout, lockTimeoutSeconds);
        } catch (SQLException | RuntimeException e) {
            try {
                c.close();
            } catch (SQLException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /** A value read back from the server, checked to be a plain number before it goes into a statement. */
    private static String number(String value) {
        if (value == null || !value.matches("[0-9]+(\\.[0-9]+)?")) {
            throw new IllegalStateException("unexpected session value " + value);
        }
        return value;
    }

    private void execute(String sql) throws SQLException {
        try (Statement st = connection.createStatement()) {
            statements++;
            st.execute(sql);
        }
    }

    /** The server's flavour and version. */
    public ServerVersion server() {
        return server;
    }

    /** How many statements this session has sent, its own set-up and restore included. */
    public int statements() {
        return statements;
    }

    /** Runs a query with positional parameters. */
    public List<Row> query(String sql, Object... params) throws SQLException {
        try (PreparedStatement st = connection.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                st.setObject(i + 1, params[i]);
            }
            statements++;
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
     * Runs a query and returns a failure (a missing privilege, a missing table or plugin, a statement over its
     * time limit) instead of throwing it; a lost connection is still thrown.
     */
    public Attempt attempt(String sql, Object... params) throws SQLException {
        try {
            return new Attempt(query(sql, params), null);
        } catch (SQLException e) {
            if (isConnectionFailure(e)) {
                throw e;
            }
            return new Attempt(List.of(), e);
        }
    }

    private static boolean isConnectionFailure(SQLException e) {
        String state = e.getSQLState();
        return e instanceof SQLNonTransientConnectionException || state != null && state.startsWith("08");
    }

    /** The server's global variables ({@code SHOW GLOBAL VARIABLES}, read once per session), names lower-case. */
    public Map<String, String> variables() throws SQLException {
        if (variables == null) {
            variables = nameValues("SHOW GLOBAL VARIABLES");
        }
        return variables;
    }

    /** The server's global status counters ({@code SHOW GLOBAL STATUS}, read once per session), names lower-case. */
    public Map<String, String> status() throws SQLException {
        if (status == null) {
            status = nameValues("SHOW GLOBAL STATUS");
        }
        return status;
    }

    /** A global variable, or null when the server has none of that name. */
    public String variable(String name) throws SQLException {
        return variables().get(name.toLowerCase(Locale.ROOT));
    }

    /** A global status counter as a number; {@code otherwise} when absent. */
    public long statusValue(String name, long otherwise) throws SQLException {
        String v = status().get(name.toLowerCase(Locale.ROOT));
        try {
            return v == null ? otherwise : Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }

    private Map<String, String> nameValues(String sql) throws SQLException {
        Map<String, String> values = new HashMap<>();
        for (Row r : query("/* maintkit */ " + sql)) {
            values.put(r.text("Variable_name").toLowerCase(Locale.ROOT), r.text("Value"));
        }
        return values;
    }

    /** Puts the session values back and gives the connection back. */
    @Override
    public void close() throws SQLException {
        try {
            for (String sql : restore.split(";")) {
                if (!sql.isEmpty()) {
                    execute(sql);
                }
            }
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

        /** Whether it failed for a missing privilege (errors 1044, 1142, 1143, 1227, 1370). */
        public boolean deniedPrivilege() {
            if (failure == null) {
                return false;
            }
            int code = failure.getErrorCode();
            return code == 1044 || code == 1142 || code == 1143 || code == 1227 || code == 1370;
        }

        /** The failure's message, first line only. */
        public String reason() {
            return failure == null ? "" : Texts.firstLine(failure.getMessage());
        }
    }
}

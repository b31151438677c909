package io.maintkit.postgres;

import io.maintkit.core.ExecutionLock;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * A fleet lock held as a PostgreSQL session-level advisory lock: {@code pg_try_advisory_lock(bigint)} on a
 * connection borrowed from the data source for the whole time the lock is held. Closing the attempt runs
 * {@code pg_advisory_unlock} and gives the connection back; if the holder dies or its connection breaks, the server
 * releases the lock with the session.
 *
 * <pre>{@code
 * plan.execute(ExecutionOptions.defaults().lock(PostgresAdvisoryLock.on(dataSource)).owner("web-2"));
 * }</pre>
 *
 * <p>The key is {@link #key(String, String)}: the first 8 bytes (big-endian, signed) of the SHA-256 of the
 * namespace, a NUL and the lock's name, both UTF-8; the namespace defaults to {@value #DEFAULT_NAMESPACE}. Every
 * node computes the same key for the same name on any JVM, and another application's advisory locks are told apart
 * by the namespace. Advisory locks are per database: the nodes must connect to the same one.
 *
 * <p>While it holds the lock, the connection's {@code application_name} is {@code maintkit lock <owner>} (cut to
 * the server's 63 bytes), so a refused node names the holder from {@code pg_locks} and {@code pg_stat_activity}:
 * owner, backend pid, client address and since when the backend runs. The server keeps printable ASCII only in an
 * application name: other characters of the owner show as it escapes them ({@code \xc5\x93} since PostgreSQL 16,
 * {@code ?} before). Every statement runs under this lock's
 * statement and lock timeouts; settings are reset before the connection goes back to a pool.
 */
public final class PostgresAdvisoryLock implements ExecutionLock {

    /** The default namespace of keys: {@code maintkit}. */
    public static final String DEFAULT_NAMESPACE = "maintkit";
    /** The default timeout of every statement this lock runs: 5 s. */
    public static final Duration DEFAULT_STATEMENT_TIMEOUT = Duration.ofSeconds(5);
    /** The default lock timeout of every statement this lock runs: 1 s. */
    public static final Duration DEFAULT_LOCK_TIMEOUT = Duration.ofSeconds(1);

    static final String APPLICATION_PREFIX = "maintkit lock ";

    private static final String HOLDER = """
            SELECT a.application_name, a.pid, host(a.client_addr), a.backend_start
              FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
             WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
               AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
               AND ((l.classid::bigint << 32) | l.objid::bigint) = ?
            """;

    private final DataSource dataSource;
    private final String namespace;
    private final Duration statementTimeout;
    private final Duration lockTimeout;

    private PostgresAdvisoryLock(DataSource dataSource, String namespace, Duration statementTimeout,
            Duration lockTimeout) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.namespace = Objects.requireNonNull(namespace, "namespace");
        this.statementTimeout = positive(statementTimeout, "statementTimeout");
        this.lockTimeout = positive(lockTimeout, "lockTimeout");
    }

    /**
     * A lock over the database {@code dataSource} connects to, with the default namespace and timeouts.
     *
     * @param dataSource where to borrow the connection that holds the lock
     * @return the lock
     */
    public static PostgresAdvisoryLock on(DataSource dataSource) {
        return new PostgresAdvisoryLock(dataSource, DEFAULT_NAMESPACE, DEFAULT_STATEMENT_TIMEOUT,
                DEFAULT_LOCK_TIMEOUT);
    }

    /**
     * This lock with keys in another namespace: nodes share a lock only when they share the namespace.
     *
     * @param keyNamespace the namespace hashed with every name
     * @return a new lock
     */
    public PostgresAdvisoryLock namespace(String keyNamespace) {
        return new PostgresAdvisoryLock(dataSource, keyNamespace, statementTimeout, lockTimeout);
    }

    /**
     * This lock with other timeouts for its statements.
     *
     * @param statement the longest any one statement may run
     * @param lock      the longest a statement may wait for a lock
     * @return a new lock
     */
    public PostgresAdvisoryLock timeouts(Duration statement, Duration lock) {
        return new PostgresAdvisoryLock(dataSource, namespace, statement, lock);
    }

    /**
     * The advisory lock key of a name: the first 8 bytes of SHA-256(namespace, NUL, name), UTF-8, big-endian.
     *
     * @param keyNamespace the namespace
     * @param name         the lock's name
     * @return the key {@code pg_try_advisory_lock(bigint)} takes
     */
    public static long key(String keyNamespace, String name) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(keyNamespace.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(name.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(sha.digest()).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    @Override
    public Attempt tryLock(String name, String owner) throws SQLException {
        long key = key(namespace, name);
        Connection connection = dataSource.getConnection();
        try {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(true);
            configure(connection, APPLICATION_PREFIX + owner);
            if (taken(connection, key)) {
                return Attempt.acquired(() -> release(connection, key, autoCommit));
            }
            String holder = holder(connection, key);
            giveBack(connection, autoCommit);
            return Attempt.heldBy(holder);
        } catch (SQLException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    private void configure(Connection connection, String applicationName) throws SQLException {
        try (PreparedStatement st = connection.prepareStatement("SELECT set_config('statement_timeout', ?, false),"
                + " set_config('lock_timeout', ?, false), set_config('application_name', ?, false)")) {
            st.setString(1, statementTimeout.toMillis() + "ms");
            st.setString(2, lockTimeout.toMillis() + "ms");
            st.setString(3, applicationName);
            st.execute();
        }
    }

    private static boolean taken(Connection connection, long key) throws SQLException {
        try (PreparedStatement st = connection.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
            st.setLong(1, key);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    private static String holder(Connection connection, long key) throws SQLException {
        try (PreparedStatement st = connection.prepareStatement(HOLDER)) {
            st.setLong(1, key);
            try (ResultSet rs = st.executeQuery()) {
                if (!rs.next()) {
                    return "a session that has just released it";
                }
                String application = Objects.requireNonNullElse(rs.getString(1), "");
                String owner = application.startsWith(APPLICATION_PREFIX)
                        ? application.substring(APPLICATION_PREFIX.length())
                        : "application '" + application + "'";
                String address = rs.getString(3);
                Timestamp since = rs.getTimestamp(4);
                return owner + " (backend pid " + rs.getInt(2)
                        + (address == null ? "" : " from " + address)
                        + (since == null ? "" : ", connected since " + since.toInstant()) + ")";
            }
        }
    }

    private static void release(Connection connection, long key, boolean autoCommit) throws SQLException {
        try (connection) {
            try (PreparedStatement st = connection.prepareStatement("SELECT pg_advisory_unlock(?)")) {
                st.setLong(1, key);
                st.execute();
            }
            reset(connection, autoCommit);
        }
    }

    private static void giveBack(Connection connection, boolean autoCommit) throws SQLException {
        try (connection) {
            reset(connection, autoCommit);
        }
    }

    private static void reset(Connection connection, boolean autoCommit) throws SQLException {
        try (Statement st = connection.createStatement()) {
            st.execute("RESET statement_timeout; RESET lock_timeout; RESET application_name");
        }
        connection.setAutoCommit(autoCommit);
    }

    private static Duration positive(Duration d, String what) {
        Objects.requireNonNull(d, what);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " must be positive");
        }
        return d;
    }

    @Override
    public String toString() {
        return "PostgresAdvisoryLock[namespace=" + namespace + "]";
    }
}

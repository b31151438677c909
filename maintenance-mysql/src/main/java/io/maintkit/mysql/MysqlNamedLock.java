package io.maintkit.mysql;

import io.maintkit.core.ExecutionLock;
import io.maintkit.mysql.internal.Row;
import io.maintkit.mysql.internal.Session;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * A fleet lock held as a MariaDB/MySQL user-level lock: {@code GET_LOCK(name, 0)} on a connection borrowed from the
 * data source for the whole time the lock is held; closing the attempt runs {@code RELEASE_LOCK} and gives the
 * connection back. If the holder dies or its connection is killed, the server releases the lock with the session.
 *
 * <pre>{@code
 * plan.execute(ExecutionOptions.defaults().lock(MysqlNamedLock.on(dataSource)).owner("web-2"));
 * }</pre>
 *
 * <p>User-level locks are server-wide (not per database). The server's lock name is {@link #lockName(String)}: the
 * name itself when it has at most 64 characters (the servers' limit), otherwise {@code sha256:} and the first 57
 * hexadecimal digits of the SHA-256 of the name's UTF-8 bytes. A refused node names the holder from
 * {@code IS_USED_LOCK} and the process list: connection id, account, client host and for how long the connection
 * has been idle (or running its current command). Neither MariaDB nor MySQL lets one session read another's
 * variables portably, so the holder's {@code owner} is not part of it; the connection id is what {@code KILL}
 * takes. The connection keeps the module's session limits ({@link SessionSettings#DEFAULTS}) while it holds the
 * lock, and gets its previous values back.
 */
public final class MysqlNamedLock implements ExecutionLock {

    /** The longest lock name the servers take, in characters: 64. */
    public static final int MAX_NAME_LENGTH = 64;

    private static final String HASHED_PREFIX = "sha256:";

    private final DataSource dataSource;
    private final SessionSettings settings;

    private MysqlNamedLock(DataSource dataSource, SessionSettings settings) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /**
     * A lock on the server {@code dataSource} connects to, with the default session limits.
     *
     * @param dataSource where to borrow the connection that holds the lock
     * @return the lock
     */
    public static MysqlNamedLock on(DataSource dataSource) {
        return new MysqlNamedLock(dataSource, SessionSettings.DEFAULTS);
    }

    /**
     * This lock with other session limits for the connection that holds it.
     *
     * @param sessionSettings the statement time limit and lock wait timeout
     * @return a new lock
     */
    public MysqlNamedLock session(SessionSettings sessionSettings) {
        return new MysqlNamedLock(dataSource, sessionSettings);
    }

    /**
     * The name the server locks for a lock's name.
     *
     * @param name the lock's name
     * @return the name itself up to 64 characters, else {@code sha256:} and 57 hexadecimal digits
     */
    public static String lockName(String name) {
        if (name.codePointCount(0, name.length()) <= MAX_NAME_LENGTH) {
            return name;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
            return (HASHED_PREFIX + HexFormat.of().formatHex(digest)).substring(0, MAX_NAME_LENGTH);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    @Override
    public Attempt tryLock(String name, String owner) throws SQLException {
        String lockName = lockName(name);
        Session session = Session.open(dataSource, settings.statementTimeout(), settings.lockTimeoutSeconds());
        try {
            if (session.one("SELECT GET_LOCK(?, 0) AS taken", lockName).longValue("taken", 0) == 1) {
                return Attempt.acquired(() -> release(session, lockName));
            }
            String holder = holder(session, lockName);
            session.close();
            return Attempt.heldBy(holder);
        } catch (SQLException | RuntimeException e) {
            try {
                session.close();
            } catch (SQLException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    private static String holder(Session session, String lockName) throws SQLException {
        Row used = session.one("SELECT IS_USED_LOCK(?) AS id", lockName);
        if (used.isNull("id")) {
            return "a session that has just released it";
        }
        long id = used.longValue("id");
        List<Row> process = session.query("SELECT USER AS account, HOST AS client, COMMAND AS command,"
                + " TIME AS seconds FROM information_schema.PROCESSLIST WHERE ID = ?", id);
        if (process.isEmpty()) {
            return "connection " + id;
        }
        Row p = process.get(0);
        String command = p.text("command");
        return "connection " + id + " (" + p.text("account") + "@" + p.text("client") + ", "
                + ("Sleep".equalsIgnoreCase(command) ? "idle" : command) + " for " + p.longValue("seconds", 0)
                + " s)";
    }

    private static void release(Session session, String lockName) throws SQLException {
        try (session) {
            session.one("SELECT RELEASE_LOCK(?) AS released", lockName);
        }
    }

    @Override
    public String toString() {
        return "MysqlNamedLock";
    }
}

package io.maintkit.backup;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The immutable configuration every scratch restore test shares, whatever its engine: the client tool, where the
 * client connects, the credentials, the expectations, the time limit and the clock. Each method returns a new
 * instance. An engine's restore test ({@code PostgresRestoreTest}, {@code MysqlRestoreTest}) holds one and hands it
 * to {@link ScratchRestore#run}. Never printed: {@link #toString()} leaves the password out.
 */
public final class RestoreSettings {

    private final Path tool;
    private final String host;
    private final int port;
    private final String user;
    private final char[] password;
    private final Path passwordFile;
    private final List<Expectation> expectations;
    private final Duration timeout;
    private final Clock clock;

    /**
     * One expectation about the restored database.
     *
     * @param schema  the table's schema; null for the scratch schema itself (MariaDB/MySQL)
     * @param table   the table, or null for a SQL assertion
     * @param minRows the fewest rows the table must hold; 0 for presence only
     * @param sql     a query that must return a single {@code true}, or null for a table expectation
     */
    record Expectation(String schema, String table, long minRows, String sql) {
        String describe() {
            if (sql != null) {
                return "true: " + sql;
            }
            return "table " + (schema == null ? "" : schema + ".") + table + (minRows > 0 ? " has at least "
                    + minRows + " row" + (minRows == 1 ? "" : "s") : " exists");
        }
    }

    private RestoreSettings(Path tool, String host, int port, String user, char[] password, Path passwordFile,
                            List<Expectation> expectations, Duration timeout, Clock clock) {
        this.tool = tool;
        this.host = host;
        this.port = port;
        this.user = user;
        this.password = password;
        this.passwordFile = passwordFile;
        this.expectations = List.copyOf(expectations);
        this.timeout = timeout;
        this.clock = clock;
    }

    /** No client, no connection, no expectation, the UTC clock, and {@code timeout} for the restore. */
    public static RestoreSettings defaults(Duration timeout) {
        return new RestoreSettings(null, null, 0, null, null, null, List.of(), positive(timeout), Clock.systemUTC());
    }

    /** Uses this client executable instead of looking it up on the {@code PATH}. */
    public RestoreSettings withTool(Path executable) {
        return new RestoreSettings(Objects.requireNonNull(executable, "executable"), host, port, user, password,
                passwordFile, expectations, timeout, clock);
    }

    /** Where the client connects: the server's host and port, and the user it logs in as. */
    public RestoreSettings withConnection(String serverHost, int serverPort, String serverUser) {
        if (serverPort <= 0 || serverPort > 65535) {
            throw new IllegalArgumentException("not a TCP port: " + serverPort);
        }
        return new RestoreSettings(tool, Objects.requireNonNull(serverHost, "serverHost"), serverPort,
                Objects.requireNonNull(serverUser, "serverUser"), password, passwordFile, expectations, timeout, clock);
    }

    /** The client's password; copied, never printed. */
    public RestoreSettings withPassword(char[] secret) {
        return new RestoreSettings(tool, host, port, user, secret.clone(), passwordFile, expectations, timeout, clock);
    }

    /** A file of credentials for the client, in the client's own format. */
    public RestoreSettings withPasswordFile(Path file) {
        return new RestoreSettings(tool, host, port, user, password, Objects.requireNonNull(file, "file"),
                expectations, timeout, clock);
    }

    /** Expects the table {@code schema.table} ({@code schema} null: in the scratch schema itself). */
    public RestoreSettings withTable(String schema, String table) {
        return with(new Expectation(schema, Objects.requireNonNull(table, "table"), 0, null));
    }

    /** Expects the table of the last {@link #withTable} to hold at least {@code rows} rows. */
    public RestoreSettings withMinRows(long rows) {
        if (rows < 0) {
            throw new IllegalArgumentException("rows must not be negative, was " + rows);
        }
        if (expectations.isEmpty() || expectations.get(expectations.size() - 1).sql() != null) {
            throw new IllegalStateException("minRows applies to the table of expectTable; call expectTable first");
        }
        List<Expectation> all = new ArrayList<>(expectations);
        Expectation last = all.remove(all.size() - 1);
        all.add(new Expectation(last.schema(), last.table(), rows, null));
        return new RestoreSettings(tool, host, port, user, password, passwordFile, all, timeout, clock);
    }

    /** Expects {@code sql}, run in the restored database, to return a single {@code true}. */
    public RestoreSettings withTrue(String sql) {
        return with(new Expectation(null, null, 0, Objects.requireNonNull(sql, "sql")));
    }

    /** How long the restore may take. */
    public RestoreSettings withTimeout(Duration limit) {
        return new RestoreSettings(tool, host, port, user, password, passwordFile, expectations, positive(limit),
                clock);
    }

    /** The clock that names scratch databases. */
    public RestoreSettings withClock(Clock now) {
        return new RestoreSettings(tool, host, port, user, password, passwordFile, expectations, timeout,
                Objects.requireNonNull(now, "now"));
    }

    /** The configured client executable, if one was set. */
    public Optional<Path> tool() {
        return Optional.ofNullable(tool);
    }

    /** The server's host the client connects to; null until {@link #withConnection} was called. */
    public String host() {
        return host;
    }

    /** The server's port the client connects to; 0 until {@link #withConnection} was called. */
    public int port() {
        return port;
    }

    /** The user the client logs in as; null until {@link #withConnection} was called. */
    public String user() {
        return user;
    }

    /** A copy of the client's password, if one was set; the caller clears it after use. */
    public Optional<char[]> password() {
        return Optional.ofNullable(password).map(char[]::clone);
    }

    /** The client's credentials file, if one was set. */
    public Optional<Path> passwordFile() {
        return Optional.ofNullable(passwordFile);
    }

    /** How long the restore may take. */
    public Duration timeout() {
        return timeout;
    }

    /** The clock that names scratch databases. */
    public Clock clock() {
        return clock;
    }

    List<Expectation> expectations() {
        return expectations;
    }

    /** What is missing before a restore can start, as one message naming every missing part. */
    Optional<String> missing() {
        return host == null ? Optional.of("missing configuration: connection(host, port, user), where the client"
                + " connects") : Optional.empty();
    }

    /** The expectations as one phrase, e.g. {@code table public.orders has at least 1 row}. */
    public String describeExpectations() {
        return expectations.isEmpty() ? "a clean restore"
                : String.join(", ", expectations.stream().map(Expectation::describe).toList());
    }

    private RestoreSettings with(Expectation e) {
        List<Expectation> all = new ArrayList<>(expectations);
        all.add(e);
        return new RestoreSettings(tool, host, port, user, password, passwordFile, all, timeout, clock);
    }

    private static Duration positive(Duration limit) {
        if (limit.isNegative() || limit.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, was " + limit);
        }
        return limit;
    }

    /** The expectations and the connection, never the password. */
    @Override
    public String toString() {
        return "RestoreSettings[" + (host == null ? "" : user + "@" + host + ":" + port + ", ")
                + describeExpectations() + (password != null ? ", password set" : "") + "]";
    }
}

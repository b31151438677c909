package io.maintkit.backup;

import io.maintkit.backup.internal.Executables;
import io.maintkit.backup.internal.ToolRun;
import io.maintkit.core.internal.Failures;

import java.io.InputStream;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import javax.sql.DataSource;

/**
 * Restores a PostgreSQL custom-format archive with {@code pg_restore} into a scratch database named
 * {@code maintkit_restore_<time>_<random>}, checks the expectations in it, and drops it (also when the restore
 * fails).
 *
 * <pre>{@code
 * RestoreTest test = RestoreTest.postgres(adminDataSource)
 *         .expectTable("public", "orders").minRows(1)
 *         .expectTrue("SELECT max(created_at) > now() - interval '2 days' FROM public.orders");
 * }</pre>
 *
 * <p>The admin data source creates and drops the scratch database; {@code pg_restore} and the expectations connect
 * to the same server (host, port and user as the data source reports them, unless {@link #connection} says
 * otherwise). A password goes to {@code pg_restore} through {@code PGPASSWORD} or a password file, never the command
 * line. The expectations connect through {@link DriverManager}, so the host's PostgreSQL JDBC driver must be on the
 * class path.
 */
public final class PostgresRestoreTest implements RestoreTest {

    /** How long a restore may take by default. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofHours(2);
    /** The prefix of every scratch database's name. */
    public static final String SCRATCH_PREFIX = "maintkit_restore_";

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss")
            .withZone(ZoneOffset.UTC);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final DataSource admin;
    private final Path pgRestore;
    private final String host;
    private final Integer port;
    private final String user;
    private final char[] password;
    private final Path passwordFile;
    private final List<Expectation> expectations;
    private final Duration timeout;
    private final Clock clock;

    private record Expectation(String schema, String table, long minRows, String sql) {
        String describe() {
            if (sql != null) {
                return "true: " + sql;
            }
            return "table " + schema + "." + table + (minRows > 0 ? " has at least " + minRows + " row"
                    + (minRows == 1 ? "" : "s") : " exists");
        }
    }

    private PostgresRestoreTest(DataSource admin, Path pgRestore, String host, Integer port, String user,
                                char[] password, Path passwordFile, List<Expectation> expectations, Duration timeout,
                                Clock clock) {
        this.admin = admin;
        this.pgRestore = pgRestore;
        this.host = host;
        this.port = port;
        this.user = user;
        this.password = password;
        this.passwordFile = passwordFile;
        this.expectations = List.copyOf(expectations);
        this.timeout = timeout;
        this.clock = clock;
    }

    static PostgresRestoreTest create(DataSource admin) {
        return new PostgresRestoreTest(Objects.requireNonNull(admin, "admin"), null, null, null, null, null, null,
                List.of(), DEFAULT_TIMEOUT, Clock.systemUTC());
    }

    /** Uses this {@code pg_restore}; by default the first on the {@code PATH}. */
    public PostgresRestoreTest pgRestore(Path executable) {
        return new PostgresRestoreTest(admin, Objects.requireNonNull(executable, "executable"), host, port, user,
                password, passwordFile, expectations, timeout, clock);
    }

    /** Connects {@code pg_restore} and the expectations to this host, port and user instead of the data source's. */
    public PostgresRestoreTest connection(String serverHost, int serverPort, String serverUser) {
        return new PostgresRestoreTest(admin, pgRestore, Objects.requireNonNull(serverHost, "serverHost"), serverPort,
                Objects.requireNonNull(serverUser, "serverUser"), password, passwordFile, expectations, timeout, clock);
    }

    /** The user's password, handed to {@code pg_restore} as {@code PGPASSWORD}; copied, never printed. */
    public PostgresRestoreTest password(char[] secret) {
        return new PostgresRestoreTest(admin, pgRestore, host, port, user, secret.clone(), passwordFile,
                expectations, timeout, clock);
    }

    /** A {@code .pgpass} file for {@code pg_restore} ({@code PGPASSFILE}). */
    public PostgresRestoreTest passwordFile(Path file) {
        return new PostgresRestoreTest(admin, pgRestore, host, port, user, password,
                Objects.requireNonNull(file, "file"), expectations, timeout, clock);
    }

    /** Expects the restored database to hold the table {@code schema.table}. */
    public PostgresRestoreTest expectTable(String schema, String table) {
        List<Expectation> all = new ArrayList<>(expectations);
        all.add(new Expectation(Objects.requireNonNull(schema, "schema"), Objects.requireNonNull(table, "table"), 0,
                null));
        return new PostgresRestoreTest(admin, pgRestore, host, port, user, password, passwordFile, all, timeout,
                clock);
    }

    /** Expects the table of the last {@link #expectTable} to hold at least {@code rows} rows. */
    public PostgresRestoreTest minRows(long rows) {
        if (expectations.isEmpty() || expectations.get(expectations.size() - 1).sql() != null) {
            throw new IllegalStateException("minRows applies to the table of expectTable; call expectTable first");
        }
        List<Expectation> all = new ArrayList<>(expectations);
        Expectation last = all.remove(all.size() - 1);
        all.add(new Expectation(last.schema(), last.table(), rows, null));
        return new PostgresRestoreTest(admin, pgRestore, host, port, user, password, passwordFile, all, timeout,
                clock);
    }

    /** Expects {@code sql}, run in the restored database, to return a single {@code true}. */
    public PostgresRestoreTest expectTrue(String sql) {
        List<Expectation> all = new ArrayList<>(expectations);
        all.add(new Expectation(null, null, 0, Objects.requireNonNull(sql, "sql")));
        return new PostgresRestoreTest(admin, pgRestore, host, port, user, password, passwordFile, all, timeout,
                clock);
    }

    /** How long the restore may take; default {@link #DEFAULT_TIMEOUT}. */
    public PostgresRestoreTest timeout(Duration limit) {
        return new PostgresRestoreTest(admin, pgRestore, host, port, user, password, passwordFile, expectations,
                Objects.requireNonNull(limit, "limit"), clock);
    }

    /** The clock that names scratch databases. */
    public PostgresRestoreTest clock(Clock now) {
        return new PostgresRestoreTest(admin, pgRestore, host, port, user, password, passwordFile, expectations,
                timeout, Objects.requireNonNull(now, "now"));
    }

    @Override
    public RestoreResult run(BackupStore store, BackupEntry backup, BackupFormat format) {
        String scratch = SCRATCH_PREFIX + STAMP.format(clock.instant()) + "_"
                + HexFormat.of().formatHex(randomBytes());
        if (format != BackupFormat.POSTGRES_CUSTOM) {
            return couldNotRun(backup, scratch, "pg_restore restores custom-format archives; " + backup.name()
                    + " is a " + format.label());
        }
        Optional<Path> tool = pgRestore != null ? Optional.of(pgRestore) : Executables.onPath("pg_restore");
        if (tool.isEmpty()) {
            return couldNotRun(backup, scratch, "pg_restore is not on the PATH; configure it with pgRestore(path)");
        }
        Server server;
        try {
            server = server();
        } catch (SQLException | RuntimeException e) {
            return couldNotRun(backup, scratch, "cannot reach the server: " + Failures.describe(e));
        }
        try (Connection c = admin.getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + quote(scratch));
        } catch (SQLException e) {
            return couldNotRun(backup, scratch, "cannot create the scratch database: " + Failures.describe(e));
        }
        Duration took = Duration.ZERO;
        List<RestoreResult.ExpectationResult> results = new ArrayList<>();
        String failure = null;
        boolean dropped = false;
        try {
            long t0 = System.nanoTime();
            ToolRun.Result run;
            try (InputStream in = store.open(backup.name())) {
                run = ToolRun.run(List.of(tool.get().toString(), "--no-owner", "--no-privileges", "--exit-on-error",
                        "--host", server.host(), "--port", Integer.toString(server.port()), "--username",
                        server.user(), "--dbname", scratch), environment(), in, timeout);
            }
            took = Duration.ofNanos(System.nanoTime() - t0);
            if (!run.succeeded()) {
                failure = "pg_restore failed (exit " + run.exitCode() + "): " + run.output();
            } else {
                results = check(server, scratch);
                if (results.stream().anyMatch(r -> !r.passed())) {
                    failure = "expectations failed: " + results.stream().filter(r -> !r.passed())
                            .map(r -> r.expectation() + " (" + r.detail() + ")").toList();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure = "interrupted";
        } catch (Exception e) {
            failure = Failures.describe(e);
        } finally {
            dropped = drop(scratch);
        }
        return new RestoreResult(backup.name(), scratch,
                failure == null ? RestoreResult.Outcome.PASSED : RestoreResult.Outcome.FAILED,
                failure == null ? "" : failure, took, results, dropped);
    }

    private static byte[] randomBytes() {
        byte[] b = new byte[4];
        RANDOM.nextBytes(b);
        return b;
    }

    private List<RestoreResult.ExpectationResult> check(Server server, String scratch) throws SQLException {
        List<RestoreResult.ExpectationResult> out = new ArrayList<>();
        Properties props = new Properties();
        props.setProperty("user", server.user());
        if (password != null) {
            props.setProperty("password", new String(password));
        }
        props.setProperty("ApplicationName", "maintkit-restore-test");
        try (Connection c = DriverManager.getConnection(server.jdbcUrl(scratch), props)) {
            try (Statement st = c.createStatement()) {
                st.execute("SET statement_timeout = '10min'");
            }
            for (Expectation e : expectations) {
                out.add(check(c, e));
            }
        }
        return out;
    }

    private static RestoreResult.ExpectationResult check(Connection c, Expectation e) {
        try {
            if (e.sql() != null) {
                try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(e.sql())) {
                    boolean value = rs.next() && rs.getBoolean(1) && !rs.wasNull();
                    return new RestoreResult.ExpectationResult(e.describe(), value, value ? "true" : "not true");
                }
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT 1 FROM pg_catalog.pg_tables WHERE schemaname = ? AND tablename = ?")) {
                ps.setString(1, e.schema());
                ps.setString(2, e.table());
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return new RestoreResult.ExpectationResult(e.describe(), false, "table missing");
                    }
                }
            }
            if (e.minRows() <= 0) {
                return new RestoreResult.ExpectationResult(e.describe(), true, "present");
            }
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                    "SELECT count(*) FROM " + quote(e.schema()) + "." + quote(e.table()))) {
                rs.next();
                long rows = rs.getLong(1);
                return new RestoreResult.ExpectationResult(e.describe(), rows >= e.minRows(), rows + " rows");
            }
        } catch (SQLException ex) {
            return new RestoreResult.ExpectationResult(e.describe(), false, Failures.describe(ex));
        }
    }

    private boolean drop(String scratch) {
        try (Connection c = admin.getConnection(); Statement st = c.createStatement()) {
            try {
                st.execute("DROP DATABASE IF EXISTS " + quote(scratch) + " WITH (FORCE)");
            } catch (SQLException e) {
                st.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + scratch + "'");
                st.execute("DROP DATABASE IF EXISTS " + quote(scratch));
            }
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    private Map<String, String> environment() {
        Map<String, String> env = new HashMap<>();
        env.put("PGAPPNAME", "maintkit-restore-test");
        env.put("PGCONNECT_TIMEOUT", "30");
        if (password != null) {
            env.put("PGPASSWORD", new String(password));
        }
        if (passwordFile != null) {
            env.put("PGPASSFILE", passwordFile.toString());
        }
        return env;
    }

    private record Server(String host, int port, String user, String urlPrefix, String urlSuffix) {
        String jdbcUrl(String database) {
            return urlPrefix + database + urlSuffix;
        }
    }

    private Server server() throws SQLException {
        try (Connection c = admin.getConnection()) {
            DatabaseMetaData meta = c.getMetaData();
            String url = meta.getURL();
            String prefix = "jdbc:postgresql://";
            if (url == null || !url.startsWith(prefix)) {
                throw new SQLException("the data source does not report a jdbc:postgresql:// URL");
            }
            int slash = url.indexOf('/', prefix.length());
            String hostSpec = slash < 0 ? url.substring(prefix.length()) : url.substring(prefix.length(), slash);
            String first = hostSpec.split(",")[0];
            String urlHost = first;
            int urlPort = 5432;
            int colon = first.lastIndexOf(':');
            if (colon > 0 && !first.endsWith("]")) {
                urlHost = first.substring(0, colon);
                urlPort = Integer.parseInt(first.substring(colon + 1));
            }
            int query = url.indexOf('?');
            String suffix = query < 0 ? "" : url.substring(query).replaceAll("(?i)([?&])(user|password)=[^&]*", "$1")
                    .replaceAll("&&+", "&").replaceAll("\\?&", "?").replaceAll("[?&]$", "");
            String h = host != null ? host : urlHost;
            int p = port != null ? port : urlPort;
            String u = user != null ? user : meta.getUserName();
            String bracketed = h.contains(":") && !h.startsWith("[") ? "[" + h + "]" : h;
            return new Server(h, p, u, prefix + bracketed + ":" + p + "/", suffix);
        }
    }

    private static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    private static RestoreResult couldNotRun(BackupEntry backup, String scratch, String reason) {
        return new RestoreResult(backup.name(), scratch, RestoreResult.Outcome.COULD_NOT_RUN, reason, Duration.ZERO,
                List.of(), true);
    }

    @Override
    public String describe() {
        return "pg_restore into a scratch database, expecting " + (expectations.isEmpty() ? "a clean restore"
                : String.join(", ", expectations.stream().map(Expectation::describe).toList()));
    }

    @Override
    public String toString() {
        return "PostgresRestoreTest[" + describe() + (password != null ? ", password set" : "") + "]";
    }
}

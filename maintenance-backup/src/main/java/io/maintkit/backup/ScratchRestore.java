package io.maintkit.backup;

import io.maintkit.core.Outcome;
import io.maintkit.core.internal.Executables;
import io.maintkit.core.internal.Failures;

import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The life of a scratch restore, the same for every engine: name a scratch database, create it, feed the backup
 * to the engine's client, check the expectations inside it, and drop it whatever happened.
 */
final class ScratchRestore {

    /** The prefix of every scratch database's name. */
    static final String SCRATCH_PREFIX = "maintkit_restore_";
    /** How long one administrative statement (create, drop, an expectation) may take. */
    static final Duration STATEMENT_TIMEOUT = Duration.ofMinutes(10);

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss")
            .withZone(ZoneOffset.UTC);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Where the client and the expectations connect; the URL parts leave credentials out. */
    record Server(String host, int port, String user, String urlPrefix, String urlSuffix) {
        String jdbcUrl(String database) {
            return urlPrefix + database + urlSuffix;
        }
    }

    /** What differs between engines. */
    interface Engine {
        /** The names the client is looked up by on the PATH, in order. */
        List<String> clientNames();

        /** The configuration method that names the client, for the hint when none is found. */
        String clientOption();

        /** Why this backup cannot be restored by this engine, if it cannot. */
        Optional<String> cannotRestore(BackupStore store, BackupEntry backup, BackupFormat format) throws IOException;

        /** The server the admin connection is on, with the settings' overrides. */
        Server server(Connection admin, RestoreSettings settings) throws SQLException;

        /** Creates the scratch database. */
        void create(Statement admin, String scratch) throws SQLException;

        /** Drops the scratch database, ending sessions still in it where the engine can. */
        void drop(Statement admin, String scratch) throws SQLException;

        /** Restores the backup into the scratch database with the client; returns why it failed, or empty. */
        Optional<String> restore(Path client, Server server, String scratch, RestoreSettings settings,
                                 BackupStore store, BackupEntry backup, BackupFormat format)
                throws IOException, InterruptedException;

        /** A connection to the scratch database for the expectations, with a statement timeout. */
        Connection connect(Server server, String scratch, RestoreSettings settings) throws SQLException;

        /** A query with two parameters, schema and table, that returns a row when the table exists. */
        String tableExists();

        /** {@code schema.table}, quoted. */
        String qualified(String schema, String table);
    }

    private ScratchRestore() {
    }

    /** Runs one restore test of {@code backup}. Never throws: the result says what went wrong. */
    static RestoreResult run(Engine engine, DataSource admin, RestoreSettings settings, BackupStore store,
                             BackupEntry backup, BackupFormat format) {
        String scratch = SCRATCH_PREFIX + STAMP.format(settings.clock().instant()) + "_"
                + HexFormat.of().formatHex(randomBytes());
        try {
            Optional<String> refusal = engine.cannotRestore(store, backup, format);
            if (refusal.isPresent()) {
                return couldNotRun(backup, scratch, refusal.get());
            }
        } catch (IOException | RuntimeException e) {
            return couldNotRun(backup, scratch, "cannot read " + backup.name() + ": " + Failures.describe(e));
        }
        Optional<Path> client = settings.tool() != null ? Optional.of(settings.tool())
                : engine.clientNames().stream().map(Executables::onPath).flatMap(Optional::stream).findFirst();
        if (client.isEmpty()) {
            return couldNotRun(backup, scratch, String.join(" or ", engine.clientNames())
                    + " is not on the PATH; configure it with " + engine.clientOption());
        }
        Server server;
        try (Connection c = admin.getConnection()) {
            server = engine.server(c, settings);
        } catch (SQLException | RuntimeException e) {
            return couldNotRun(backup, scratch, "cannot reach the server: " + Failures.describe(e));
        }
        try (Connection c = admin.getConnection(); Statement st = c.createStatement()) {
            st.setQueryTimeout((int) STATEMENT_TIMEOUT.toSeconds());
            engine.create(st, scratch);
        } catch (SQLException | RuntimeException e) {
            return couldNotRun(backup, scratch, "cannot create the scratch database " + scratch + ": "
                    + Failures.describe(e));
        }
        Duration took = Duration.ZERO;
        List<RestoreResult.ExpectationResult> results = List.of();
        String failure;
        boolean dropped;
        try {
            long t0 = System.nanoTime();
            Optional<String> restoreFailure = engine.restore(client.get(), server, scratch, settings, store, backup,
                    format);
            took = Duration.ofNanos(System.nanoTime() - t0);
            failure = restoreFailure.orElse(null);
            if (failure == null) {
                results = check(engine, server, scratch, settings);
                List<String> failed = results.stream().filter(r -> !r.passed())
                        .map(r -> r.expectation() + " (" + r.detail() + ")").toList();
                failure = failed.isEmpty() ? null : "expectations failed: " + failed;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure = "interrupted";
        } catch (Exception e) {
            failure = Failures.describe(e);
        } finally {
            dropped = drop(engine, admin, scratch);
        }
        return new RestoreResult(backup.name(), scratch,
                failure == null ? Outcome.SUCCEEDED : Outcome.FAILED,
                failure == null ? "" : failure, took, results, dropped);
    }

    private static List<RestoreResult.ExpectationResult> check(Engine engine, Server server, String scratch,
                                                               RestoreSettings settings) throws SQLException {
        List<RestoreResult.ExpectationResult> out = new ArrayList<>();
        try (Connection c = engine.connect(server, scratch, settings)) {
            for (RestoreSettings.Expectation e : settings.expectations()) {
                out.add(check(engine, c, scratch, e));
            }
        }
        return out;
    }

    private static RestoreResult.ExpectationResult check(Engine engine, Connection c, String scratch,
                                                         RestoreSettings.Expectation e) {
        try {
            if (e.sql() != null) {
                try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(e.sql())) {
                    boolean value = rs.next() && rs.getBoolean(1) && !rs.wasNull();
                    return new RestoreResult.ExpectationResult(e.describe(), value, value ? "true" : "not true");
                }
            }
            String schema = e.schema() != null ? e.schema() : scratch;
            try (PreparedStatement ps = c.prepareStatement(engine.tableExists())) {
                ps.setString(1, schema);
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
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT count(*) FROM " + engine.qualified(schema, e.table()))) {
                rs.next();
                long rows = rs.getLong(1);
                return new RestoreResult.ExpectationResult(e.describe(), rows >= e.minRows(), rows + " rows");
            }
        } catch (SQLException ex) {
            return new RestoreResult.ExpectationResult(e.describe(), false, Failures.describe(ex));
        }
    }

    private static boolean drop(Engine engine, DataSource admin, String scratch) {
        try (Connection c = admin.getConnection(); Statement st = c.createStatement()) {
            st.setQueryTimeout((int) STATEMENT_TIMEOUT.toSeconds());
            engine.drop(st, scratch);
            return true;
        } catch (SQLException | RuntimeException e) {
            return false;
        }
    }

    private static byte[] randomBytes() {
        byte[] b = new byte[4];
        RANDOM.nextBytes(b);
        return b;
    }

    private static RestoreResult couldNotRun(BackupEntry backup, String scratch, String reason) {
        return new RestoreResult(backup.name(), scratch, Outcome.COULD_NOT_RUN, reason, Duration.ZERO,
                List.of(), true);
    }
}

package io.maintkit.backup;

import io.maintkit.backup.internal.FormatSniffer;
import io.maintkit.core.Outcome;
import io.maintkit.core.internal.Executables;
import io.maintkit.core.internal.Failures;

import java.io.IOException;
import java.io.InputStream;
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
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * The life of a scratch restore, the same for every engine: name a scratch database, create it, feed the backup
 * to the engine's client, check the expectations inside it, and drop it whatever happened. The engines' restore
 * tests implement {@link Engine} and call {@link #run}; a gzip file holding a format the engine restores is
 * inflated on the way to the client.
 */
public final class ScratchRestore {

    /** The prefix of every scratch database's name. */
    public static final String SCRATCH_PREFIX = "maintkit_restore_";
    /** How long one administrative statement (create, drop, an expectation) may take. */
    public static final Duration STATEMENT_TIMEOUT = Duration.ofMinutes(10);

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss")
            .withZone(ZoneOffset.UTC);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** What differs between engines: implemented by each engine module's restore test. */
    public interface Engine {
        /**
         * The formats the client restores; a gzip file holding one of them is restored too.
         *
         * @return e.g. {@link BackupFormat#POSTGRES_CUSTOM}
         */
        Set<BackupFormat> formats();

        /**
         * The names the client is looked up by on the PATH, in order, when the settings name none.
         *
         * @return e.g. {@code pg_restore}
         */
        List<String> clientNames();

        /**
         * The configuration method that names the client, for the hint when none is found.
         *
         * @return e.g. {@code pgRestore(path)}
         */
        String clientOption();

        /**
         * Creates the scratch database.
         *
         * @param scratch its name
         * @throws SQLException when it cannot
         */
        void create(String scratch) throws SQLException;

        /**
         * Drops the scratch database if it exists, ending sessions still in it where the engine can.
         *
         * @param scratch its name
         * @throws SQLException when it cannot
         */
        void drop(String scratch) throws SQLException;

        /**
         * Restores a backup into the scratch database with the client.
         *
         * @param client  the client executable
         * @param scratch the scratch database's name
         * @param backup  the backup's bytes (inflated when the file was gzip)
         * @return why the restore failed, or empty when it succeeded
         * @throws IOException          when the backup cannot be read
         * @throws InterruptedException when interrupted while the client runs
         */
        Optional<String> restore(Path client, String scratch, InputStream backup)
                throws IOException, InterruptedException;

        /**
         * A connection to the scratch database for the expectations, with a statement timeout of
         * {@link #STATEMENT_TIMEOUT}.
         *
         * @param scratch the scratch database's name
         * @return an open connection; the caller closes it
         * @throws SQLException when it cannot connect
         */
        Connection connect(String scratch) throws SQLException;

        /**
         * A query with two parameters, schema and table, that returns a row when the table exists.
         *
         * @return the query
         */
        String tableExists();

        /**
         * {@code schema.table}, quoted for the engine.
         *
         * @param schema the schema
         * @param table  the table
         * @return the quoted, qualified name
         */
        String qualified(String schema, String table);
    }

    private ScratchRestore() {
    }

    /**
     * Runs one restore test of {@code backup}: refuses a format the engine cannot restore and missing
     * configuration before anything touches a server. Never throws: the result says what went wrong.
     *
     * @param engine   the engine's part
     * @param settings the client, the connection, the expectations, the timeout and the clock
     * @param store    the store holding the backup
     * @param backup   the backup to restore
     * @param format   its format, as the verifier found it
     * @return what happened, with each expectation's outcome
     */
    public static RestoreResult run(Engine engine, RestoreSettings settings, BackupStore store, BackupEntry backup,
                                    BackupFormat format) {
        String scratch = SCRATCH_PREFIX + STAMP.format(settings.clock().instant()) + "_"
                + HexFormat.of().formatHex(randomBytes());
        Optional<String> missing = settings.missing();
        if (missing.isPresent()) {
            return couldNotRun(backup, scratch, missing.get());
        }
        boolean inflate;
        try {
            BackupFormat content = format == BackupFormat.GZIP ? inflatedFormat(store, backup) : format;
            if (!engine.formats().contains(content)) {
                return couldNotRun(backup, scratch, engine.clientNames().get(0) + " restores "
                        + String.join(" or ", engine.formats().stream().map(BackupFormat::label).sorted().toList())
                        + "; " + backup.name() + " is a " + (format == BackupFormat.GZIP
                        ? "gzip holding a " + content.label() : format.label()));
            }
            inflate = format == BackupFormat.GZIP;
        } catch (IOException | RuntimeException e) {
            return couldNotRun(backup, scratch, "cannot read " + backup.name() + ": " + Failures.describe(e));
        }
        Optional<Path> client = settings.tool().isPresent() ? settings.tool()
                : engine.clientNames().stream().map(Executables::onPath).flatMap(Optional::stream).findFirst();
        if (client.isEmpty()) {
            return couldNotRun(backup, scratch, String.join(" or ", engine.clientNames())
                    + " is not on the PATH; configure it with " + engine.clientOption());
        }
        try {
            engine.create(scratch);
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
            Optional<String> restoreFailure;
            try (InputStream raw = store.open(backup.name());
                 InputStream in = inflate ? new GZIPInputStream(raw, 1 << 16) : raw) {
                restoreFailure = engine.restore(client.get(), scratch, in);
            }
            took = Duration.ofNanos(System.nanoTime() - t0);
            failure = restoreFailure.orElse(null);
            if (failure == null) {
                results = check(engine, scratch, settings);
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
            dropped = drop(engine, scratch);
        }
        return new RestoreResult(backup.name(), scratch,
                failure == null ? Outcome.SUCCEEDED : Outcome.FAILED,
                failure == null ? "" : failure, took, results, dropped);
    }

    private static BackupFormat inflatedFormat(BackupStore store, BackupEntry backup) throws IOException {
        byte[] head;
        try (InputStream in = new GZIPInputStream(store.open(backup.name()))) {
            head = in.readNBytes(FormatSniffer.HEAD);
        }
        return FormatSniffer.sniff(head, head.length);
    }

    private static List<RestoreResult.ExpectationResult> check(Engine engine, String scratch,
                                                               RestoreSettings settings) throws SQLException {
        List<RestoreResult.ExpectationResult> out = new ArrayList<>();
        try (Connection c = engine.connect(scratch)) {
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

    private static boolean drop(Engine engine, String scratch) {
        try {
            engine.drop(scratch);
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

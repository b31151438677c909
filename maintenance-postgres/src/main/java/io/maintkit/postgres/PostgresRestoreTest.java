package io.maintkit.postgres;

import io.maintkit.backup.BackupEntry;
import io.maintkit.backup.BackupFormat;
import io.maintkit.backup.BackupStore;
import io.maintkit.backup.RestoreResult;
import io.maintkit.backup.RestoreSettings;
import io.maintkit.backup.RestoreTest;
import io.maintkit.backup.ScratchConnections;
import io.maintkit.backup.ScratchRestore;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * Restores a PostgreSQL custom-format archive (also gzipped) with {@code pg_restore} into a scratch database named
 * {@code maintkit_restore_<time>_<random>}, checks the expectations in it, and drops it (also when the restore
 * fails). Needs the module {@code maintenance-backup} on the class path (an optional dependency of this module).
 *
 * <pre>{@code
 * RestoreTest test = PostgresRestoreTest.on(adminDataSource, database -> scratchDataSource(database).getConnection())
 *         .connection("db-1", 5432, "restorer").passwordFile(pgpass)
 *         .expectTable("public", "orders").minRows(1)
 *         .expectTrue("SELECT max(created_at) > now() - interval '2 days' FROM public.orders");
 * }</pre>
 *
 * <p>The admin data source creates and drops the scratch database; {@code pg_restore} connects where
 * {@link #connection} says (required); the expectations run on connections the host's {@link ScratchConnections}
 * opens to the scratch database. A password goes to {@code pg_restore} through {@code PGPASSWORD} or a password
 * file, never the command line.
 */
public final class PostgresRestoreTest implements RestoreTest {

    /** How long a restore may take by default. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofHours(2);

    private final DataSource admin;
    private final ScratchConnections scratch;
    private final RestoreSettings settings;

    private PostgresRestoreTest(DataSource admin, ScratchConnections scratch, RestoreSettings settings) {
        this.admin = admin;
        this.scratch = scratch;
        this.settings = settings;
    }

    /**
     * A restore test that creates scratch databases through {@code admin} (a role that may create databases) and
     * checks expectations on connections {@code scratch} opens to them.
     */
    public static PostgresRestoreTest on(DataSource admin, ScratchConnections scratch) {
        return new PostgresRestoreTest(Objects.requireNonNull(admin, "admin"), Objects.requireNonNull(scratch,
                "scratch"), RestoreSettings.defaults(DEFAULT_TIMEOUT));
    }

    /** Uses this {@code pg_restore}; by default the first on the {@code PATH}. */
    public PostgresRestoreTest pgRestore(Path executable) {
        return new PostgresRestoreTest(admin, scratch, settings.withTool(executable));
    }

    /** Where {@code pg_restore} connects: the admin data source's server, by a host and port it can reach. */
    public PostgresRestoreTest connection(String serverHost, int serverPort, String serverUser) {
        return new PostgresRestoreTest(admin, scratch, settings.withConnection(serverHost, serverPort, serverUser));
    }

    /** The user's password, handed to {@code pg_restore} as {@code PGPASSWORD}; copied, never printed. */
    public PostgresRestoreTest password(char[] secret) {
        return new PostgresRestoreTest(admin, scratch, settings.withPassword(secret));
    }

    /** A {@code .pgpass} file for {@code pg_restore} ({@code PGPASSFILE}). */
    public PostgresRestoreTest passwordFile(Path file) {
        return new PostgresRestoreTest(admin, scratch, settings.withPasswordFile(file));
    }

    /** Expects the restored database to hold the table {@code schema.table}. */
    public PostgresRestoreTest expectTable(String schema, String table) {
        return new PostgresRestoreTest(admin, scratch, settings.withTable(Objects.requireNonNull(schema, "schema"),
                table));
    }

    /** Expects the table of the last {@link #expectTable} to hold at least {@code rows} rows. */
    public PostgresRestoreTest minRows(long rows) {
        return new PostgresRestoreTest(admin, scratch, settings.withMinRows(rows));
    }

    /** Expects {@code sql}, run in the restored database, to return a single {@code true}. */
    public PostgresRestoreTest expectTrue(String sql) {
        return new PostgresRestoreTest(admin, scratch, settings.withTrue(sql));
    }

    /** How long the restore may take; default {@link #DEFAULT_TIMEOUT}. */
    public PostgresRestoreTest timeout(Duration limit) {
        return new PostgresRestoreTest(admin, scratch, settings.withTimeout(limit));
    }

    /** The clock that names scratch databases. */
    public PostgresRestoreTest clock(Clock now) {
        return new PostgresRestoreTest(admin, scratch, settings.withClock(now));
    }

    @Override
    public RestoreResult run(BackupStore store, BackupEntry backup, BackupFormat format) {
        return ScratchRestore.run(new PostgresScratch(admin, scratch, settings), settings, store, backup, format);
    }

    @Override
    public String describe() {
        return "pg_restore into a scratch database, expecting " + settings.describeExpectations();
    }

    @Override
    public String toString() {
        return "PostgresRestoreTest[" + settings + "]";
    }
}

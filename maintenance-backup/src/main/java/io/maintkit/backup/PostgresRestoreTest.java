package io.maintkit.backup;

import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
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
    public static final String SCRATCH_PREFIX = ScratchRestore.SCRATCH_PREFIX;

    private final DataSource admin;
    private final RestoreSettings settings;

    private PostgresRestoreTest(DataSource admin, RestoreSettings settings) {
        this.admin = admin;
        this.settings = settings;
    }

    static PostgresRestoreTest create(DataSource admin) {
        return new PostgresRestoreTest(Objects.requireNonNull(admin, "admin"),
                RestoreSettings.defaults(DEFAULT_TIMEOUT));
    }

    /** Uses this {@code pg_restore}; by default the first on the {@code PATH}. */
    public PostgresRestoreTest pgRestore(Path executable) {
        return new PostgresRestoreTest(admin, settings.withTool(executable));
    }

    /** Connects {@code pg_restore} and the expectations to this host, port and user instead of the data source's. */
    public PostgresRestoreTest connection(String serverHost, int serverPort, String serverUser) {
        return new PostgresRestoreTest(admin, settings.withConnection(serverHost, serverPort, serverUser));
    }

    /** The user's password, handed to {@code pg_restore} as {@code PGPASSWORD}; copied, never printed. */
    public PostgresRestoreTest password(char[] secret) {
        return new PostgresRestoreTest(admin, settings.withPassword(secret));
    }

    /** A {@code .pgpass} file for {@code pg_restore} ({@code PGPASSFILE}). */
    public PostgresRestoreTest passwordFile(Path file) {
        return new PostgresRestoreTest(admin, settings.withPasswordFile(file));
    }

    /** Expects the restored database to hold the table {@code schema.table}. */
    public PostgresRestoreTest expectTable(String schema, String table) {
        return new PostgresRestoreTest(admin, settings.withTable(Objects.requireNonNull(schema, "schema"), table));
    }

    /** Expects the table of the last {@link #expectTable} to hold at least {@code rows} rows. */
    public PostgresRestoreTest minRows(long rows) {
        return new PostgresRestoreTest(admin, settings.withMinRows(rows));
    }

    /** Expects {@code sql}, run in the restored database, to return a single {@code true}. */
    public PostgresRestoreTest expectTrue(String sql) {
        return new PostgresRestoreTest(admin, settings.withTrue(sql));
    }

    /** How long the restore may take; default {@link #DEFAULT_TIMEOUT}. */
    public PostgresRestoreTest timeout(Duration limit) {
        return new PostgresRestoreTest(admin, settings.withTimeout(limit));
    }

    /** The clock that names scratch databases. */
    public PostgresRestoreTest clock(Clock now) {
        return new PostgresRestoreTest(admin, settings.withClock(now));
    }

    @Override
    public RestoreResult run(BackupStore store, BackupEntry backup, BackupFormat format) {
        return ScratchRestore.run(PostgresScratch.INSTANCE, admin, settings, store, backup, format);
    }

    @Override
    public String describe() {
        return "pg_restore into a scratch database, expecting " + settings.describeExpectations();
    }

    @Override
    public String toString() {
        return "PostgresRestoreTest[" + describe() + (settings.password() != null ? ", password set" : "") + "]";
    }
}

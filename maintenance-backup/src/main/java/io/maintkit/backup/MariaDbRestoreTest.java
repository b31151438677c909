package io.maintkit.backup;

import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * Restores a {@code mariadb-dump}/{@code mysqldump} of one database (plain or gzip) with the {@code mariadb} client
 * into a scratch schema named {@code maintkit_restore_<time>_<random>}, checks the expectations in it, and drops it
 * (also when the restore fails).
 *
 * <pre>{@code
 * RestoreTest test = RestoreTest.mariadb(adminDataSource)
 *         .expectTable("orders").minRows(1)
 *         .expectTrue("SELECT max(created_at) > now() - INTERVAL 2 DAY FROM orders");
 * }</pre>
 *
 * <p>The admin data source creates and drops the scratch schema; the client and the expectations connect to the
 * same server over TCP (host, port and user as the data source reports them, unless {@link #connection} says
 * otherwise), with the scratch schema as their default database. A password reaches the client through a private
 * (0600) option file that is deleted afterwards, never the command line. A dump that switches database
 * ({@code USE}, {@code CREATE DATABASE}, {@code DROP DATABASE}: made with {@code --databases} or
 * {@code --all-databases}) is cut off before that line and the test fails, so it never touches the original. The
 * expectations connect through {@link DriverManager}, so the host's MariaDB or MySQL JDBC driver must be on the
 * class path.
 */
public final class MariaDbRestoreTest implements RestoreTest {

    /** How long a restore may take by default. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofHours(2);

    private final DataSource admin;
    private final RestoreSettings settings;

    private MariaDbRestoreTest(DataSource admin, RestoreSettings settings) {
        this.admin = admin;
        this.settings = settings;
    }

    static MariaDbRestoreTest create(DataSource admin) {
        return new MariaDbRestoreTest(Objects.requireNonNull(admin, "admin"),
                RestoreSettings.defaults(DEFAULT_TIMEOUT));
    }

    /** Uses this client; by default {@code mariadb}, else {@code mysql}, from the {@code PATH}. */
    public MariaDbRestoreTest client(Path executable) {
        return new MariaDbRestoreTest(admin, settings.withTool(executable));
    }

    /** Connects the client and the expectations to this host, port and user instead of the data source's. */
    public MariaDbRestoreTest connection(String serverHost, int serverPort, String serverUser) {
        return new MariaDbRestoreTest(admin, settings.withConnection(serverHost, serverPort, serverUser));
    }

    /** The user's password, handed to the client in a private option file; copied, never printed. */
    public MariaDbRestoreTest password(char[] secret) {
        return new MariaDbRestoreTest(admin, settings.withPassword(secret));
    }

    /** An option file with the client's credentials ({@code --defaults-extra-file}); used when no password is set. */
    public MariaDbRestoreTest passwordFile(Path file) {
        return new MariaDbRestoreTest(admin, settings.withPasswordFile(file));
    }

    /** Expects the restored schema to hold the table {@code table}. */
    public MariaDbRestoreTest expectTable(String table) {
        return new MariaDbRestoreTest(admin, settings.withTable(null, table));
    }

    /** Expects the table of the last {@link #expectTable} to hold at least {@code rows} rows. */
    public MariaDbRestoreTest minRows(long rows) {
        return new MariaDbRestoreTest(admin, settings.withMinRows(rows));
    }

    /** Expects {@code sql}, run with the restored schema as default database, to return a single true value. */
    public MariaDbRestoreTest expectTrue(String sql) {
        return new MariaDbRestoreTest(admin, settings.withTrue(sql));
    }

    /** How long the restore may take; default {@link #DEFAULT_TIMEOUT}. */
    public MariaDbRestoreTest timeout(Duration limit) {
        return new MariaDbRestoreTest(admin, settings.withTimeout(limit));
    }

    /** The clock that names scratch schemas. */
    public MariaDbRestoreTest clock(Clock now) {
        return new MariaDbRestoreTest(admin, settings.withClock(now));
    }

    @Override
    public RestoreResult run(BackupStore store, BackupEntry backup, BackupFormat format) {
        return ScratchRestore.run(MariaDbScratch.INSTANCE, admin, settings, store, backup, format);
    }

    @Override
    public String describe() {
        return "mariadb into a scratch schema, expecting " + settings.describeExpectations();
    }

    @Override
    public String toString() {
        return "MariaDbRestoreTest[" + describe() + (settings.password() != null ? ", password set" : "") + "]";
    }
}

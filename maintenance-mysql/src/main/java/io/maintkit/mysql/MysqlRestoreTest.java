package io.maintkit.mysql;

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
 * Restores a {@code mariadb-dump}/{@code mysqldump} file (also gzipped) with the {@code mariadb} (or {@code mysql})
 * client into a scratch schema named {@code maintkit_restore_<time>_<random>}, checks the expectations in it, and
 * drops it (also when the restore fails). Needs the module {@code maintenance-backup} on the class path (an
 * optional dependency of this module).
 *
 * <pre>{@code
 * RestoreTest test = MysqlRestoreTest.on(adminDataSource, schema -> scratchDataSource(schema).getConnection())
 *         .connection("db-1", 3306, "restorer").password(secret)
 *         .expectTable("orders").minRows(1)
 *         .expectTrue("SELECT MAX(created_at) > NOW() - INTERVAL 2 DAY FROM orders");
 * }</pre>
 *
 * <p>The admin data source creates and drops the scratch schema; the client connects where {@link #connection}
 * says (required), with the scratch schema as its default database; the expectations run on connections the host's
 * {@link ScratchConnections} opens with the scratch schema as default database. A password reaches the client
 * through a private (0600) option file that is deleted afterwards, never the command line. A dump that switches
 * database ({@code USE}, {@code CREATE DATABASE}, {@code DROP DATABASE}: made with {@code --databases} or
 * {@code --all-databases}) is cut off before that line and the test fails, so it never touches the original.
 */
public final class MysqlRestoreTest implements RestoreTest {

    /** How long a restore may take by default. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofHours(2);

    private final DataSource admin;
    private final ScratchConnections scratch;
    private final RestoreSettings settings;

    private MysqlRestoreTest(DataSource admin, ScratchConnections scratch, RestoreSettings settings) {
        this.admin = admin;
        this.scratch = scratch;
        this.settings = settings;
    }

    /**
     * A restore test that creates scratch schemas through {@code admin} (an account that may create databases) and
     * checks expectations on connections {@code scratch} opens to them.
     */
    public static MysqlRestoreTest on(DataSource admin, ScratchConnections scratch) {
        return new MysqlRestoreTest(Objects.requireNonNull(admin, "admin"), Objects.requireNonNull(scratch,
                "scratch"), RestoreSettings.defaults(DEFAULT_TIMEOUT));
    }

    /** Uses this client; by default {@code mariadb}, else {@code mysql}, from the {@code PATH}. */
    public MysqlRestoreTest client(Path executable) {
        return new MysqlRestoreTest(admin, scratch, settings.withTool(executable));
    }

    /** Where the client connects: the admin data source's server, by a host and port it can reach. */
    public MysqlRestoreTest connection(String serverHost, int serverPort, String serverUser) {
        return new MysqlRestoreTest(admin, scratch, settings.withConnection(serverHost, serverPort, serverUser));
    }

    /** The user's password, handed to the client in a private option file; copied, never printed. */
    public MysqlRestoreTest password(char[] secret) {
        return new MysqlRestoreTest(admin, scratch, settings.withPassword(secret));
    }

    /** An option file with the client's credentials ({@code --defaults-extra-file}); used when no password is set. */
    public MysqlRestoreTest passwordFile(Path file) {
        return new MysqlRestoreTest(admin, scratch, settings.withPasswordFile(file));
    }

    /** Expects the restored schema to hold the table {@code table}. */
    public MysqlRestoreTest expectTable(String table) {
        return new MysqlRestoreTest(admin, scratch, settings.withTable(null, table));
    }

    /** Expects the table of the last {@link #expectTable} to hold at least {@code rows} rows. */
    public MysqlRestoreTest minRows(long rows) {
        return new MysqlRestoreTest(admin, scratch, settings.withMinRows(rows));
    }

    /** Expects {@code sql}, run with the restored schema as default database, to return a single true value. */
    public MysqlRestoreTest expectTrue(String sql) {
        return new MysqlRestoreTest(admin, scratch, settings.withTrue(sql));
    }

    /** How long the restore may take; default {@link #DEFAULT_TIMEOUT}. */
    public MysqlRestoreTest timeout(Duration limit) {
        return new MysqlRestoreTest(admin, scratch, settings.withTimeout(limit));
    }

    /** The clock that names scratch schemas. */
    public MysqlRestoreTest clock(Clock now) {
        return new MysqlRestoreTest(admin, scratch, settings.withClock(now));
    }

    @Override
    public RestoreResult run(BackupStore store, BackupEntry backup, BackupFormat format) {
        return ScratchRestore.run(new MysqlScratch(admin, scratch, settings), settings, store, backup, format);
    }

    @Override
    public String describe() {
        return "mariadb into a scratch schema, expecting " + settings.describeExpectations();
    }

    @Override
    public String toString() {
        return "MysqlRestoreTest[" + settings + "]";
    }
}

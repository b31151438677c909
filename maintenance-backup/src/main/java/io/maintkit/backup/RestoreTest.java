package io.maintkit.backup;

import javax.sql.DataSource;

/**
 * Restores a backup into a scratch database that it creates under a unique name and always drops afterwards, then
 * checks expectations in it. "A backup that was never restored is not a backup."
 */
public interface RestoreTest {

    /** A restore test of PostgreSQL custom-format archives with {@code pg_restore}; {@code admin} may create databases. */
    static PostgresRestoreTest postgres(DataSource admin) {
        return PostgresRestoreTest.create(admin);
    }

    /** A restore test of MariaDB/MySQL dumps with the {@code mariadb} client; {@code admin} may create databases. */
    static MariaDbRestoreTest mariadb(DataSource admin) {
        return MariaDbRestoreTest.create(admin);
    }

    /** Restores {@code backup} of {@code store}, whose format is {@code format}, checks, cleans up, and reports. */
    RestoreResult run(BackupStore store, BackupEntry backup, BackupFormat format);

    /** What the test restores into and expects, without credentials. */
    String describe();
}

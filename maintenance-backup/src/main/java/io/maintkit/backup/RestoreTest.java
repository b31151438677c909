package io.maintkit.backup;

/**
 * Restores a backup into a scratch database that it creates under a unique name and always drops afterwards, then
 * checks expectations in it. "A backup that was never restored is not a backup."
 *
 * <p>The engines' restore tests live in their engines' modules: {@code io.maintkit.postgres.PostgresRestoreTest}
 * ({@code pg_restore}) and {@code io.maintkit.mysql.MysqlRestoreTest} (the {@code mariadb} client). Both run the
 * life of a scratch restore through {@link ScratchRestore}.
 */
public interface RestoreTest {

    /** Restores {@code backup} of {@code store}, whose format is {@code format}, checks, cleans up, and reports. */
    RestoreResult run(BackupStore store, BackupEntry backup, BackupFormat format);

    /** What the test restores into and expects, without credentials. */
    String describe();
}

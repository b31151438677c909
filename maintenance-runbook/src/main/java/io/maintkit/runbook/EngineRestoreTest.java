package io.maintkit.runbook;

import io.maintkit.backup.BackupEntry;
import io.maintkit.backup.BackupFormat;
import io.maintkit.backup.BackupStore;
import io.maintkit.backup.RestoreResult;
import io.maintkit.backup.RestoreTest;

import java.util.ArrayList;
import java.util.List;

/**
 * The restore test for the format of the backup at hand: PostgreSQL's for a custom-format archive, MariaDB's for
 * anything else when there is one (it refuses what it cannot restore, saying why), else PostgreSQL's (likewise).
 */
final class EngineRestoreTest implements RestoreTest {

    private final RestoreTest postgres;
    private final RestoreTest mariadb;

    EngineRestoreTest(RestoreTest postgres, RestoreTest mariadb) {
        if (postgres == null && mariadb == null) {
            throw new IllegalArgumentException("a restore test needs an engine");
        }
        this.postgres = postgres;
        this.mariadb = mariadb;
    }

    @Override
    public RestoreResult run(BackupStore store, BackupEntry backup, BackupFormat format) {
        RestoreTest chosen = format == BackupFormat.POSTGRES_CUSTOM && postgres != null ? postgres
                : mariadb != null ? mariadb : postgres;
        return chosen.run(store, backup, format);
    }

    @Override
    public String describe() {
        List<String> parts = new ArrayList<>();
        if (postgres != null) {
            parts.add("custom-format archives: " + postgres.describe());
        }
        if (mariadb != null) {
            parts.add("dumps: " + mariadb.describe());
        }
        return String.join("; ", parts);
    }
}

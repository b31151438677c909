package io.maintkit.examples;

import io.maintkit.backup.BackupPruner;
import io.maintkit.backup.BackupReport;
import io.maintkit.backup.BackupRun;
import io.maintkit.backup.BackupRunner;
import io.maintkit.backup.BackupStore;
import io.maintkit.backup.BackupVerifier;
import io.maintkit.backup.ChecksumManifest;
import io.maintkit.backup.DirectoryBackupStore;
import io.maintkit.backup.PruningDecision;
import io.maintkit.core.TextRenderer;
import io.maintkit.postgres.PostgresRestoreTest;
import io.maintkit.testkit.MariaDbEngine;
import io.maintkit.testkit.PostgresEngine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Backups: a PostgreSQL backup proven by a restore test, and a MariaDB store verified and pruned. */
final class BackupDemo {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private BackupDemo() {
    }

    /** Backs up {@code database} of {@code postgres} and a MariaDB database into stores under {@code workspace}. */
    static void run(Path workspace, PostgresEngine postgres, String database, MariaDbEngine mariadb) throws Exception {
        Demo.heading("PostgreSQL backup with pg_dump, verified by a restore test");
        DirectoryBackupStore pgStore = BackupStore.directory(Files.createDirectories(workspace.resolve("pg-backups")));
        BackupRun pgRun = BackupRunner.pgDump(postgres.host(), postgres.port(), postgres.user(), database)
                .password(postgres.password().toCharArray())
                .into(pgStore)
                .run();
        System.out.println(describe(pgRun));
        if (pgRun.succeeded()) {
            BackupReport verified = BackupVerifier.on(pgStore)
                    .matching("backup-*.dump")
                    .checksums(ChecksumManifest.sha256())
                    .restoreTest(PostgresRestoreTest.on(postgres.dataSource(), scratch -> postgres
                                    .dataSource(scratch, postgres.user(), postgres.password()).getConnection())
                            .connection(postgres.host(), postgres.port(), postgres.user())
                            .password(postgres.password().toCharArray())
                            .expectTable("public", "orders").minRows(1))
                    .verify();
            System.out.println(TextRenderer.render(verified));
        }

        Demo.heading("MariaDB backups: today's run, 90 nights of history, verification and a pruning plan");
        DirectoryBackupStore store = BackupStore.directory(Files.createDirectories(workspace.resolve("mariadb-backups")));
        try (Connection c = mariadb.createDatabase("shop").getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE orders (id INT PRIMARY KEY, total DECIMAL(10,2))");
            s.execute("INSERT INTO orders SELECT seq, seq * 1.5 FROM seq_1_to_5000");
        }
        BackupRun run = BackupRunner.mariadbDump(mariadb.host(), mariadb.port(), mariadb.user(), "shop")
                .executable(mariadb.binDirectory().orElseThrow().resolve("mariadb-dump"))
                .into(store)
                .run();
        System.out.println(describe(run));
        if (!run.succeeded()) {
            return;
        }
        addHistory(store, run);
        System.out.println(TextRenderer.render(BackupVerifier.on(store).matching("backup-*")
                .checksums(ChecksumManifest.sha256()).verify()));
        PruningDecision pruning = BackupPruner.on(store).matching("backup-*").checksums(ChecksumManifest.sha256()).decide();
        String text = pruning.describe();
        int secondAction = text.indexOf("\n 2. ");
        System.out.println(secondAction < 0 ? text : text.substring(0, secondAction) + "\n ... "
                + pruning.plan().actions().size() + " deletions in all; a dry run, nothing was deleted\n");
    }

    /** Earlier nights' backups: copies of today's dump, dated one night apart, each with its manifest line. */
    private static void addHistory(DirectoryBackupStore store, BackupRun today) throws Exception {
        Path dump = store.resolve(today.backup().orElseThrow().name());
        Instant night = Instant.now().minus(Duration.ofDays(1));
        for (int i = 0; i < 90; i++, night = night.minus(Duration.ofDays(1))) {
            String name = "backup-" + STAMP.format(night) + ".sql";
            Path copy = Files.copy(dump, store.resolve(name), StandardCopyOption.COPY_ATTRIBUTES);
            Files.setLastModifiedTime(copy, FileTime.from(night));
            ChecksumManifest.sha256().put(store, name, today.sha256());
        }
    }

    private static String describe(BackupRun run) {
        return run.succeeded()
                ? "backup " + run.backup().orElseThrow().name() + " written, sha256 " + run.sha256() + "\n"
                : "backup run failed: " + run.reason() + "\n";
    }
}

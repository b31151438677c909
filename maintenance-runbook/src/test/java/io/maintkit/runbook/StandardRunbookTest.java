package io.maintkit.runbook;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.maintkit.backup.BackupRun;
import io.maintkit.backup.BackupRunner;
import io.maintkit.backup.BackupStore;
import io.maintkit.backup.BackupVerifier;
import io.maintkit.backup.ChecksumManifest;
import io.maintkit.certs.CertExpiryChecker;
import io.maintkit.core.ArchiveSink;
import io.maintkit.core.Check;
import io.maintkit.core.CheckResult;
import io.maintkit.core.DiskSpaceCheck;
import io.maintkit.core.ExecutionOptions;
import io.maintkit.core.Finding;
import io.maintkit.core.MaintenanceWindow;
import io.maintkit.core.Outcome;
import io.maintkit.core.Runbook;
import io.maintkit.core.RunbookTier;
import io.maintkit.core.Severity;
import io.maintkit.core.TextRenderer;
import io.maintkit.core.TierResult;
import io.maintkit.mysql.MysqlRestoreTest;
import io.maintkit.postgres.TableRetention;
import io.maintkit.redis.KeyspaceAudit;
import io.maintkit.testkit.MariaDbEngine;
import io.maintkit.testkit.PostgresEngine;
import io.maintkit.testkit.TestEngines;
import io.maintkit.testkit.TestPki;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import javax.sql.DataSource;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The standard runbook on the test kit's real engines: a host that hands over everything, and one that does not. */
class StandardRunbookTest {

    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @TempDir
    static Path dir;

    static PostgresEngine postgres;
    static DataSource app;
    static MariaDbEngine mariadb;
    static RedisClient redis;
    static Path logs;
    static Path backups;
    static Path certificates;
    static Path archive;

    @BeforeAll
    static void aHostWithEveryEngine() throws Exception {
        postgres = TestEngines.postgres();
        app = postgres.createDatabase("runbook_app");
        try (Connection c = app.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE audit_events (id bigint PRIMARY KEY, created_at timestamptz NOT NULL)");
            s.execute("CREATE INDEX ON audit_events (created_at)");
            s.execute("INSERT INTO audit_events SELECT g, now() - interval '200 days' FROM generate_series(1, 5) g");
            s.execute("INSERT INTO audit_events SELECT g, now() FROM generate_series(6, 8) g");
        }
        mariadb = TestEngines.mariadb();
        try (Connection c = mariadb.createDatabase("runbook_shop").getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE orders (id INT PRIMARY KEY, total DECIMAL(10,2))");
            s.execute("INSERT INTO orders VALUES (1, 10.50), (2, 99.00)");
            s.execute("CREATE TABLE events (id INT PRIMARY KEY, created_at DATETIME NOT NULL, KEY (created_at))");
            s.execute("INSERT INTO events VALUES (1, NOW() - INTERVAL 200 DAY), (2, NOW() - INTERVAL 200 DAY),"
                    + " (3, NOW())");
        }
        redis = RedisClient.create(TestEngines.redis().uri());
        try (StatefulRedisConnection<String, String> c = redis.connect()) {
            c.sync().set("session:runbook", "x");
        }
        logs = Files.createDirectories(dir.resolve("logs"));
        aged(Files.writeString(logs.resolve("app-100d.log"), "old\n"), Duration.ofDays(100));
        aged(Files.writeString(logs.resolve("app-10d.log"), "older than a week\n"), Duration.ofDays(10));
        aged(Files.writeString(logs.resolve("app.log"), "today\n"), Duration.ofHours(2));
        backups = Files.createDirectories(dir.resolve("backups"));
        certificates = Files.createDirectories(dir.resolve("certs"));
        TestPki.Issued root = TestPki.root("Runbook Root");
        TestPki.writeChain(certificates.resolve("soon.pem"),
                TestPki.leaf("soon.example", root, "soon.example").expiresIn(Duration.ofDays(20)).issue(), root);
        TestPki.writeChain(certificates.resolve("old.pem"), TestPki.leaf("old.example", root, "old.example")
                .validFor(TestPki.NOW.minus(Duration.ofDays(340)), TestPki.NOW.plus(Duration.ofDays(60))).issue(),
                root);
        archive = Files.createDirectories(dir.resolve("archive"));
    }

    @AfterAll
    static void closeRedis() {
        if (redis != null) {
            redis.shutdown();
        }
    }

    static void aged(Path file, Duration age) throws IOException {
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().minus(age)));
    }

    static StandardRunbook everything() {
        return StandardRunbook.on()
                .postgres(app)
                .mysql(mariadb.dataSource())
                .redis(redis)
                .certificates(CertExpiryChecker.on().directory(certificates))
                .backups(BackupStore.directory(backups), v -> v.checksums(ChecksumManifest.sha256()))
                .restoreTest(MysqlRestoreTest.on(mariadb.dataSource(),
                                database -> mariadb.dataSource(database, mariadb.user(), mariadb.password())
                                        .getConnection())
                        .client(mariadb.binDirectory().map(d -> d.resolve("mariadb")).orElse(Path.of("mariadb")))
                        .connection(mariadb.host(), mariadb.port(), mariadb.user()))
                .logs(logs)
                .tableRetention(TableRetention.on(app).table("public", "audit_events")
                        .olderThan("created_at", Duration.ofDays(90)).archiveTo(ArchiveSink.gzipCsvFiles(archive)))
                .tableRetention(io.maintkit.mysql.TableRetention.on(mariadb.dataSource("runbook_shop",
                                mariadb.user(), mariadb.password())).table("runbook_shop", "events")
                        .olderThan("created_at", Duration.ofDays(90))
                        .archiveTo(ArchiveSink.gzipCsvFiles(archive.resolve("shop"))))
                .zone(BERLIN);
    }

    /** Options for a run now: the tiers' own windows are closed during the test. */
    static ExecutionOptions openNow() {
        return ExecutionOptions.defaults().allowDestructive(true)
                .window(MaintenanceWindow.once(Instant.now().minusSeconds(60), Duration.ofHours(1)));
    }

    static List<String> checkIds(TierResult result) {
        return result.checks().orElseThrow().results().stream().map(CheckResult::checkId).distinct().toList();
    }

    @Test
    void printedItSaysWhatRunsWhenAndWhyWithoutTouchingAnything() {
        String text = everything().describe();
        System.out.println(text);

        assertThat(text).startsWith("daily: cron 0 6 * * * (Europe/Berlin), checks only: changes nothing;")
                .contains("weekly: cron 0 2 * * SUN (Europe/Berlin), tasks inside the window SUNDAY 02:00 for 4h"
                        + " (Europe/Berlin)")
                .contains("monthly: cron 0 2 * * SAT#1 (Europe/Berlin), tasks inside the window SATURDAY 02:00 for 4h"
                        + " (Europe/Berlin)")
                .contains("  task   vacuum and analyze (PostgreSQL)", "  task   optimize (MariaDB/MySQL)",
                        "  task   log clean-up " + logs, "  task   table retention public.audit_events",
                        "  task   table retention runbook_shop.events",
                        "  checks restore test (backup.verification " + backups + ")")
                .contains("why: ");
        Runbook runbook = everything().runbook();
        assertThat(runbook.tiers()).extracting(RunbookTier::name).containsExactly("daily", "weekly", "monthly");
        assertThat(runbook.tier("weekly").window()).isPresent();
        assertThat(runbook.tier("daily").window()).isEmpty();
    }

    @Test
    void theDailyTierChecksEveryEngineTheDisksTheBackupsAndTheCertificates() throws Exception {
        Path dump = backupOfTheShop();

        TierResult daily = everything().runbook().tier(StandardRunbook.DAILY).run(ExecutionOptions.defaults());
        System.out.println(TextRenderer.render(daily));

        assertThat(daily.ran()).isTrue();
        assertThat(daily.tasks()).isEmpty();
        assertThat(checkIds(daily)).contains("postgres.vacuum", "postgres.table-bloat", "mysql.fragmentation",
                "redis.memory", DiskSpaceCheck.ID, BackupVerifier.ID, CertExpiryChecker.ID);
        assertThat(checkIds(daily)).noneMatch(id -> id.equals(KeyspaceAudit.ID));
        assertThat(result(daily, BackupVerifier.ID).completed()).isTrue();
        assertThat(result(daily, BackupVerifier.ID).worst()).isEqualTo(Severity.OK);
        assertThat(result(daily, BackupVerifier.ID).findings()).extracting(Finding::kind).contains("intact", "fresh");
        assertThat(result(daily, BackupVerifier.ID).findings()).noneMatch(f -> f.kind().startsWith("restore"));
        assertThat(result(daily, DiskSpaceCheck.ID).target()).isEqualTo(logs.toString());
        assertThat(result(daily, CertExpiryChecker.ID).findings()).filteredOn(f -> f.kind().equals("expires-soon"))
                .extracting(Finding::subject).singleElement().asString().contains("soon.pem");
        assertThat(dump).exists();
    }

    @Test
    void theWeeklyTierPlansAndRunsVacuumOptimizeAndLogCleanUpAndAuditsTheKeyspace() {
        TierResult weekly = everything().runbook().tier(StandardRunbook.WEEKLY).run(openNow());
        System.out.println(TextRenderer.render(weekly));

        assertThat(weekly.tasks()).extracting(TierResult.TaskResult::task).containsExactly(
                "vacuum and analyze (PostgreSQL)", "optimize (MariaDB/MySQL)", "log clean-up " + logs);
        assertThat(weekly.tasks()).allSatisfy(t -> {
            assertThat(t.failure()).isEmpty();
            assertThat(t.execution().orElseThrow().executions()).allSatisfy(e ->
                    assertThat(e.outcome()).as(e.detail()).isEqualTo(Outcome.SUCCEEDED));
        });
        assertThat(checkIds(weekly)).containsExactly(KeyspaceAudit.ID);
        assertThat(result(weekly, KeyspaceAudit.ID).completed()).isTrue();
        assertThat(logs.resolve("app-100d.log")).doesNotExist();
        assertThat(logs.resolve("app-10d.log")).doesNotExist();
        assertThat(logs.resolve("app-10d.log.gz")).exists();
        assertThat(logs.resolve("app.log")).exists();
    }

    @Test
    void theMonthlyTierRestoresTheNewestBackupAppliesTheRetentionPolicyAndAuditsEveryChain() throws Exception {
        assumeTrue(mariadb.binDirectory().isPresent(), "no mariadb-dump for an external server");
        backupOfTheShop();

        TierResult monthly = everything().runbook().tier(StandardRunbook.MONTHLY).run(openNow());
        System.out.println(TextRenderer.render(monthly));

        assertThat(monthly.tasks()).extracting(TierResult.TaskResult::task)
                .containsExactly("table retention public.audit_events", "table retention runbook_shop.events");
        assertThat(monthly.tasks()).allSatisfy(t -> assertThat(t.execution().orElseThrow().allSucceeded()).isTrue());
        assertThat(count("SELECT count(*) FROM audit_events")).isEqualTo(3);
        assertThat(checkIds(monthly)).containsExactlyInAnyOrder(BackupVerifier.ID, CertExpiryChecker.ID);
        assertThat(result(monthly, BackupVerifier.ID).findings())
                .filteredOn(f -> f.kind().startsWith("restore-")).singleElement()
                .satisfies(f -> assertThat(f.kind()).as(f.summary()).isEqualTo("restore-succeeded"));
        assertThat(result(monthly, CertExpiryChecker.ID).findings())
                .filteredOn(f -> f.kind().equals("expires-soon")).extracting(Finding::subject)
                .anyMatch(s -> s.contains("old.pem"));
    }

    @Test
    void aHostWithOnlyAPostgresDataSourceGetsOnlyThePostgresParts() {
        Runbook runbook = StandardRunbook.on().postgres(app).runbook();

        assertThat(runbook.tiers()).extracting(RunbookTier::name).containsExactly("daily", "weekly");
        assertThat(runbook.tier("daily").checks()).extracting(Check::id).allMatch(id -> id.startsWith("postgres."));
        assertThat(runbook.tier("weekly").checks()).isEmpty();
        assertThat(runbook.tier("weekly").tasks()).extracting(RunbookTier.Task::name)
                .containsExactly("vacuum and analyze (PostgreSQL)");

        TierResult daily = runbook.tier("daily").run(ExecutionOptions.defaults());
        assertThat(daily.checks().orElseThrow().results()).hasSize(12)
                .allMatch(r -> r.checkId().startsWith("postgres."));
        TierResult weekly = runbook.tier("weekly").run(openNow());
        assertThat(weekly.tasks()).singleElement().satisfies(t -> {
            assertThat(t.failure()).isEmpty();
            assertThat(t.plan().orElseThrow().name()).contains("vacuum");
        });
    }

    @Test
    void aHostWithNothingGetsAnEmptyRunbookAndTheScheduleCanBeChanged() {
        assertThat(StandardRunbook.on().runbook().tiers()).isEmpty();
        assertThat(StandardRunbook.on().describe()).isEmpty();

        Runbook runbook = StandardRunbook.on().logs(logs).daily("30 7 * * MON-FRI")
                .weekly("0 1 * * SAT", MaintenanceWindow.weekly(java.time.DayOfWeek.SATURDAY,
                        java.time.LocalTime.of(1, 0), Duration.ofHours(1), BERLIN)).zone(BERLIN).runbook();
        assertThat(runbook.describe()).isEqualTo("""
                daily: cron 30 7 * * MON-FRI (Europe/Berlin)
                  checks: core.disk-space
                weekly: cron 0 1 * * SAT (Europe/Berlin)
                  window: SATURDAY 01:00 for 1h (Europe/Berlin)
                  tasks:  log clean-up %s
                """.formatted(logs));
        assertThatThrownBy(() -> StandardRunbook.on().daily("every day"))
                .hasMessageContaining("five fields");
        assertThatThrownBy(() -> StandardRunbook.on().tableRetention(TableRetention.on(app)))
                .hasMessageContaining("the table");
    }

    static CheckResult result(TierResult tier, String checkId) {
        return tier.checks().orElseThrow().results().stream().filter(r -> r.checkId().equals(checkId)).findFirst()
                .orElseThrow();
    }

    static long count(String sql) throws SQLException {
        try (Connection c = app.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** A real dump of the shop database by the server's own mariadb-dump, once. */
    static synchronized Path backupOfTheShop() throws IOException {
        try (var existing = Files.list(backups)) {
            List<Path> dumps = existing.filter(p -> p.getFileName().toString().endsWith(".sql")).toList();
            if (!dumps.isEmpty()) {
                return dumps.get(0);
            }
        }
        assumeTrue(mariadb.binDirectory().isPresent(), "no mariadb-dump for an external server");
        BackupRunner runner = BackupRunner.mariadbDump(mariadb.host(), mariadb.port(), mariadb.user(), "runbook_shop")
                .executable(mariadb.binDirectory().get().resolve("mariadb-dump")).into(BackupStore.directory(backups));
        if (!mariadb.password().isEmpty()) {
            runner = runner.password(mariadb.password().toCharArray());
        }
        BackupRun run = runner.run();
        assertThat(run.succeeded()).as(run.reason()).isTrue();
        return backups.resolve(run.backup().orElseThrow().name());
    }
}

package io.maintkit.examples;

import io.maintkit.core.DiskSpaceCheck;
import io.maintkit.core.FileRetention;
import io.maintkit.core.MaintenancePlan;
import io.maintkit.core.RetentionDecision;
import io.maintkit.core.RetentionPolicy;
import io.maintkit.core.Suite;
import io.maintkit.core.SuiteResult;
import io.maintkit.core.TextRenderer;

import io.maintkit.testkit.PostgresEngine;
import io.maintkit.testkit.TestEngines;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * The main demo: what a host application's nightly maintenance job does with maintkit, on generated files and
 * embedded engines, printing each report as an operator would read it.
 */
public final class Demo {

    private static final ZoneId ZONE = ZoneId.of("Europe/Berlin");

    private Demo() {
    }

    /** Runs every part of the demo in a fresh temporary folder. */
    public static void main(String[] args) throws Exception {
        Path workspace = Files.createTempDirectory("maintkit-demo");
        PostgresEngine postgres = TestEngines.postgres();
        PostgresDemo.run(postgres.createDatabase("maintkit_demo"),
                "postgresql://" + postgres.host() + ":" + postgres.port() + "/maintkit_demo", workspace);
        BackupDemo.run(workspace, postgres, "maintkit_demo", TestEngines.mariadb());
        CertificatesDemo.run(workspace);
        MariaDbDemo.run(TestEngines.mariadb().createDatabase("maintkit_mariadb_demo"), "maintkit_mariadb_demo",
                "mariadb-demo");
        RedisDemo.run(TestEngines.redis());

        heading("Health suite: disk space of " + workspace);
        SuiteResult health = Suite.of("nightly", DiskSpaceCheck.on(workspace).largest(3).asCheck()).run();
        System.out.println(TextRenderer.render(health));

        heading("Log clean-up (dry run): compress after 7 days, delete after 30");
        Path logs = generateLogs(workspace.resolve("logs"));
        MaintenancePlan cleanUp = FileRetention.on(logs).matching("**.log")
                .compressAfter(Duration.ofDays(7)).deleteAfter(Duration.ofDays(30)).plan();
        System.out.println(cleanUp.describe());

        heading("Backup retention: 7 daily, 4 weekly, 12 monthly over 400 nightly backups");
        showRetention();
    }

    private static void showRetention() {
        List<Instant> nightly = new ArrayList<>();
        LocalDate today = LocalDate.now(ZONE);
        for (int i = 0; i < 400; i++) {
            nightly.add(ZonedDateTime.of(today.minusDays(i), LocalTime.of(1, 30), ZONE).toInstant());
        }
        RetentionPolicy policy = RetentionPolicy.builder().keepDaily(7).keepWeekly(4).keepMonthly(12)
                .zone(ZONE).build();
        RetentionDecision<Instant> decision = policy.apply(nightly, t -> t);
        System.out.println(policy + ": keeps " + decision.kept().size() + ", removes " + decision.removed().size());
        for (RetentionDecision.Entry<Instant> e : decision.entries()) {
            if (e.kept()) {
                System.out.println("  keep " + e.time().atZone(ZONE).toLocalDate() + "  " + e.reasons());
            }
        }
        System.out.println();
    }

    private static Path generateLogs(Path folder) throws IOException {
        Files.createDirectories(folder);
        int[] ages = {0, 3, 8, 15, 29, 31, 45, 90};
        for (int age : ages) {
            Path log = folder.resolve("app-" + age + "d.log");
            Files.writeString(log, ("GET /health 200 " + age + "\n").repeat(20_000));
            Files.setLastModifiedTime(log, FileTime.from(Instant.now().minus(Duration.ofDays(age))));
        }
        return folder;
    }

    static void heading(String title) {
        System.out.println("== " + title + " " + "=".repeat(Math.max(0, 100 - title.length())));
        System.out.println();
    }
}

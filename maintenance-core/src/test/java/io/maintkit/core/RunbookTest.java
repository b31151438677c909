package io.maintkit.core;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RunbookTest {

    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @TempDir
    Path dir;

    Path oldLog() throws IOException {
        Path logs = Files.createDirectories(dir.resolve("logs"));
        Path old = Files.writeString(logs.resolve("app-40d.log"), "old lines\n");
        Files.setLastModifiedTime(old, FileTime.from(Instant.now().minus(Duration.ofDays(40))));
        return old;
    }

    RunbookTier weekly() {
        return RunbookTier.named("weekly").cron("0 2 * * SUN", BERLIN)
                .checks(DiskSpaceCheck.on(dir).thresholds(Threshold.above(Percent.of(100), Percent.of(100)))
                        .asCheck())
                .task("log clean-up", FileRetention.on(dir.resolve("logs")).matching("**.log")
                        .deleteAfter(Duration.ofDays(30)).gracePeriod(Duration.ZERO)::plan);
    }

    @Test
    void aTierChecksThenPlansAndExecutesItsTasks() throws IOException {
        Path old = oldLog();

        TierResult result = weekly().run(ExecutionOptions.defaults().allowDestructive(true));

        assertThat(result.ran()).isTrue();
        assertThat(result.checks().orElseThrow().results()).extracting(CheckResult::checkId)
                .containsExactly(DiskSpaceCheck.ID);
        assertThat(old).doesNotExist();
        TierResult.TaskResult task = result.tasks().get(0);
        assertThat(task.plan().orElseThrow().actions()).hasSize(1);
        assertThat(task.execution().orElseThrow().allSucceeded()).isTrue();
        assertThat(result.findings()).extracting(Finding::kind).containsExactly("disk-usage", "action-succeeded");
        assertThat(result.worst()).isEqualTo(Severity.OK);
    }

    @Test
    void aTaskThatCannotPlanIsReportedAndTheNextGoesOn() throws IOException {
        Path old = oldLog();
        RunbookTier tier = RunbookTier.named("monthly")
                .task("restore test", () -> {
                    throw new IOException("no pg_restore on the PATH");
                })
                .task("log clean-up", FileRetention.on(dir.resolve("logs")).matching("**.log")
                        .deleteAfter(Duration.ofDays(30)).gracePeriod(Duration.ZERO)::plan);

        TierResult result = tier.run(ExecutionOptions.defaults().allowDestructive(true));

        assertThat(old).doesNotExist();
        assertThat(result.worst()).isEqualTo(Severity.UNKNOWN);
        assertThat(result.findings()).filteredOn(f -> f.kind().equals("task-could-not-plan")).singleElement()
                .satisfies(f -> {
                    assertThat(f.subject()).isEqualTo("monthly/restore test");
                    assertThat(f.summary()).contains("no pg_restore on the PATH");
                });
    }

    @Test
    void onAFleetOneNodeRunsTheTierAndAnotherSkipsItNamingTheHolder() throws Exception {
        ExecutionLock fleet = ExecutionLock.inProcess();
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        RunbookTier tier = RunbookTier.named("weekly").task("slow", () -> {
            inside.countDown();
            release.await(10, TimeUnit.SECONDS);
            return new MaintenancePlan("nothing", java.util.List.of());
        });
        AtomicReference<TierResult> first = new AtomicReference<>();
        Thread nodeA = new Thread(() -> first.set(tier.run(ExecutionOptions.defaults().lock(fleet).owner("node-a"))));
        nodeA.start();
        assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();

        TierResult second = tier.run(ExecutionOptions.defaults().lock(fleet).owner("node-b"));
        release.countDown();
        nodeA.join(10_000);

        assertThat(first.get().ran()).isTrue();
        assertThat(second.ran()).isFalse();
        assertThat(second.skipReason()).startsWith("the execution lock runbook weekly is held by node-a since");
        assertThat(second.findings()).extracting(Finding::kind).containsExactly("tier-skipped");
    }

    @Test
    void aCheckRunningLongerThanTheTiersCheckTimeoutIsReportedUnknown() {
        Check slow = Check.of("core.slow", "somewhere", () -> {
            Thread.sleep(5_000);
            Report nothing = java.util.List::of;
            return nothing;
        });
        RunbookTier tier = RunbookTier.named("daily").checks(slow).checkTimeout(Duration.ofMillis(200));

        TierResult result = tier.run(ExecutionOptions.defaults());

        assertThat(result.worst()).isEqualTo(Severity.UNKNOWN);
        assertThat(result.checks().orElseThrow().results()).singleElement()
                .satisfies(r -> assertThat(r.couldNotRunReason()).hasValueSatisfying(
                        why -> assertThat(why).startsWith("timed out after")));
        assertThat(RunbookTier.named("daily").checkTimeout()).isEqualTo(Suite.DEFAULT_TIMEOUT);
        assertThatThrownBy(() -> tier.checkTimeout(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theRunbookPrintsWhatRunsWhen() {
        MaintenanceWindow sundayNight = MaintenanceWindow.weekly(java.time.DayOfWeek.SUNDAY,
                java.time.LocalTime.of(2, 0), Duration.ofHours(2), BERLIN);
        Runbook runbook = Runbook.on()
                .tier(RunbookTier.named("daily").cron("0 3 * * *", BERLIN).checks(DiskSpaceCheck.on(dir).asCheck()))
                .tier(weekly().window(sundayNight));

        assertThat(runbook.describe()).isEqualTo("""
                daily: cron 0 3 * * * (Europe/Berlin)
                  checks: core.disk-space
                weekly: cron 0 2 * * SUN (Europe/Berlin)
                  window: SUNDAY 02:00 for 2h (Europe/Berlin)
                  checks: core.disk-space
                  tasks:  log clean-up
                """);
        assertThat(runbook.tier("weekly").window()).contains(sundayNight);
        assertThatThrownBy(() -> runbook.tier("quarterly"))
                .hasMessage("no tier quarterly in this runbook; its tiers are daily, weekly");
    }

    @Test
    void aCronExpressionNeedsFiveFields() {
        assertThatThrownBy(() -> RunbookTier.named("daily").cron("0 3 * *", BERLIN))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("five fields");
        assertThatThrownBy(() -> RunbookTier.named("daily").cron("0 3 * * * ; rm -rf /", BERLIN))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

package io.maintkit.backup;

import static org.assertj.core.api.Assertions.assertThat;

import io.maintkit.core.Outcome;
import io.maintkit.core.ActionExecution;
import io.maintkit.core.ExecutionOptions;
import io.maintkit.core.ExecutionReport;
import io.maintkit.core.RetentionPolicy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PruningTest {

    private static final Instant NOW = Instant.parse("2025-06-30T23:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    @TempDir
    Path dir;

    private List<Path> dailyBackups(int days) throws Exception {
        List<Path> out = new ArrayList<>();
        for (int d = 0; d < days; d++) {
            out.add(StoreFixture.backup(dir, String.format("backup-%03d.sql.gz", d), 50,
                    NOW.minus(Duration.ofDays(d)).minus(Duration.ofHours(20))));
        }
        return out;
    }

    private BackupPruner pruner(RetentionPolicy policy) {
        return BackupPruner.on(BackupStore.directory(dir)).matching("backup-*").policy(policy)
                .checksums(ChecksumManifest.sha256()).clock(CLOCK);
    }

    @Test
    void thePlanDeletesExactlyWhatThePolicyRemovesAndExecutesOnlyWhenAllowed() throws Exception {
        dailyBackups(120);
        RetentionPolicy policy = RetentionPolicy.builder().keepDaily(7).keepWeekly(4).keepMonthly(12)
                .clock(CLOCK).build();
        PruningDecision p = pruner(policy).decide();
        assertThat(p.refused()).isFalse();
        Set<String> removed = p.decision().removed().stream().map(BackupEntry::name).collect(Collectors.toSet());
        Set<String> kept = p.decision().kept().stream().map(BackupEntry::name).collect(Collectors.toSet());
        assertThat(kept.size() + removed.size()).isEqualTo(120);
        assertThat(p.plan().actions()).hasSize(removed.size())
                .allMatch(a -> a.destructive() && removed.stream().anyMatch(n -> a.command().contains(n)));
        assertThat(p.describe()).contains("daily ").contains("weekly ").contains("monthly ");

        ExecutionReport dry = p.plan().execute(ExecutionOptions.defaults());
        assertThat(dry.executions()).allMatch(e -> e.outcome() == Outcome.SKIPPED);
        assertThat(names()).hasSize(120);

        ExecutionReport done = p.plan().execute(ExecutionOptions.defaults().allowDestructive(true));
        assertThat(done.allSucceeded()).isTrue();
        assertThat(names()).isEqualTo(kept);
        assertThat(ChecksumManifest.sha256().read(BackupStore.directory(dir)).orElseThrow().keySet())
                .isEqualTo(kept);
    }

    @Test
    void theNewestVerifiedBackupIsNeverRemoved() throws Exception {
        List<Path> backups = dailyBackups(5);
        StoreFixture.corrupt(backups.get(0));
        StoreFixture.corrupt(backups.get(1));
        PruningDecision p = pruner(RetentionPolicy.builder().keepLast(1).clock(CLOCK).build()).decide();
        assertThat(p.newestVerified()).get().extracting(BackupEntry::name).isEqualTo("backup-002.sql.gz");
        assertThat(p.decision().removed()).extracting(BackupEntry::name).contains("backup-002.sql.gz");
        assertThat(p.plan().actions()).extracting(a -> a.command())
                .noneMatch(c -> c.contains("backup-002.sql.gz")).hasSize(3);
        p.plan().execute(ExecutionOptions.defaults().allowDestructive(true));
        assertThat(names()).containsExactlyInAnyOrder("backup-000.sql.gz", "backup-002.sql.gz");
    }

    @Test
    void pruningIsRefusedWhenNoBackupVerifies() throws Exception {
        for (Path p : dailyBackups(3)) {
            StoreFixture.corrupt(p);
        }
        PruningDecision p = pruner(RetentionPolicy.builder().keepLast(1).clock(CLOCK).build()).decide();
        assertThat(p.refused()).isTrue();
        assertThat(p.refusal()).get().asString().contains("none of the 3 backups verifies");
        assertThat(p.plan().isEmpty()).isTrue();
        assertThat(p.describe()).contains("REFUSED");
    }

    private Set<String> names() throws Exception {
        try (var files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.startsWith("backup-"))
                    .collect(Collectors.toSet());
        }
    }
}

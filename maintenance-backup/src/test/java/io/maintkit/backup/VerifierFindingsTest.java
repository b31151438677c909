package io.maintkit.backup;

import static org.assertj.core.api.Assertions.assertThat;

import io.maintkit.core.CheckResult;
import io.maintkit.core.Finding;
import io.maintkit.core.Severity;
import io.maintkit.core.Threshold;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerifierFindingsTest {

    private static final Instant NOW = Instant.parse("2025-03-01T06:00:00Z");

    @TempDir
    Path dir;

    private BackupVerifier verifier() {
        return BackupVerifier.on(BackupStore.directory(dir)).matching("backup-*.sql.gz")
                .checksums(ChecksumManifest.sha256()).clock(Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private void dailyBackups(int days, int rows) throws Exception {
        for (int d = days; d >= 1; d--) {
            StoreFixture.backup(dir, "backup-" + d + ".sql.gz", rows + d, NOW.minus(Duration.ofDays(d)));
        }
    }

    @Test
    void aHealthyStoreIsHealthyAndItsCheckCompletes() throws Exception {
        dailyBackups(5, 2000);
        StoreFixture.backup(dir, "backup-0.sql.gz", 2000, NOW.minus(Duration.ofHours(3)));
        BackupReport r = verifier().verify();
        assertThat(r.worst()).as(r.findings().toString()).isEqualTo(Severity.OK);
        assertThat(r.newestVerified()).get().extracting(v -> v.backup().name()).isEqualTo("backup-0.sql.gz");
        assertThat(r.verifications()).hasSize(1);
        CheckResult check = verifier().asCheck().run();
        assertThat(check.completed()).isTrue();
        assertThat(check.checkId()).isEqualTo("backup.verification");
    }

    @Test
    void everyFindingCarriesTheChecksIdAndItsKindSaysWhatItIsAbout() throws Exception {
        dailyBackups(3, 2000);
        StoreFixture.corrupt(StoreFixture.backup(dir, "backup-0.sql.gz", 2000, NOW.minus(Duration.ofHours(1))));
        Files.writeString(dir.resolve("checksums.txt"), Files.readString(dir.resolve("checksums.txt"))
                + "1111111111111111111111111111111111111111111111111111111111111111  backup-9.sql.gz\n");
        CheckResult check = verifier().verifyAll().asCheck().run();
        assertThat(check.findings()).isNotEmpty().allMatch(f -> f.checkId().equals(BackupVerifier.ID));
        assertThat(check.findings()).extracting(Finding::kind)
                .contains("fresh", "size-usual", "intact", "checksum-mismatch", "sha256-mismatch", "listed-backup-missing");
    }

    @Test
    void aStaleStoreGivesAFreshnessFinding() throws Exception {
        dailyBackups(5, 2000);
        BackupReport r = verifier().clock(Clock.fixed(NOW.plus(Duration.ofDays(2)), ZoneOffset.UTC)).verify();
        Finding f = finding(r, FRESHNESS);
        assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(f.kind()).isEqualTo("stale");
        assertThat(f.summary()).contains("backup-1.sql.gz").contains("3d");
        assertThat(f.measurement("age").orElseThrow().value()).isEqualTo(3 * 86_400.0);
    }

    @Test
    void oneMissedDailyBackupIsAWarningAndTwoAreCritical() throws Exception {
        dailyBackups(3, 2000);
        Finding oneMissed = finding(verifier().clock(Clock.fixed(NOW.plus(Duration.ofHours(6)), ZoneOffset.UTC))
                .verify(), FRESHNESS);
        assertThat(oneMissed.severity()).isEqualTo(Severity.WARNING);
        assertThat(oneMissed.kind()).isEqualTo("stale");
        Finding twoMissed = finding(verifier().clock(Clock.fixed(NOW.plus(Duration.ofHours(30)), ZoneOffset.UTC))
                .verify(), FRESHNESS);
        assertThat(twoMissed.severity()).isEqualTo(Severity.CRITICAL);
        Finding custom = finding(verifier().age(Threshold.above(Duration.ofHours(2), Duration.ofHours(48)))
                .verify(), FRESHNESS);
        assertThat(custom.severity()).isEqualTo(Severity.WARNING);
        assertThat(finding(verifier().verify(), FRESHNESS).kind()).isEqualTo("fresh");
    }

    @Test
    void freshnessCountsTheNewestBackupThatVerifiesNotTheNewestFile() throws Exception {
        dailyBackups(3, 2000);
        Path newest = StoreFixture.backup(dir, "backup-0.sql.gz", 2000, NOW.minus(Duration.ofHours(1)));
        StoreFixture.corrupt(newest);
        BackupReport r = verifier().verify();
        assertThat(r.newestVerified()).get().extracting(v -> v.backup().name()).isEqualTo("backup-1.sql.gz");
        assertThat(finding(r, FRESHNESS).severity()).isEqualTo(Severity.OK);
        assertThat(r.findings()).anyMatch(f -> f.kind().equals("checksum-mismatch")
                && f.subject().equals("backup-0.sql.gz") && f.severity() == Severity.CRITICAL);
        assertThat(r.findings()).anyMatch(f -> f.kind().equals("sha256-mismatch")
                && f.subject().equals("backup-0.sql.gz") && f.severity() == Severity.CRITICAL);
        assertThat(r.worst()).isEqualTo(Severity.CRITICAL);
    }

    @Test
    void aShrunkenBackupGivesASizeFinding() throws Exception {
        dailyBackups(7, 20_000);
        StoreFixture.backup(dir, "backup-0.sql.gz", 2_000, NOW.minus(Duration.ofHours(1)));
        Finding f = finding(verifier().verify(), SIZE);
        assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(f.kind()).isEqualTo("size-shrank");
        assertThat(f.measurement("change").orElseThrow().value()).isLessThan(-50);
    }

    @Test
    void checksumMismatchMissingAndUnlistedFilesEachGiveAFinding() throws Exception {
        dailyBackups(2, 2000);
        Path newest = StoreFixture.backup(dir, "backup-0.sql.gz", 2000, NOW.minus(Duration.ofHours(1)));
        String manifest = Files.readString(dir.resolve("checksums.txt"));
        Files.writeString(dir.resolve("checksums.txt"), manifest.replaceFirst("[0-9a-f]{64}(  backup-0)",
                "0".repeat(64) + "$1")
                        + "1111111111111111111111111111111111111111111111111111111111111111  backup-9.sql.gz\n");
        Files.copy(newest, dir.resolve("backup-x.sql.gz"));
        Files.setLastModifiedTime(dir.resolve("backup-x.sql.gz"),
                java.nio.file.attribute.FileTime.from(NOW.minus(Duration.ofDays(30))));
        BackupReport r = verifier().verifyAll().verify();
        assertThat(r.findings())
                .anyMatch(f -> f.subject().equals("backup-0.sql.gz") && f.kind().equals("sha256-mismatch"));
        assertThat(r.findings()).anyMatch(f -> f.subject().equals("backup-9.sql.gz")
                && f.kind().equals("listed-backup-missing"));
        assertThat(r.findings())
                .anyMatch(f -> f.subject().equals("backup-x.sql.gz") && f.kind().equals("unlisted-backup"));
        assertThat(r.verification("backup-0.sql.gz")).get().matches(v -> !v.verified());
        assertThat(r.newestVerified()).get().extracting(v -> v.backup().name()).isEqualTo("backup-1.sql.gz");
    }

    @Test
    void anEmptyStoreIsCritical() throws Exception {
        BackupReport r = verifier().verify();
        assertThat(finding(r, FRESHNESS).severity()).isEqualTo(Severity.CRITICAL);
        assertThat(r.findings()).anyMatch(f -> f.kind().equals("manifest-missing")
                && f.subject().endsWith("checksums.txt"));
    }

    private static final Set<String> FRESHNESS = Set.of("fresh", "stale", "no-backups", "none-verified");
    private static final Set<String> SIZE = Set.of("size-usual", "size-grew", "size-shrank");

    /** The one finding whose kind is one of {@code kinds}. */
    private static Finding finding(BackupReport r, Set<String> kinds) {
        assertThat(r.findings()).allMatch(f -> f.checkId().equals(BackupVerifier.ID));
        return r.findings().stream().filter(f -> kinds.contains(f.kind())).findFirst().orElseThrow();
    }
}

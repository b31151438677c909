package io.maintkit.backup;

import io.maintkit.core.Finding;
import io.maintkit.core.Outcome;
import io.maintkit.core.Report;
import io.maintkit.core.Severity;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What one {@link BackupRunner#run()} did. Its findings: one {@link BackupRunner#ID} finding (OK with the new
 * backup, CRITICAL with the reason it failed), then the new file's verification findings.
 *
 * @param outcome      {@link Outcome#SUCCEEDED} when a verified backup now stands under its final name (written,
 *                     synced, renamed into place, listed in the manifest and verified), {@link Outcome#FAILED} when
 *                     the dump tool failed, the result did not verify or the file could not be stored
 * @param reason       why it failed; empty when it succeeded
 * @param backup       the new backup; empty when it failed (nothing is left under the final name)
 * @param sha256       the backup's SHA-256 in hex, computed while it was written; empty when it failed
 * @param duration     how long the run took
 * @param verification the format walk of the new file, when the dump itself succeeded
 */
public record BackupRun(Outcome outcome, String reason, Optional<BackupEntry> backup, String sha256,
                        Duration duration, Optional<BackupVerification> verification) implements Report {

    /** Validates the parts. */
    public BackupRun {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(backup, "backup");
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(verification, "verification");
    }

    /** Whether the run succeeded. */
    public boolean succeeded() {
        return outcome == Outcome.SUCCEEDED;
    }

    /** The run's finding, then the verification's. */
    @Override
    public List<Finding> findings() {
        List<Finding> out = new ArrayList<>();
        String subject = backup.map(BackupEntry::name)
                .or(() -> verification.map(v -> v.backup().name())).orElse("backup run");
        out.add(succeeded()
                ? Finding.of(BackupRunner.ID, "backup-written", subject, Severity.OK, "written, synced, listed"
                        + " in the checksum manifest and verified")
                : Finding.of(BackupRunner.ID, "backup-failed", subject, Severity.CRITICAL, "backup failed: "
                        + reason));
        verification.ifPresent(v -> out.addAll(v.findings()));
        return out;
    }
}

package io.maintkit.backup;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What one {@link BackupRunner#run()} did.
 *
 * @param outcome      whether a verified backup now stands under its final name
 * @param reason       why it failed; empty when it succeeded
 * @param backup       the new backup; empty when it failed (nothing is left under the final name)
 * @param sha256       the backup's SHA-256 in hex, computed while it was written; empty when it failed
 * @param duration     how long the run took
 * @param verification the format walk of the new file, when the dump itself succeeded
 */
public record BackupRun(Outcome outcome, String reason, Optional<BackupEntry> backup, String sha256,
                        Duration duration, Optional<BackupVerification> verification) {

    /** How a backup run ended. */
    public enum Outcome {
        /** The backup is written, synced, renamed into place, listed in the manifest and verified. */
        SUCCEEDED,
        /** The dump tool failed, the result did not verify, or the file could not be stored. */
        FAILED
    }

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
}

package io.maintkit.backup;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What verifying one backup found: its format walk and its checksum.
 *
 * @param backup    the backup
 * @param format    the format its first bytes show
 * @param integrity the outcome of the format walk
 * @param detail    what the walk saw, or where and how the backup is broken
 * @param checksum  how its SHA-256 compares with the manifest
 * @param sha256    its SHA-256 in hex, when a manifest was configured; empty otherwise
 * @param duration  how long the verification took
 */
public record BackupVerification(BackupEntry backup, BackupFormat format, Integrity integrity, String detail,
                                 ChecksumStatus checksum, String sha256, Duration duration) {

    /** The outcome of walking a backup's format to its end. */
    public enum Integrity {
        /** Every byte read and every check the format offers passed. */
        INTACT,
        /** Truncated, flipped or otherwise broken. */
        CORRUPT,
        /** The format is unrecognised or uses a feature maintkit cannot check (e.g. lz4); never healthy. */
        UNVERIFIABLE
    }

    /** How a backup's checksum compares with the manifest. */
    public enum ChecksumStatus {
        /** The manifest lists the backup with the same SHA-256. */
        MATCH,
        /** The manifest lists the backup with another SHA-256. */
        MISMATCH,
        /** The manifest does not list the backup. */
        UNLISTED,
        /** No manifest was configured, or it is missing. */
        NOT_CHECKED
    }

    /** Validates the parts. */
    public BackupVerification {
        Objects.requireNonNull(backup, "backup");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(integrity, "integrity");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(checksum, "checksum");
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(duration, "duration");
    }

    /** Whether the backup can be trusted: its walk found it intact and its checksum does not contradict it. */
    public boolean verified() {
        return integrity == Integrity.INTACT && checksum != ChecksumStatus.MISMATCH;
    }

    /** The SHA-256, if it was computed. */
    public Optional<String> sha256Hex() {
        return sha256.isEmpty() ? Optional.empty() : Optional.of(sha256);
    }
}

package io.maintkit.backup;

import io.maintkit.core.Finding;
import io.maintkit.core.Measurement;
import io.maintkit.core.Report;
import io.maintkit.core.Severity;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What verifying one backup found: its format walk and its checksum. Its findings, of the check
 * {@link BackupVerifier#ID}, are the walk's ({@code intact} or the problem found) and, when the checksum manifest
 * disagrees, {@code sha256-mismatch} or {@code unlisted-backup}.
 *
 * @param backup    the backup
 * @param format    the format its first bytes show
 * @param integrity the outcome of the format walk
 * @param detail    what the walk saw, or where and how the backup is broken
 * @param problem   the problem code when the walk did not find it intact ({@code truncated},
 *                  {@code checksum-mismatch}, {@code trailer-missing}, {@code unverifiable-format}, ...); empty when
 *                  intact
 * @param checksum  how its SHA-256 compares with the manifest
 * @param sha256    its SHA-256 in hex, when a manifest was configured; empty otherwise
 * @param duration  how long the verification took
 */
public record BackupVerification(BackupEntry backup, BackupFormat format, Integrity integrity, String detail,
                                 String problem, ChecksumStatus checksum, String sha256, Duration duration)
        implements Report {

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
        Objects.requireNonNull(problem, "problem");
        if (problem.isEmpty() != (integrity == Integrity.INTACT)) {
            throw new IllegalArgumentException("a problem code goes with a backup that is not intact, was '"
                    + problem + "' for " + integrity);
        }
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

    /** The integrity finding (OK when intact), and a checksum finding when the manifest disagrees. */
    @Override
    public List<Finding> findings() {
        List<Finding> out = new ArrayList<>();
        String name = backup.name();
        Measurement size = Measurement.bytes("size", backup.dataSize());
        Finding walk = switch (integrity) {
            case INTACT -> Finding.of(BackupVerifier.ID, "intact", name, Severity.OK, format.label()
                    + " intact: " + detail);
            case CORRUPT -> Finding.of(BackupVerifier.ID, problem, name, Severity.CRITICAL, format.label()
                    + " is corrupt: " + detail);
            case UNVERIFIABLE -> Finding.of(BackupVerifier.ID, problem, name, Severity.UNKNOWN,
                    "cannot be verified: " + detail);
        };
        out.add(walk.withMeasurements(size));
        switch (checksum) {
            case MISMATCH -> out.add(Finding.of(BackupVerifier.ID, "sha256-mismatch", name, Severity.CRITICAL,
                    "SHA-256 " + sha256 + " does not match the checksum manifest"));
            case UNLISTED -> out.add(Finding.of(BackupVerifier.ID, "unlisted-backup", name, Severity.WARNING,
                    "not listed in the checksum manifest"));
            default -> {
            }
        }
        return out;
    }
}

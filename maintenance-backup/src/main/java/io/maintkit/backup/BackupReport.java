package io.maintkit.backup;

import io.maintkit.core.Finding;
import io.maintkit.core.Report;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link BackupVerifier#verify()} found in a store.
 *
 * @param store          the store's location
 * @param at             when the verification started
 * @param backups        the backups that matched, newest first
 * @param verifications  the backups that were verified, newest first
 * @param newestVerified the newest backup that verified, if any
 * @param restore        the restore test of the newest verified backup, if one was configured and could start
 * @param findings       freshness, size, checksum, integrity and restore findings
 */
public record BackupReport(String store, Instant at, List<BackupEntry> backups, List<BackupVerification> verifications,
                           Optional<BackupVerification> newestVerified, Optional<RestoreResult> restore,
                           List<Finding> findings) implements Report {

    /** Validates and copies. */
    public BackupReport {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(at, "at");
        backups = List.copyOf(backups);
        verifications = List.copyOf(verifications);
        Objects.requireNonNull(newestVerified, "newestVerified");
        Objects.requireNonNull(restore, "restore");
        findings = List.copyOf(findings);
    }

    /** The verification of the backup of that name, if it was verified. */
    public Optional<BackupVerification> verification(String name) {
        return verifications.stream().filter(v -> v.backup().name().equals(name)).findFirst();
    }
}

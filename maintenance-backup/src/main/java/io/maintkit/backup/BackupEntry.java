package io.maintkit.backup;

import io.maintkit.core.DataSize;

import java.time.Instant;
import java.util.Objects;

/**
 * One backup in a {@link BackupStore}.
 *
 * @param name     its name in the store, e.g. {@code backup-20250215T020000Z.dump}; a base backup is named by its
 *                 manifest, {@code base-20250215/backup_manifest}
 * @param size     its size in bytes
 * @param modified when it was last written
 */
public record BackupEntry(String name, long size, Instant modified) {

    /** Validates the parts. */
    public BackupEntry {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(modified, "modified");
        if (size < 0) {
            throw new IllegalArgumentException("negative size " + size + " for " + name);
        }
    }

    /** The size as a {@link DataSize}. */
    public DataSize dataSize() {
        return DataSize.ofBytes(size);
    }
}

package io.maintkit.backup;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where backups live: a directory, or an object store a host plugs in. maintkit lists, reads, deletes and (for
 * checksum manifests) rewrites objects through this interface only.
 */
public interface BackupStore {

    /** A store over a local directory; see {@link DirectoryBackupStore}. */
    static DirectoryBackupStore directory(Path directory) {
        return new DirectoryBackupStore(directory);
    }

    /** Where the store is, as an operator names it ({@code /backups/daily}, {@code s3://bucket/db}); no credentials. */
    String location();

    /** Every backup in the store, in no particular order. */
    List<BackupEntry> list() throws IOException;

    /** The backup of that name, if it exists. */
    Optional<BackupEntry> metadata(String name) throws IOException;

    /** Opens a backup (or a file of a base backup, {@code base-1/base/1/1259}) for reading. */
    InputStream open(String name) throws IOException;

    /**
     * Every regular file under {@code folder} (a base backup's directory, {@code base-1}; empty for the store's
     * root), by its path relative to that folder, e.g. {@code base/1/1259}. Used to find files a base backup's
     * manifest does not list. Stores that cannot list folders return empty, and that check is then skipped.
     */
    default Optional<List<String>> filesUnder(String folder) throws IOException {
        return Optional.empty();
    }

    /** Deletes a backup; a base backup named by its manifest is deleted with all its files. */
    void delete(String name) throws IOException;

    /** Replaces (or creates) a small object, such as a checksum manifest, atomically. */
    void write(String name, byte[] content) throws IOException;
}

package io.maintkit.core.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/** Steps that make a file's arrival or departure survive a crash. */
public final class DurableFiles {

    private DurableFiles() {
    }

    /**
     * Renames a written and synced temporary file onto its final name in one atomic step, then syncs the folder so
     * the rename itself is durable.
     *
     * @param replace whether an existing file under the final name may be replaced
     */
    public static void moveIntoPlace(Path temp, Path target, boolean replace) throws IOException {
        if (replace) {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } else {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        }
        syncFolderOf(target);
    }

    /** Syncs the folder holding {@code file}, so that a rename into it or a deletion from it survives a crash. */
    public static void syncFolderOf(Path file) {
        Path folder = file.toAbsolutePath().getParent();
        if (folder != null) {
            syncFolder(folder);
        }
    }

    /** Syncs a folder so that renames and deletions in it survive a crash, where the platform allows it. */
    public static void syncFolder(Path folder) {
        try (FileChannel dir = FileChannel.open(folder, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException e) {
            // Some platforms cannot open or sync a folder; the rename itself is still atomic there.
        }
    }
}

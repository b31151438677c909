package io.maintkit.backup;

import io.maintkit.core.internal.DurableFiles;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A {@link BackupStore} over a local directory. Its backups are the regular files directly in the directory
 * (names starting with a dot are in-progress files and are left out), and each sub-directory holding a
 * {@code backup_manifest}, listed as {@code <dir>/backup_manifest}. Writes are atomic: a temporary file is written,
 * synced and renamed, and the directory is synced.
 */
public final class DirectoryBackupStore implements BackupStore {

    /** The name of a base backup's manifest. */
    public static final String BASE_BACKUP_MANIFEST = "backup_manifest";

    private final Path directory;

    DirectoryBackupStore(Path directory) {
        this.directory = Objects.requireNonNull(directory, "directory").toAbsolutePath().normalize();
    }

    /** The directory. */
    public Path directory() {
        return directory;
    }

    /** The local path of a backup or file in the store; rejects names that leave the directory. */
    public Path resolve(String name) {
        Path p = directory.resolve(name).normalize();
        if (name.isEmpty() || !p.startsWith(directory) || p.equals(directory)) {
            throw new IllegalArgumentException("not a name inside " + directory + ": " + name);
        }
        return p;
    }

    @Override
    public String location() {
        return directory.toString();
    }

    @Override
    public List<BackupEntry> list() throws IOException {
        List<BackupEntry> out = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
            for (Path p : files) {
                String name = String.valueOf(p.getFileName());
                if (name.startsWith(".")) {
                    continue;
                }
                if (Files.isRegularFile(p)) {
                    out.add(entry(name, p));
                } else if (Files.isDirectory(p) && Files.isRegularFile(p.resolve(BASE_BACKUP_MANIFEST))) {
                    out.add(entry(name + "/" + BASE_BACKUP_MANIFEST, p.resolve(BASE_BACKUP_MANIFEST)));
                }
            }
        }
        return out;
    }

    @Override
    public Optional<BackupEntry> metadata(String name) throws IOException {
        Path p = resolve(name);
        try {
            return Files.isRegularFile(p) ? Optional.of(entry(name, p)) : Optional.empty();
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public Optional<List<String>> filesUnder(String folder) throws IOException {
        Path root = folder.isEmpty() ? directory : resolve(folder);
        List<String> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root, FileVisitOption.FOLLOW_LINKS)) {
            files.filter(Files::isRegularFile)
                    .forEach(p -> out.add(root.relativize(p).toString().replace(root.getFileSystem().getSeparator(),
                            "/")));
        }
        return Optional.of(out);
    }

    @Override
    public InputStream open(String name) throws IOException {
        return Files.newInputStream(resolve(name));
    }

    @Override
    public void delete(String name) throws IOException {
        Path p = resolve(name);
        Path folder = p.getParent();
        if (String.valueOf(p.getFileName()).equals(BASE_BACKUP_MANIFEST) && folder != null
                && !folder.equals(directory)) {
            deleteTree(folder);
        } else {
            Files.delete(p);
        }
        DurableFiles.syncFolder(directory);
    }

    @Override
    public void write(String name, byte[] content) throws IOException {
        Path target = resolve(name);
        Path temp = target.resolveSibling("." + target.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(content);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true);
        }
        DurableFiles.moveIntoPlace(temp, target, true);
    }

    private static BackupEntry entry(String name, Path p) throws IOException {
        BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
        return new BackupEntry(name, a.size(), a.lastModifiedTime().toInstant());
    }

    private static void deleteTree(Path root) throws IOException {
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    @Override
    public String toString() {
        return "directory " + directory;
    }
}

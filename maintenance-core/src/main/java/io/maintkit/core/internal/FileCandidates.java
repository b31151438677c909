package io.maintkit.core.internal;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The regular files under a root that match a glob, found without following symbolic links. */
public final class FileCandidates {

    private FileCandidates() {
    }

    /**
     * A file found under the root.
     *
     * @param path       its path
     * @param size       its size in bytes
     * @param modified   its last modification
     * @param compressed whether it is the {@code .gz} form of a matching file
     */
    public record Candidate(Path path, long size, Instant modified, boolean compressed) {
    }

    /**
     * The regular files under {@code root} whose relative path matches {@code glob}, or matches it once a trailing
     * {@code .gz} is removed. Symbolic links (to files or folders) are skipped, so the walk never leaves the root.
     * Unreadable folders are skipped.
     */
    public static List<Candidate> under(Path root, String glob) throws IOException {
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + glob);
        List<Candidate> found = new ArrayList<>();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (!attrs.isRegularFile()) {
                    return FileVisitResult.CONTINUE;
                }
                Path relative = root.relativize(file);
                String name = relative.toString();
                boolean gz = name.endsWith(".gz");
                boolean matches = matcher.matches(relative)
                        || gz && matcher.matches(Path.of(name.substring(0, name.length() - 3)));
                if (matches) {
                    found.add(new Candidate(file, attrs.size(), attrs.lastModifiedTime().toInstant(), gz));
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (file.equals(root)) {
                    throw e;
                }
                return FileVisitResult.CONTINUE;
            }
        });
        return found;
    }
}

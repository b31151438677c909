package io.maintkit.certs.internal;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A directory walked recursively, keeping the files whose path relative to it matches a glob. A glob starting with
 * {@code **}{@code /} also matches files directly in the directory.
 *
 * @param directory the directory
 * @param glob      the glob, e.g. {@code **}{@code /*.{pem,crt}}
 */
public record DirectorySource(Path directory, String glob) {

    /** The name findings use when the walk itself fails: {@code /etc/ssl/certs/**}{@code /*.pem}. */
    public String name() {
        return directory.resolve(glob).toString().replace('\\', '/');
    }

    /** The matching regular files, sorted; symbolic links to files count, links to directories are not followed. */
    public List<Path> files() throws SourceFailure {
        if (!Files.exists(directory)) {
            throw SourceFailure.unreadable("no such directory " + directory);
        }
        if (!Files.isDirectory(directory)) {
            throw SourceFailure.unreadable(directory + " is not a directory");
        }
        PathMatcher full = FileSystems.getDefault().getPathMatcher("glob:" + glob);
        PathMatcher top = glob.startsWith("**/")
                ? FileSystems.getDefault().getPathMatcher("glob:" + glob.substring(3)) : full;
        List<Path> files = new ArrayList<>();
        try {
            Files.walkFileTree(directory, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    Path relative = directory.relativize(file);
                    if ((full.matches(relative) || top.matches(relative))
                            && (attrs.isRegularFile() || attrs.isSymbolicLink() && Files.isRegularFile(file))) {
                        files.add(file);
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE; // an unreadable subdirectory does not end the walk
                }
            });
        } catch (IOException e) {
            throw SourceFailure.unreadable("cannot walk " + directory + ": " + e.getClass().getSimpleName());
        }
        Collections.sort(files);
        return files;
    }
}

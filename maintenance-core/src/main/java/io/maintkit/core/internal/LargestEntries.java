package io.maintkit.core.internal;

import io.maintkit.core.DataSize;
import io.maintkit.core.DiskSpaceReport.Entry;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The largest entries directly under a folder, folders summed recursively, symbolic links not followed. */
public final class LargestEntries {

    private LargestEntries() {
    }

    /** The {@code n} largest entries under {@code folder}, largest first. Unreadable entries are skipped. */
    public static List<Entry> under(Path folder, int n) throws IOException {
        List<Entry> entries = new ArrayList<>();
        try (DirectoryStream<Path> children = Files.newDirectoryStream(folder)) {
            for (Path child : children) {
                BasicFileAttributes attrs = Files.readAttributes(child, BasicFileAttributes.class,
                        LinkOption.NOFOLLOW_LINKS);
                if (attrs.isDirectory()) {
                    entries.add(new Entry(child, DataSize.ofBytes(sizeOf(child)), true));
                } else if (attrs.isRegularFile()) {
                    entries.add(new Entry(child, DataSize.ofBytes(attrs.size()), false));
                }
            }
        }
        entries.sort(Comparator.comparing(Entry::size).reversed().thenComparing(Entry::path));
        return entries.subList(0, Math.min(n, entries.size()));
    }

    private static long sizeOf(Path folder) throws IOException {
        long[] total = {0};
        Files.walkFileTree(folder, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (attrs.isRegularFile()) {
                    total[0] += attrs.size();
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                return FileVisitResult.CONTINUE;
            }
        });
        return total[0];
    }
}

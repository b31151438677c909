package io.maintkit.certs.internal;

import io.maintkit.certs.SourceResult;

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
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * A directory walked recursively, keeping the files whose path relative to it matches a glob. A glob starting with
 * {@code **}{@code /} also matches files directly in the directory.
 *
 * @param directory the directory
 * @param glob      the glob, e.g. {@code **}{@code /*.{pem,crt}}
 */
public record DirectorySource(Path directory, String glob) implements Source {

    /** A walk's outcome: the files as sources, or why there are none. */
    private record Listing(List<FileSource> files, SourceFailure failure) {
    }

    /** The name findings use when the walk itself fails: {@code /etc/ssl/certs/**}{@code /*.pem}. */
    @Override
    public String name() {
        return directory.resolve(glob).toString().replace('\\', '/');
    }

    @Override
    public SourceResult.Kind kind() {
        return SourceResult.Kind.DIRECTORY;
    }

    /** Walks the directory on the scan's executor, then reads every file it kept, in parallel. */
    @Override
    public CompletableFuture<List<SourceResult>> start(Scan scan) {
        return Source.guarded(CompletableFuture.supplyAsync(this::listing, scan.executor()).thenCompose(listing ->
                listing.failure() != null
                        ? CompletableFuture.completedFuture(List.of(ResultAssembler.failed(name(), kind(),
                                listing.failure())))
                        : Source.all(listing.files().stream().map(file -> file.start(scan)).toList())), this);
    }

    private Listing listing() {
        try {
            List<FileSource> files = sources();
            return files.isEmpty()
                    ? new Listing(List.of(), SourceFailure.unreadable("no file matches " + glob + " in " + directory))
                    : new Listing(files, null);
        } catch (SourceFailure e) {
            return new Listing(List.of(), e);
        }
    }

    /**
     * The matching files as sources, sorted. A private key file whose name obviously pairs it with a certificate
     * file beside it ({@code privkey.pem} with {@code cert.pem} or else {@code fullchain.pem}, the Let's Encrypt
     * layout; {@code key.pem} with {@code cert.pem}; {@code api.key} with {@code api.crt} or {@code api.pem}) is
     * that certificate file's key rather than a source of its own.
     */
    private List<FileSource> sources() throws SourceFailure {
        List<Path> files = files();
        Set<Path> matched = new HashSet<>(files);
        Map<Path, Path> keyOf = new HashMap<>();
        for (Path file : files) {
            Path name = file.getFileName();
            for (String partner : name == null ? List.<String>of() : partners(name.toString())) {
                Path certificate = file.resolveSibling(partner);
                if (matched.contains(certificate)) {
                    keyOf.putIfAbsent(certificate, file);
                    break;
                }
            }
        }
        Set<Path> keys = new HashSet<>(keyOf.values());
        return files.stream().filter(f -> !keys.contains(f)).map(f -> FileSource.listed(f, keyOf.get(f))).toList();
    }

    /** The certificate file names a key file's name points to, in order of preference. */
    private static List<String> partners(String keyName) {
        if (keyName.equals("privkey.pem")) {
            return List.of("cert.pem", "fullchain.pem");
        }
        if (keyName.equals("key.pem")) {
            return List.of("cert.pem");
        }
        for (String suffix : List.of(".key.pem", "-key.pem", "_key.pem", ".key")) {
            if (keyName.endsWith(suffix) && keyName.length() > suffix.length()) {
                String stem = keyName.substring(0, keyName.length() - suffix.length());
                return List.of(stem + ".crt", stem + ".pem", stem + ".cer", stem + "-cert.pem", stem + ".cert.pem");
            }
        }
        return List.of();
    }

    /** The matching regular files, sorted; symbolic links to files count, links to directories are not followed. */
    private List<Path> files() throws SourceFailure {
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

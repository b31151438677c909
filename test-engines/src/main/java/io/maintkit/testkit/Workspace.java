package io.maintkit.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.InetAddress;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Directories under {@code java.io.tmpdir}: a per-user cache of unpacked server binaries, reused
 * across JVMs, and throw-away run directories for data.
 */
final class Workspace {

    private static final String OWNER_FILE = ".owner";
    private static final String SERVER_FILE = ".server-pid";
    private static boolean swept;

    private Workspace() {
    }

    /** {@code <java.io.tmpdir>/maintkit-testkit-<user>}, world-traversable. */
    static Path root() {
        String user = System.getProperty("user.name", "user").replaceAll("[^A-Za-z0-9_.-]", "_");
        Path root = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath().resolve("maintkit-testkit-" + user);
        return directory(root);
    }

    /** A directory under the root, created with mode 0755 when missing. */
    static Path directory(Path path) {
        try {
            Files.createDirectories(path);
            if (!ServerAccount.isWindows()) {
                Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
            return path;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create " + path, e);
        }
    }

    /**
     * A fresh, empty directory for one server's data and log; removed with {@link #delete(Path)}.
     * It records this JVM as its owner, so that a later JVM can clear it away (and stop its server)
     * should this one die without running its shutdown hooks.
     */
    static Path newRunDirectory(String prefix) {
        try {
            Path runs = directory(root().resolve("runs"));
            sweepOnce(runs);
            Path run = Files.createTempDirectory(runs, prefix);
            if (!ServerAccount.isWindows()) {
                Files.setPosixFilePermissions(run, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
            ProcessHandle self = ProcessHandle.current();
            Files.writeString(run.resolve(OWNER_FILE), self.pid() + " " + self.info().startInstant().map(Object::toString).orElse("-"));
            return run;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a run directory", e);
        }
    }

    /** Records the server process of a run directory, for {@link #newRunDirectory(String)}'s clean-up. */
    static void recordServer(Path run, long pid) {
        try {
            Files.writeString(run.resolve(SERVER_FILE), Long.toString(pid));
        } catch (IOException e) {
            // only the clean-up after a crashed JVM needs it
        }
    }

    private static synchronized void sweepOnce(Path runs) {
        if (swept) {
            return;
        }
        swept = true;
        try (var entries = Files.list(runs)) {
            for (Path run : (Iterable<Path>) entries::iterator) {
                if (Files.isRegularFile(run.resolve(OWNER_FILE)) && !ownerAlive(run)) {
                    stopServer(run);
                    delete(run);
                }
            }
        } catch (IOException | RuntimeException e) {
            // clean-up is best effort
        }
    }

    private static boolean ownerAlive(Path run) throws IOException {
        String[] owner = Files.readString(run.resolve(OWNER_FILE)).trim().split(" ");
        Optional<ProcessHandle> process = ProcessHandle.of(Long.parseLong(owner[0]));
        return process.isPresent() && process.get().isAlive()
                && process.get().info().startInstant().map(Object::toString).orElse("-").equals(owner.length > 1 ? owner[1] : "-");
    }

    /** Stops the server a dead JVM left behind, if it still runs from this user's cached binaries. */
    private static void stopServer(Path run) throws IOException {
        Path serverFile = run.resolve(SERVER_FILE);
        if (!Files.isRegularFile(serverFile)) {
            return;
        }
        Optional<ProcessHandle> server = ProcessHandle.of(Long.parseLong(Files.readString(serverFile).trim()));
        String cache = root().toString();
        if (server.isPresent() && server.get().isAlive()
                && server.get().info().command().map(command -> command.startsWith(cache)).orElse(false)) {
            server.get().destroy();
            try {
                server.get().onExit().get(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                server.get().destroyForcibly();
            }
        }
    }

    /** Takes an exclusive lock shared by all JVMs of this user; close the result to release it. */
    static FileLock lock(Path lockFile) {
        try {
            FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            try {
                return channel.lock();
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot lock " + lockFile, e);
        }
    }

    /** Releases a lock taken with {@link #lock(Path)}. */
    static void release(FileLock lock) {
        FileChannel channel = lock.channel();
        try {
            lock.release();
        } catch (IOException e) {
            // closing the channel releases it too
        }
        try {
            channel.close();
        } catch (IOException e) {
            // nothing left to release
        }
    }

    /** Deletes a directory tree; best effort, never throws. */
    static void delete(Path root) {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException exc) {
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                    Files.deleteIfExists(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException | RuntimeException e) {
            // left for the operating system's temporary-file clean-up
        }
    }

    /** A TCP port that is free on 127.0.0.1 at the time of the call. */
    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free TCP port on 127.0.0.1", e);
        }
    }

    /** The last lines of a text file, for error messages; empty when unreadable. */
    static String tail(Path file, int lines) {
        try {
            if (file == null || !Files.isReadable(file)) {
                return "";
            }
            List<String> all = Files.readAllLines(file, java.nio.charset.StandardCharsets.UTF_8);
            return String.join(System.lineSeparator(), all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    /** The last lines of a text, for error messages. */
    static String tail(String text, int lines) {
        Deque<String> kept = new ArrayDeque<>();
        for (String line : text.split("\\R")) {
            kept.addLast(line);
            if (kept.size() > lines) {
                kept.removeFirst();
            }
        }
        return String.join(System.lineSeparator(), kept);
    }

    /** Registers a JVM shutdown hook; returns it so that it can be removed. */
    static Thread onShutdown(String name, Runnable action) {
        Thread hook = new Thread(action, name);
        Runtime.getRuntime().addShutdownHook(hook);
        return hook;
    }

    /** Removes a hook registered with {@link #onShutdown}; harmless during shutdown. */
    static void removeShutdownHook(Thread hook) {
        if (hook == null) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down
        }
    }
}

package io.maintkit.testkit;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import redis.embedded.core.ExecutableProvider;

/**
 * A {@code redis-server} executable a test can start private servers from with {@link RedisProcess}.
 *
 * <pre>{@code
 * assumeTrue(RedisBinary.DEBIAN.isAvailable());
 * try (RedisProcess redis = RedisProcess.start(RedisBinary.DEBIAN, "--maxmemory", "2mb")) { ... }
 * }</pre>
 */
public enum RedisBinary {

    /** The Redis 6.2 executable inside the embedded-redis jar, unpacked once per JVM; always available. */
    EMBEDDED_6_2,
    /** Debian's {@code /usr/bin/redis-server} (package {@code redis-server}, 7.0 on Debian 12), when installed. */
    DEBIAN;

    private static final Path DEBIAN_SERVER = Path.of("/usr/bin/redis-server");
    private static final Path DEBIAN_CLI = Path.of("/usr/bin/redis-cli");
    private static final Lazy<Path> UNPACKED = new Lazy<>("Unpacking the embedded Redis", RedisBinary::unpack);

    /** Whether this executable exists on this machine. */
    public boolean isAvailable() {
        return this == EMBEDDED_6_2 || Files.isExecutable(DEBIAN_SERVER);
    }

    /**
     * The {@code redis-server} executable.
     *
     * @throws IllegalStateException when it is not available
     */
    public Path server() {
        if (this == EMBEDDED_6_2) {
            return UNPACKED.get();
        }
        if (!isAvailable()) {
            throw new IllegalStateException(DEBIAN_SERVER + " is not installed (Debian package redis-server)");
        }
        return DEBIAN_SERVER;
    }

    /** Debian's {@code redis-cli}, when installed (used by benchmarks as the baseline and to create clusters). */
    public static Optional<Path> cli() {
        return Files.isExecutable(DEBIAN_CLI) ? Optional.of(DEBIAN_CLI) : Optional.empty();
    }

    /** The executables available on this machine, embedded first. */
    public static List<RedisBinary> available() {
        return List.of(values()).stream().filter(RedisBinary::isAvailable).toList();
    }

    private static Path unpack() {
        Path directory = Workspace.newRunDirectory("redis-binary-");
        Workspace.onShutdown("maintkit-redis-binary-delete", () -> Workspace.delete(directory));
        try {
            File executable = ExecutableProvider.newJarResourceProvider(directory.toFile()).get();
            if (!executable.canExecute() && !executable.setExecutable(true)) {
                throw new IllegalStateException("Cannot make " + executable + " executable");
            }
            return executable.toPath();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot unpack the embedded Redis executable: " + e.getMessage(), e);
        }
    }
}

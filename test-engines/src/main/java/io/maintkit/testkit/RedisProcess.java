package io.maintkit.testkit;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A private {@code redis-server} process for one test: its own free port on 127.0.0.1, its own data directory,
 * no password, no automatic snapshots, stopped and deleted by {@link #close()} (or at JVM exit).
 *
 * <p>Unlike the shared {@link TestEngines#redis()}, a test may reconfigure, fill, break or stop it:
 *
 * <pre>{@code
 * try (RedisProcess redis = RedisProcess.start(RedisBinary.DEBIAN, "--maxmemory", "2mb",
 *                                              "--maxmemory-policy", "allkeys-lru")) {
 *     RedisClient client = RedisClient.create(redis.uri());
 *     ...
 * }
 * }</pre>
 */
public final class RedisProcess implements RedisEngine, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RedisProcess.class);
    private static final int PORT_ATTEMPTS = 3;
    private static final long GRACE_SECONDS = 10;

    private final RedisBinary binary;
    private final Process process;
    private final int port;
    private final Path runDirectory;
    private final Path dataDirectory;
    private final String version;
    private final Thread shutdownHook;
    private boolean stopped;

    private RedisProcess(RedisBinary binary, Process process, int port, Path runDirectory, Path dataDirectory,
                         String version) {
        this.binary = binary;
        this.process = process;
        this.port = port;
        this.runDirectory = runDirectory;
        this.dataDirectory = dataDirectory;
        this.version = version;
        this.shutdownHook = Workspace.onShutdown("maintkit-redis-stop-" + port, this::stopQuietly);
    }

    /**
     * Starts a server from {@code binary} and waits until it answers {@code PING}.
     *
     * @param binary    which executable
     * @param arguments further settings as {@code redis-server} takes them on its command line, e.g.
     *                  {@code "--maxmemory", "2mb"} or {@code "--replicaof", "127.0.0.1", "1"}
     * @return the running server
     * @throws IllegalStateException when it does not start; the message carries the log's tail
     */
    public static RedisProcess start(RedisBinary binary, String... arguments) {
        return launch(binary, null, arguments);
    }

    /**
     * Starts a Sentinel (one, quorum 1) monitoring the primary {@code masterName} at {@code primary}, with a down
     * detection of one second and a failover timeout of ten, and waits until it answers.
     *
     * <pre>{@code
     * RedisURI viaSentinel = RedisURI.Builder.sentinel(sentinel.host(), sentinel.port(), "mymaster").build();
     * }</pre>
     */
    public static RedisProcess startSentinel(RedisBinary binary, RedisEngine primary, String masterName) {
        String config = String.join(System.lineSeparator(),
                "sentinel monitor " + masterName + " " + primary.host() + " " + primary.port() + " 1",
                "sentinel down-after-milliseconds " + masterName + " 1000",
                "sentinel failover-timeout " + masterName + " 10000", "");
        return launch(binary, config);
    }

    private static RedisProcess launch(RedisBinary binary, String sentinelConfig, String... arguments) {
        Path executable = binary.server();
        Path run = Workspace.newRunDirectory(sentinelConfig == null ? "redis-process-" : "redis-sentinel-");
        Path data = Workspace.directory(run.resolve("data"));
        Path log = run.resolve("redis.log");
        IllegalStateException failure = null;
        for (int attempt = 1; attempt <= PORT_ATTEMPTS; attempt++) {
            int port = Workspace.freePort();
            List<String> command = new ArrayList<>(List.of(executable.toString()));
            if (sentinelConfig != null) {
                Path conf = run.resolve("sentinel.conf");
                try {
                    java.nio.file.Files.writeString(conf, sentinelConfig);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException("Cannot write " + conf, e);
                }
                command.addAll(List.of(conf.toString(), "--sentinel"));
            }
            command.addAll(List.of("--port", Integer.toString(port), "--bind", ServerProcess.HOST,
                    "--dir", data.toString(), "--daemonize", "no", "--logfile", log.toString()));
            if (sentinelConfig == null) {
                command.addAll(List.of("--dbfilename", "dump.rdb", "--save", "", "--appendonly", "no"));
            }
            command.addAll(List.of(arguments));
            Process process;
            try {
                process = new ProcessBuilder(command).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            } catch (IOException e) {
                Workspace.delete(run);
                throw new IllegalStateException("Cannot start " + executable + ": " + e.getMessage(), e);
            }
            Workspace.recordServer(run, process.pid());
            Optional<String> version = awaitPing(process, port, password(arguments));
            if (version.isPresent()) {
                LOG.info("Redis {} ({}) started on {}:{} (directory {})", version.get(), binary, ServerProcess.HOST,
                        port, data);
                return new RedisProcess(binary, process, port, run, data, version.get());
            }
            Processes.destroy(process, GRACE_SECONDS);
            String tail = Workspace.tail(log, 30);
            failure = new IllegalStateException("redis-server " + binary + " did not start on port " + port
                    + ". Log:" + System.lineSeparator() + tail);
            if (!tail.toLowerCase(Locale.ROOT).contains("address already in use")) {
                break;
            }
        }
        Workspace.delete(run);
        throw failure;
    }

    private static String password(String... arguments) {
        for (int i = 0; i + 1 < arguments.length; i++) {
            if (arguments[i].equals("--requirepass")) {
                return arguments[i + 1];
            }
        }
        return null;
    }

    private static Optional<String> awaitPing(Process process, int port, String password) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(ServerProcess.START_TIMEOUT_SECONDS);
        String[][] commands = password == null ? new String[][] {{"INFO", "server"}}
                : new String[][] {{"AUTH", password}, {"INFO", "server"}};
        while (System.nanoTime() < deadline && process.isAlive()) {
            try {
                String info = Resp.exchange(ServerProcess.HOST, port, false, commands);
                return Optional.ofNullable(Resp.infoField(info, "redis_version"));
            } catch (IOException e) {
                // not listening yet
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** The executable this server runs. */
    public RedisBinary binary() {
        return binary;
    }

    @Override
    public String uri() {
        return "redis://" + ServerProcess.HOST + ":" + port;
    }

    @Override
    public String host() {
        return ServerProcess.HOST;
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public String version() {
        return version;
    }

    @Override
    public Optional<Path> dataDirectory() {
        return Optional.of(dataDirectory);
    }

    /** The server's log file. */
    public Path logFile() {
        return runDirectory.resolve("redis.log");
    }

    /** Whether the process still runs. */
    public boolean isRunning() {
        return process.isAlive();
    }

    /** Stops the server (SIGTERM, then SIGKILL after a grace period) and keeps its directory until {@link #close()}. */
    public synchronized void stopServer() {
        Processes.destroy(process, GRACE_SECONDS);
    }

    /** Stops the server and deletes its directory. */
    @Override
    public synchronized void close() {
        stopQuietly();
        Workspace.removeShutdownHook(shutdownHook);
    }

    private synchronized void stopQuietly() {
        if (stopped) {
            return;
        }
        stopped = true;
        Processes.destroy(process, GRACE_SECONDS);
        Workspace.delete(runDirectory);
    }

    @Override
    public String toString() {
        return "RedisProcess[" + version + " " + binary + " " + uri() + (stopped ? " stopped" : "") + "]";
    }
}

package io.maintkit.testkit;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.embedded.RedisServer;
import redis.embedded.core.ExecutableProvider;

/** The embedded Redis of {@link TestEngines#redis()}, run by embedded-redis. */
final class EmbeddedRedis implements RedisEngine {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedRedis.class);
    private static final String HOST = "127.0.0.1";
    private static final int PORT_ATTEMPTS = 3;

    private final RedisServer server;
    private final int port;
    private final Path runDirectory;
    private final Path dataDirectory;
    private final String version;
    private boolean stopped;

    private EmbeddedRedis(RedisServer server, int port, Path runDirectory, Path dataDirectory, String version) {
        this.server = server;
        this.port = port;
        this.runDirectory = runDirectory;
        this.dataDirectory = dataDirectory;
        this.version = version;
    }

    static EmbeddedRedis start() {
        long started = System.nanoTime();
        Path run = Workspace.newRunDirectory("redis-");
        Path data = Workspace.directory(run.resolve("data"));
        RuntimeException failure = null;
        for (int attempt = 1; attempt <= PORT_ATTEMPTS; attempt++) {
            int port = Workspace.freePort();
            RedisServer server = null;
            try {
                server = RedisServer.newRedisServer()
                        .executableProvider(ExecutableProvider.newJarResourceProvider(run.toFile()))
                        .port(port)
                        .bind(HOST)
                        .setting("dir " + quote(data.toString()))
                        .setting("dbfilename dump.rdb")
                        .setting("save \"\"")
                        .setting("appendonly no")
                        .setting("protected-mode yes")
                        .build();
                server.start();
                String info = Resp.exchange(HOST, port, false, new String[] {"INFO", "server"});
                String version = Resp.infoField(info, "redis_version");
                String pid = Resp.infoField(info, "process_id");
                if (pid != null) {
                    Workspace.recordServer(run, Long.parseLong(pid));
                }
                EmbeddedRedis engine = new EmbeddedRedis(server, port, run, data, version);
                Workspace.onShutdown("maintkit-redis-stop-" + port, engine::stop);
                LOG.info("Redis {} started on {}:{} in {} ms (data directory {})", version, HOST, port,
                        (System.nanoTime() - started) / 1_000_000, data);
                return engine;
            } catch (IOException | RuntimeException e) {
                stopQuietly(server);
                failure = new IllegalStateException("The embedded Redis did not start on " + HOST + ":" + port + ": " + e.getMessage(), e);
            }
        }
        Workspace.delete(run);
        throw failure;
    }

    private static String quote(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static void stopQuietly(RedisServer server) {
        if (server == null) {
            return;
        }
        try {
            server.stop();
        } catch (IOException | RuntimeException e) {
            LOG.debug("Stopping Redis failed", e);
        }
    }

    synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        stopQuietly(server);
        Workspace.delete(runDirectory);
    }

    @Override
    public String uri() {
        return "redis://" + HOST + ":" + port;
    }

    @Override
    public String host() {
        return HOST;
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

    @Override
    public String toString() {
        return "EmbeddedRedis[" + version + " " + uri() + (stopped ? " stopped" : "") + "]";
    }
}

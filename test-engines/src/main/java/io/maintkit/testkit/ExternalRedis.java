package io.maintkit.testkit;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** An existing Redis server named by {@code MAINTKIT_REDIS_URL}. */
final class ExternalRedis implements RedisEngine {

    static final String VARIABLE = "MAINTKIT_REDIS_URL";
    private static final Logger LOG = LoggerFactory.getLogger(ExternalRedis.class);

    private final String uri;
    private final ServerUrl parsed;
    private final String version;

    private ExternalRedis(String uri, ServerUrl parsed, String version) {
        this.uri = uri;
        this.parsed = parsed;
        this.version = version;
    }

    static ExternalRedis connect(String uri) {
        ServerUrl parsed = ServerUrl.parse(VARIABLE, uri, 6379);
        if (!parsed.scheme().equals("redis") && !parsed.scheme().equals("rediss")) {
            throw new IllegalArgumentException(VARIABLE + " must be a redis:// or rediss:// URI");
        }
        List<String[]> commands = new ArrayList<>();
        if (parsed.password() != null && !parsed.password().isEmpty()) {
            commands.add(parsed.user() == null ? new String[] {"AUTH", parsed.password()}
                    : new String[] {"AUTH", parsed.user(), parsed.password()});
        }
        commands.add(new String[] {"INFO", "server"});
        String version;
        try {
            String info = Resp.exchange(parsed.host(), parsed.port(), parsed.scheme().equals("rediss"), commands.toArray(new String[0][]));
            version = Resp.infoField(info, "redis_version");
        } catch (IOException e) {
            throw new IllegalStateException("Cannot reach the Redis server of " + parsed + ": " + e.getMessage(), e);
        }
        LOG.info("Using the existing Redis {} server from {}", version, parsed);
        return new ExternalRedis(uri.trim(), parsed, version);
    }

    @Override
    public String uri() {
        return uri;
    }

    @Override
    public String host() {
        return parsed.host();
    }

    @Override
    public int port() {
        return parsed.port();
    }

    @Override
    public String version() {
        return version;
    }

    @Override
    public Optional<Path> dataDirectory() {
        return Optional.empty();
    }

    /** Names the server, never the password. */
    @Override
    public String toString() {
        return "ExternalRedis[" + version + " " + parsed + "]";
    }
}

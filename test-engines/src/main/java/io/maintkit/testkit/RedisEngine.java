package io.maintkit.testkit;

import java.nio.file.Path;
import java.util.Optional;

/**
 * A Redis server for tests: the shared one from {@link TestEngines#redis()}.
 *
 * <p>The embedded server (embedded-redis) listens on 127.0.0.1 without password, without
 * automatic snapshots ({@code save ""}) and writes {@code SAVE}/{@code BGSAVE} snapshots as
 * {@code dump.rdb} into {@link #dataDirectory()}.
 */
public interface RedisEngine {

    /**
     * The URI to connect to, as Lettuce's {@code RedisURI.create} takes it; carries the password of
     * an existing server named by {@code MAINTKIT_REDIS_URL}, so keep it out of logs.
     *
     * @return e.g. {@code redis://127.0.0.1:6380}
     */
    String uri();

    /**
     * The host to connect to.
     *
     * @return {@code 127.0.0.1} for the embedded server
     */
    String host();

    /**
     * The TCP port to connect to.
     *
     * @return the port
     */
    int port();

    /**
     * The server version, from {@code INFO server}.
     *
     * @return e.g. {@code 6.2.6}
     */
    String version();

    /**
     * The directory the server writes {@code dump.rdb} into.
     *
     * @return the directory for the embedded server; empty for an existing server named by
     *     {@code MAINTKIT_REDIS_URL}
     */
    Optional<Path> dataDirectory();
}

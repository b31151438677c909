package io.maintkit.redis.internal;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * How maintkit reaches one Redis deployment: through the host's {@link RedisClient} (its default URI), or a
 * {@link RedisURI} for which maintkit creates a client of its own and shuts it down after each use. Either way
 * maintkit closes every connection it opens and never closes the host's client.
 */
public final class Connector {

    private final RedisClient client;
    private final RedisURI uri;

    private Connector(RedisClient client, RedisURI uri) {
        this.client = client;
        this.uri = uri;
    }

    /** Through the host's client and its default URI. */
    public static Connector of(RedisClient client) {
        return new Connector(Objects.requireNonNull(client, "client"), null);
    }

    /** Through a client of maintkit's own, created and shut down per use. */
    public static Connector of(RedisURI uri) {
        return new Connector(null, Objects.requireNonNull(uri, "uri"));
    }

    /** Opens a connection with the given codec; the caller closes the result. */
    public <K, V> Link<K, V> open(RedisCodec<K, V> codec) {
        if (client != null) {
            return new Link<>(client.connect(codec), null);
        }
        RedisClient own = RedisClient.create();
        try {
            return new Link<>(own.connect(codec, uri), own);
        } catch (RuntimeException e) {
            own.shutdown();
            throw e;
        }
    }

    /** Opens a node connection with string keys and values; the caller closes the result. */
    public Node node(java.time.Duration timeout, String name) {
        Link<String, String> link = open(StringCodec.UTF8);
        try {
            return new Node(link, timeout, name != null ? name : describe());
        } catch (RuntimeException e) {
            link.close();
            throw e;
        }
    }

    /**
     * The deployment as an operator names it, without credentials: {@code redis://host:port},
     * {@code redis-sentinel://s1:26379,s2:26379/mymaster}; {@code redis} for a host's client whose URI is not
     * visible (name it with {@code target(...)}).
     */
    public String describe() {
        if (uri == null) {
            return "redis";
        }
        return describe(uri);
    }

    /** A URI without its credentials. */
    public static String describe(RedisURI uri) {
        if (!uri.getSentinels().isEmpty()) {
            return "redis-sentinel://" + uri.getSentinels().stream().map(s -> s.getHost() + ":" + s.getPort())
                    .collect(Collectors.joining(",")) + "/" + uri.getSentinelMasterId();
        }
        if (uri.getSocket() != null) {
            return "redis-socket://" + uri.getSocket();
        }
        return (uri.isSsl() ? "rediss://" : "redis://") + uri.getHost() + ":" + uri.getPort();
    }

    /**
     * An open connection and, when maintkit created it, the client to shut down with it.
     *
     * @param connection the connection
     * @param ownClient  maintkit's own client, or null for the host's
     * @param <K>        key type
     * @param <V>        value type
     */
    public record Link<K, V>(StatefulRedisConnection<K, V> connection, RedisClient ownClient)
            implements AutoCloseable {

        /** Closes the connection, and maintkit's own client. */
        @Override
        public void close() {
            try {
                connection.close();
            } finally {
                if (ownClient != null) {
                    ownClient.shutdown();
                }
            }
        }
    }
}

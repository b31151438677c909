package io.maintkit.redis.internal;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * How maintkit reaches one Redis deployment, and each of its nodes: through the host's {@link RedisClient} (its
 * default URI), a {@link RedisURI} for which maintkit creates a client of its own and shuts it down after each use,
 * or the host's {@link RedisClusterClient}, whose nodes are reached one by one ({@link #nodes(Scope)}) through a
 * cluster connection opened and closed per use. Either way maintkit closes every connection it opens and never
 * closes the host's client.
 *
 * <p>This is the one place that knows the topology: every primitive walks {@link #nodes(Scope)} (a standalone or
 * Sentinel-managed deployment is its own only node) and talks to each node alike, grouping multi-key commands per
 * hash slot where {@link #slotted()} says the node is part of a cluster.
 */
public final class Connector {

    /** Which nodes {@link #nodes(Scope)} lists. */
    public enum Scope {
        /** The nodes that hold keys to scan and change: primaries serving slots. */
        PRIMARIES,
        /** Every node, primaries and replicas, failed ones included (they are what health must report). */
        EVERY_NODE
    }

    private final RedisClient client;
    private final RedisURI uri;
    private final RedisClusterClient cluster;
    private final RedisClusterNode node;

    private Connector(RedisClient client, RedisURI uri, RedisClusterClient cluster, RedisClusterNode node) {
        this.client = client;
        this.uri = uri;
        this.cluster = cluster;
        this.node = node;
    }

    /** Through the host's client and its default URI. */
    public static Connector of(RedisClient client) {
        return new Connector(Objects.requireNonNull(client, "client"), null, null, null);
    }

    /** Through a client of maintkit's own, created and shut down per use. */
    public static Connector of(RedisURI uri) {
        return new Connector(null, Objects.requireNonNull(uri, "uri"), null, null);
    }

    /** Through the host's cluster client, node by node. */
    public static Connector of(RedisClusterClient client) {
        return new Connector(null, null, Objects.requireNonNull(client, "client"), null);
    }

    /** Whether this is a whole cluster, whose nodes are reached through {@link #nodes(Scope)}. */
    public boolean isCluster() {
        return cluster != null && node == null;
    }

    /** Whether this is one node of a cluster: a multi-key command must keep to one hash slot. */
    public boolean slotted() {
        return node != null;
    }

    /**
     * The nodes to visit, in a stable order (by address). A standalone or Sentinel deployment, or one node, is its
     * own only node. For a cluster, the host's client's view of the topology is refreshed first, so that a re-run
     * after a failover finds the new primaries, and read through its iterator, which stays consistent while other
     * checks refresh it at the same time.
     */
    public List<Connector> nodes(Scope scope) {
        if (!isCluster()) {
            return List.of(this);
        }
        cluster.refreshPartitions();
        List<RedisClusterNode> known = new java.util.ArrayList<>();
        for (RedisClusterNode n : cluster.getPartitions()) {
            known.add(n);
        }
        return known.stream()
                .filter(n -> scope == Scope.EVERY_NODE
                        || (n.is(RedisClusterNode.NodeFlag.UPSTREAM) && !n.hasNoSlots()))
                .filter(n -> n.getUri() != null && !n.is(RedisClusterNode.NodeFlag.NOADDR))
                .sorted(Comparator.comparing((RedisClusterNode n) -> n.getUri().getHost())
                        .thenComparingInt(n -> n.getUri().getPort()))
                .map(n -> new Connector(null, null, cluster, n.clone()))
                .toList();
    }

    /** The cluster's id of this node ({@code CLUSTER MYID}); empty outside a cluster. */
    public String nodeId() {
        return node == null ? "" : node.getNodeId();
    }

    /**
     * Opens a connection with the given codec; the caller closes the result.
     *
     * @throws IllegalStateException on a whole cluster: open its {@link #nodes(Scope)}
     */
    public <K, V> Link<K, V> open(RedisCodec<K, V> codec) {
        if (cluster != null) {
            if (node == null) {
                throw new IllegalStateException("a cluster is reached node by node");
            }
            StatefulRedisClusterConnection<K, V> via = cluster.connect(codec);
            try {
                return new Link<>(via.getConnection(node.getUri().getHost(), node.getUri().getPort()), via::close);
            } catch (RuntimeException e) {
                via.close();
                throw e;
            }
        }
        if (client != null) {
            StatefulRedisConnection<K, V> connection = client.connect(codec);
            return new Link<>(connection, connection::close);
        }
        RedisClient own = RedisClient.create();
        try {
            StatefulRedisConnection<K, V> connection = own.connect(codec, uri);
            return new Link<>(connection, () -> {
                try {
                    connection.close();
                } finally {
                    own.shutdown();
                }
            });
        } catch (RuntimeException e) {
            own.shutdown();
            throw e;
        }
    }

    /** Opens a node connection with string keys and values; the caller closes the result. */
    public Node node(java.time.Duration timeout, String name) {
        Link<String, String> link = open(StringCodec.UTF8);
        try {
            return new Node(link, timeout, name != null && node == null ? name : describe());
        } catch (RuntimeException e) {
            link.close();
            throw e;
        }
    }

    /**
     * The deployment as an operator names it, without credentials: {@code redis://host:port},
     * {@code redis-sentinel://s1:26379,s2:26379/mymaster}, a cluster's node as {@code redis://host:port};
     * {@code redis} for a host's client whose URI is not visible and {@code redis-cluster} for a host's cluster
     * client (name them with {@code target(...)}).
     */
    public String describe() {
        if (node != null) {
            return describe(node.getUri());
        }
        if (cluster != null) {
            return "redis-cluster";
        }
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
     * An open connection and what closes it: the connection itself, the cluster connection it belongs to, or the
     * connection and maintkit's own client.
     *
     * @param connection the connection
     * @param closer     closes what was opened for it; never the host's client
     * @param <K>        key type
     * @param <V>        value type
     */
    public record Link<K, V>(StatefulRedisConnection<K, V> connection, Runnable closer) implements AutoCloseable {

        /** Closes what was opened. */
        @Override
        public void close() {
            closer.run();
        }
    }
}

package io.maintkit.testkit;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A private Redis Cluster for one test class: three primaries and three replicas, each a {@link RedisProcess} of
 * Debian's {@code redis-server} ({@code --cluster-enabled yes}, its own port, bus port and directory), joined with
 * {@code redis-cli --cluster create ... --cluster-replicas 1 --cluster-yes}. {@link #start()} returns once every node
 * reports {@code cluster_state:ok} and every replica's link to its primary is up. A node timeout of one second
 * makes a replica take over a stopped primary within a few seconds ({@link #stop(RedisProcess)},
 * {@link #awaitHealthy()}). {@link #close()} stops every node and deletes their directories.
 *
 * <pre>{@code
 * assumeTrue(RedisCluster.isAvailable());
 * try (RedisCluster cluster = RedisCluster.start()) {
 *     RedisClusterClient client = RedisClusterClient.create(cluster.seeds());
 *     ...
 *     cluster.stop(cluster.primaries().get(0));   // provoke a failover
 *     cluster.awaitHealthy();                      // the replica took over
 * }
 * }</pre>
 */
public final class RedisCluster implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RedisCluster.class);
    /** The node timeout: a primary that does not answer for this long is failed over. */
    public static final int NODE_TIMEOUT_MILLIS = 1_000;
    private static final int PRIMARIES = 3;
    private static final long READY_TIMEOUT_SECONDS = 60;

    private final List<RedisProcess> nodes;

    private RedisCluster(List<RedisProcess> nodes) {
        this.nodes = List.copyOf(nodes);
    }

    /** Whether Debian's {@code redis-server} and {@code redis-cli} are installed. */
    public static boolean isAvailable() {
        return RedisBinary.DEBIAN.isAvailable() && RedisBinary.cli().isPresent();
    }

    /**
     * Starts six nodes, creates the cluster and waits until it is healthy.
     *
     * @throws IllegalStateException when a node does not start or the cluster does not become healthy in time
     */
    public static RedisCluster start() {
        if (!isAvailable()) {
            throw new IllegalStateException("a cluster needs Debian's redis-server and redis-cli"
                    + " (package redis-server)");
        }
        List<RedisProcess> started = new ArrayList<>();
        try {
            for (int i = 0; i < 2 * PRIMARIES; i++) {
                started.add(RedisProcess.start(RedisBinary.DEBIAN, "--cluster-enabled", "yes",
                        "--cluster-config-file", "nodes.conf",
                        "--cluster-node-timeout", Integer.toString(NODE_TIMEOUT_MILLIS),
                        "--cluster-port", Integer.toString(Workspace.freePort()),
                        "--cluster-replica-validity-factor", "0"));
            }
            List<String> create = new ArrayList<>(List.of(RedisBinary.cli().orElseThrow().toString(), "--cluster",
                    "create"));
            started.forEach(n -> create.add(n.host() + ":" + n.port()));
            create.addAll(List.of("--cluster-replicas", "1", "--cluster-yes"));
            Processes.Result result = Processes.run(create, null, java.util.Map.of(), READY_TIMEOUT_SECONDS);
            if (!result.succeeded()) {
                throw new IllegalStateException("redis-cli --cluster create failed:" + System.lineSeparator()
                        + Workspace.tail(result.output(), 20));
            }
            RedisCluster cluster = new RedisCluster(started);
            cluster.awaitHealthy();
            LOG.info("Redis Cluster of {} nodes started: {}", started.size(), cluster.seeds());
            return cluster;
        } catch (RuntimeException e) {
            started.forEach(RedisProcess::close);
            throw e;
        }
    }

    /** Every node, stopped or not, in start order. */
    public List<RedisProcess> nodes() {
        return nodes;
    }

    /** The running nodes' URIs ({@code redis://127.0.0.1:port}), seeds for a cluster client. */
    public List<String> seeds() {
        return nodes.stream().filter(RedisProcess::isRunning).map(RedisProcess::uri).toList();
    }

    /** The running nodes that are primaries serving slots now, as the cluster sees it. */
    public List<RedisProcess> primaries() {
        List<RedisProcess> primaries = new ArrayList<>();
        for (String line : clusterNodes().split("\n")) {
            String[] f = line.trim().split(" ");
            if (f.length > 8 && f[2].contains("master") && !f[2].contains("fail")) {
                int port = Integer.parseInt(f[1].substring(f[1].indexOf(':') + 1, f[1].indexOf('@')));
                nodes.stream().filter(n -> n.port() == port && n.isRunning()).forEach(primaries::add);
            }
        }
        return primaries;
    }

    /** The running replicas. */
    public List<RedisProcess> replicas() {
        List<RedisProcess> primaries = primaries();
        return nodes.stream().filter(n -> n.isRunning() && !primaries.contains(n)).toList();
    }

    /** Stops one node (SIGTERM, no save): when it is a primary, its replica takes over after the node timeout. */
    public void stop(RedisProcess node) {
        node.stopServer();
    }

    /**
     * Waits until every running node reports {@code cluster_state:ok}, sees every slot served, and every running
     * replica's link to its primary is up.
     *
     * @throws IllegalStateException when that does not happen within a minute; the message says what is missing
     */
    public void awaitHealthy() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(READY_TIMEOUT_SECONDS);
        String missing = "";
        while (System.nanoTime() < deadline) {
            Optional<String> why = unhealthy();
            if (why.isEmpty()) {
                return;
            }
            missing = why.get();
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the cluster", e);
            }
        }
        throw new IllegalStateException("the cluster did not become healthy within " + READY_TIMEOUT_SECONDS
                + " s: " + missing);
    }

    private Optional<String> unhealthy() {
        for (RedisProcess node : nodes) {
            if (!node.isRunning()) {
                continue;
            }
            try {
                String info = Resp.exchange(node.host(), node.port(), false, new String[] {"CLUSTER", "INFO"});
                if (!"ok".equals(Resp.infoField(info, "cluster_state"))
                        || !"16384".equals(Resp.infoField(info, "cluster_slots_ok"))) {
                    return Optional.of(node.port() + " reports cluster_state "
                            + Resp.infoField(info, "cluster_state"));
                }
                String replication = Resp.exchange(node.host(), node.port(), false,
                        new String[] {"INFO", "replication"});
                if ("slave".equals(Resp.infoField(replication, "role"))
                        && !"up".equals(Resp.infoField(replication, "master_link_status"))) {
                    return Optional.of("replica " + node.port() + " has its link down");
                }
            } catch (IOException e) {
                return Optional.of(node.port() + " does not answer: " + e.getMessage());
            }
        }
        long replicas = clusterNodes().lines().filter(l -> l.contains("slave") && !l.contains("fail")).count();
        long running = nodes.stream().filter(RedisProcess::isRunning).count();
        if (replicas < running - PRIMARIES) {
            return Optional.of("only " + replicas + " replicas joined");
        }
        return Optional.empty();
    }

    private String clusterNodes() {
        for (RedisProcess node : nodes) {
            if (node.isRunning()) {
                try {
                    return Resp.exchange(node.host(), node.port(), false, new String[] {"CLUSTER", "NODES"});
                } catch (IOException e) {
                    // try the next node
                }
            }
        }
        throw new IllegalStateException("no node of the cluster answers");
    }

    /** Stops every node and deletes their directories. */
    @Override
    public void close() {
        nodes.forEach(RedisProcess::close);
    }

    @Override
    public String toString() {
        return "RedisCluster" + nodes.stream().map(n -> n.port() + (n.isRunning() ? "" : " stopped")).toList();
    }
}

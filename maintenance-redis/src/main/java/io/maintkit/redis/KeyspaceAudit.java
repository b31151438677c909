package io.maintkit.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.StringCodec;
import io.maintkit.core.Check;
import io.maintkit.core.DataSize;
import io.maintkit.core.Finding;
import io.maintkit.core.Measurement;
import io.maintkit.core.Severity;
import io.maintkit.core.Threshold;
import io.maintkit.core.internal.Failures;
import io.maintkit.redis.internal.Connector;
import io.maintkit.redis.internal.KeyNames;
import io.maintkit.redis.internal.KeyScan;
import io.maintkit.redis.internal.NodeCursors;
import io.maintkit.redis.internal.RecentKeys;
import io.maintkit.redis.internal.Scripts;
import io.maintkit.redis.internal.Slots;
import io.maintkit.redis.internal.Texts;
import io.maintkit.redis.internal.Throttle;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.TreeMap;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * One SCAN pass that says where the memory is: the largest keys by {@code MEMORY USAGE} and by element count per
 * type, roll-ups by key prefix, keys without a time to live, and the bytes accounted for against
 * {@code used_memory}. The {@code redis-cli --bigkeys}/{@code --memkeys} of a host application, with bounded memory.
 *
 * <pre>{@code
 * KeyspaceReport report = KeyspaceAudit.on(redisClient).separator(":").top(20).audit();
 * report.prefixes().forEach(System.out::println);     // user 1.2 GiB in 310,000 keys, 92.0% without TTL
 * }</pre>
 *
 * <p>Per SCAN batch, {@code EVAL}s of a read-only script that reads each key's type and length (the length
 * command of the type last seen under the key's prefix, which answers both; {@code TYPE} where it does not),
 * {@code MEMORY USAGE key SAMPLES n} and {@code PTTL} server-side, queued behind the next SCAN, their replies counted
 * while the server works on the next batch, so that the server never waits for the client: the client's
 * per-command cost made four pipelined commands per key several times slower than {@code redis-cli --memkeys}. A
 * script reads at most 100 keys, so it holds the server for well under a millisecond; where scripts are
 * refused the pass goes on with the same commands pipelined (two round trips per batch). Never {@code KEYS}.
 * Memory stays bounded whatever the key count: top-N heaps, at most {@link #DEFAULT_MAX_PREFIXES} prefixes (the
 * rest summed as {@code (other prefixes)}), and duplicates from SCAN recognised in a window of the last
 * {@link #DEFAULT_DEDUP_WINDOW} keys (see {@code RecentKeys} for why a window suffices). Keys that vanish mid-scan
 * are skipped and counted. Where {@code MEMORY} is blocked the audit still counts keys, types, elements and TTLs and
 * says bytes are unknown. A pass may stop at a key or time limit and be resumed from {@link KeyspaceReport#cursor()}
 * with {@link #resumeFrom(String)}: the resumed report covers the rest of the keyspace.
 *
 * <p>Kinds: {@code big-key}, {@code big-collection}, {@code memory-usage-unreadable}, {@code audit-incomplete}.
 */
public final class KeyspaceAudit {

    /** The check id of {@link #asCheck()}. */
    public static final String ID = "redis.keyspace";
    /** Keys per top list: 10. */
    public static final int DEFAULT_TOP = 10;
    /** MEMORY USAGE's SAMPLES: 5 (the server's default). */
    public static final int DEFAULT_SAMPLES = 5;
    /** The prefix separator: {@code :}. */
    public static final String DEFAULT_SEPARATOR = ":";
    /** The most prefixes with an entry of their own: 1,000. */
    public static final int DEFAULT_MAX_PREFIXES = 1_000;
    /** How many recent keys duplicates are recognised among: 100,000. */
    public static final int DEFAULT_DEDUP_WINDOW = 100_000;
    /** One key's size: warning at 10 MiB, critical at 100 MiB. */
    public static final Threshold<DataSize> DEFAULT_BIG_KEY =
            Threshold.above(DataSize.ofMegabytes(10), DataSize.ofMegabytes(100));
    /** One collection's element count: warning at 100,000, critical at 1,000,000. */
    public static final Threshold<Long> DEFAULT_BIG_COLLECTION = Threshold.above(100_000L, 1_000_000L);

    private static final Map<String, String> LENGTH_COMMANDS = Map.of("string", "STRLEN", "list", "LLEN",
            "set", "SCARD", "zset", "ZCARD", "hash", "HLEN", "stream", "XLEN");

    private final Connector connector;
    private final String targetName;
    private final ScanSettings scan;
    private final byte[] match;
    private final int top;
    private final int samples;
    private final byte[] separator;
    private final int maxPrefixes;
    private final long maxKeys;
    private final Duration timeLimit;
    private final String resumeFrom;
    private final Threshold<DataSize> bigKey;
    private final Threshold<Long> bigCollection;
    private final Clock clock;
    private final Executor executor;

    private KeyspaceAudit(Config c) {
        this.connector = Objects.requireNonNull(c.connector, "connector");
        this.targetName = c.targetName;
        this.scan = Objects.requireNonNull(c.scan, "scan");
        this.match = c.match;
        if (c.top < 1 || c.samples < 0 || c.maxPrefixes < 1 || c.maxKeys < 1 || c.separator.length == 0) {
            throw new IllegalArgumentException("top, maxPrefixes and maxKeys must be positive, samples not negative,"
                    + " the separator not empty");
        }
        this.top = c.top;
        this.samples = c.samples;
        this.separator = c.separator;
        this.maxPrefixes = c.maxPrefixes;
        this.maxKeys = c.maxKeys;
        this.timeLimit = c.timeLimit;
        this.resumeFrom = c.resumeFrom;
        this.bigKey = Objects.requireNonNull(c.bigKey, "bigKey");
        this.bigCollection = Objects.requireNonNull(c.bigCollection, "bigCollection");
        this.clock = Objects.requireNonNull(c.clock, "clock");
        this.executor = c.executor;
    }

    /** An audit with the defaults, through the host's client (its default URI). */
    public static KeyspaceAudit on(RedisClient client) {
        return new KeyspaceAudit(new Config(Connector.of(client)));
    }

    /** An audit with the defaults, with a client of its own for {@code uri}. */
    public static KeyspaceAudit on(RedisURI uri) {
        return new KeyspaceAudit(new Config(Connector.of(uri)));
    }

    /**
     * An audit with the defaults over every primary of the host's cluster client, one after the other (in parallel
     * with {@link #executor(Executor)}). Its report sums the primaries; its cursor holds one position per primary.
     */
    public static KeyspaceAudit on(RedisClusterClient client) {
        return new KeyspaceAudit(new Config(Connector.of(client)));
    }

    private KeyspaceAudit with(Consumer<Config> change) {
        Config c = new Config(this);
        change.accept(c);
        return new KeyspaceAudit(c);
    }

    /**
     * This audit scanning the primaries of a cluster in parallel, one task per primary on the host's
     * {@code executor}; without one (the default) they are scanned one after the other on the calling thread.
     */
    public KeyspaceAudit executor(Executor tasks) {
        Objects.requireNonNull(tasks, "tasks");
        return with(c -> c.executor = tasks);
    }

    /** This audit naming its target so in results; never put credentials here. */
    public KeyspaceAudit target(String name) {
        Objects.requireNonNull(name, "name");
        return with(c -> c.targetName = name);
    }

    /**
     * This audit scanning with these settings (COUNT, pause, latency budget, timeout); {@link ScanSettings#defaults()}
     * by default.
     */
    public KeyspaceAudit scan(ScanSettings settings) {
        return with(c -> c.scan = settings);
    }

    /** This audit looking only at keys matching a glob ({@code SCAN MATCH}), given as bytes. */
    public KeyspaceAudit match(byte[] glob) {
        byte[] copy = glob.clone();
        return with(c -> c.match = copy);
    }

    /** This audit keeping the {@code n} largest keys per list. */
    public KeyspaceAudit top(int n) {
        return with(c -> c.top = n);
    }

    /** This audit with {@code MEMORY USAGE ... SAMPLES n} (0: every element, exact and slow). */
    public KeyspaceAudit samples(int n) {
        return with(c -> c.samples = n);
    }

    /** This audit rolling keys up by the part before the first {@code sep}. */
    public KeyspaceAudit separator(String sep) {
        byte[] bytes = sep.getBytes(StandardCharsets.UTF_8);
        return with(c -> c.separator = bytes);
    }

    /** This audit keeping at most {@code n} prefixes of their own; the rest are summed as one entry. */
    public KeyspaceAudit maxPrefixes(int n) {
        return with(c -> c.maxPrefixes = n);
    }

    /** This audit stopping after about {@code n} keys (at the end of a batch), resumable from its cursor. */
    public KeyspaceAudit maxKeys(long n) {
        return with(c -> c.maxKeys = n);
    }

    /** This audit stopping after {@code limit} (at the end of a batch), resumable from its cursor. */
    public KeyspaceAudit timeLimit(Duration limit) {
        return with(c -> c.timeLimit = limit);
    }

    /**
     * This audit continuing an earlier pass from its {@link KeyspaceReport#cursor()}: a SCAN cursor, or for a
     * cluster one position per primary ({@code <node id>:<cursor>,...}; a primary done is at {@code 0}, a primary
     * not listed, e.g. a replica promoted since, is scanned from the start).
     */
    public KeyspaceAudit resumeFrom(String cursor) {
        Objects.requireNonNull(cursor, "cursor");
        return with(c -> c.resumeFrom = cursor);
    }

    /** This audit with other limits for one key's size and one collection's element count. */
    public KeyspaceAudit bigKeys(Threshold<DataSize> bytes, Threshold<Long> elements) {
        return with(c -> {
            c.bigKey = bytes;
            c.bigCollection = elements;
        });
    }

    /** The audit as a {@link Check} with id {@value #ID}. */
    public Check asCheck() {
        return Check.of(ID, targetName != null ? targetName : connector.describe(), clock, this::audit);
    }

    /**
     * Runs the pass.
     *
     * @throws io.lettuce.core.RedisException when the server cannot be reached or SCAN/TYPE fail
     * @throws InterruptedException           when interrupted
     */
    public KeyspaceReport audit() throws InterruptedException {
        long t0 = System.nanoTime();
        String name = targetName != null ? targetName : connector.describe();
        List<Connector> nodes = connector.nodes(Connector.Scope.PRIMARIES);
        Map<String, String> resume = NodeCursors.parse(resumeFrom, connector.isCluster());
        Limits limits = new Limits(t0);
        List<NodePass> passes = new ArrayList<>();
        if (executor == null || nodes.size() == 1) {
            for (Connector node : nodes) {
                passes.add(pass(node, resume, limits));
            }
        } else {
            passes.addAll(inParallel(nodes, resume, limits));
        }
        List<NodePass> done = passes.stream().filter(p -> p.failure() == null).toList();
        if (done.isEmpty() && !passes.isEmpty()) {
            throw passes.get(0).failure();
        }
        Tally total = new Tally();
        long used = 0;
        Map<String, String> cursors = new java.util.LinkedHashMap<>();
        List<Finding> nodeFindings = new ArrayList<>();
        for (NodePass p : passes) {
            cursors.put(p.node().nodeId(), p.failure() != null && p.cursor().equals("0") ? "" : p.cursor());
            if (p.failure() != null) {
                nodeFindings.add(Finding.of(ID, "node-failed", p.node().describe(), Severity.UNKNOWN,
                        "could not audit this primary: " + Failures.describe(p.failure()) + "; resume at cursor "
                                + p.cursor()).withDetail("cursor", p.cursor()));
                continue;
            }
            total.merge(p.tally());
            used += p.usedMemory();
        }
        String cursor = connector.isCluster() ? NodeCursors.format(cursors) : passes.get(0).cursor();
        KeyspaceReport report = total.report(name, DataSize.ofBytes(used), cursor,
                Duration.ofNanos(System.nanoTime() - t0));
        if (nodeFindings.isEmpty()) {
            return report;
        }
        List<Finding> all = new ArrayList<>(report.findings());
        all.addAll(nodeFindings);
        return new KeyspaceReport(report.node(), report.keys(), report.duplicatesSkipped(), report.vanished(),
                report.keysByType(), report.accounted(), report.usedMemory(), report.largestByBytes(),
                report.largestByElements(), report.prefixes(), report.withoutTtl(), report.cursor(),
                report.elapsed(), all);
    }

    /** The key and time limits, shared by every primary's pass. */
    private final class Limits {
        private final long start;
        private final java.util.concurrent.atomic.AtomicLong keys = new java.util.concurrent.atomic.AtomicLong();

        Limits(long start) {
            this.start = start;
        }

        boolean reached() {
            return keys.get() >= maxKeys || (timeLimit != null && System.nanoTime() - start >= timeLimit.toNanos());
        }
    }

    /**
     * One primary's pass: what it counted, where it stopped ({@code 0}: done; the resume position when a limit or a
     * failure stopped it), its {@code used_memory}, and the failure that stopped it, if any.
     */
    private record NodePass(Connector node, Tally tally, String cursor, long usedMemory, RuntimeException failure) {
    }

    private List<NodePass> inParallel(List<Connector> nodes, Map<String, String> resume, Limits limits)
            throws InterruptedException {
        List<java.util.concurrent.CompletableFuture<NodePass>> tasks = new ArrayList<>();
        for (Connector node : nodes) {
            tasks.add(java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try {
                    return pass(node, resume, limits);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return new NodePass(node, new Tally(), resume.getOrDefault(node.nodeId(), "0"), 0,
                            new io.lettuce.core.RedisException("interrupted"));
                }
            }, executor));
        }
        List<NodePass> passes = new ArrayList<>();
        try {
            for (java.util.concurrent.CompletableFuture<NodePass> task : tasks) {
                passes.add(task.get());
            }
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
        return passes;
    }

    /** Scans one primary from where {@code resume} says, until done, a limit or a failure. */
    private NodePass pass(Connector node, Map<String, String> resume, Limits limits) throws InterruptedException {
        String start = resume.get(node.nodeId());
        Tally tally = new Tally();
        if ("0".equals(start) && connector.isCluster()) {
            return new NodePass(node, tally, "0", 0, null);
        }
        if (limits.reached()) {
            return new NodePass(node, tally, start == null ? "" : start, 0, null);
        }
        String cursor = start == null ? "0" : start;
        try (KeyScan keys = KeyScan.open(node, match, scan.count(), cursor, scan.commandTimeout());
             Throttle throttle = throttle(node)) {
            RecentKeys recent = new RecentKeys(DEFAULT_DEDUP_WINDOW);
            Sent previous = null;
            do {
                throttle.beforeBatch(() -> Thread.currentThread().isInterrupted());
                List<byte[]> batch = new ArrayList<>();
                for (byte[] key : keys.next()) {
                    if (recent.firstTime(key)) {
                        batch.add(key);
                    } else {
                        tally.duplicates++;
                    }
                }
                limits.keys.addAndGet(batch.size());
                Sent sent = null;
                if (tally.scriptRefused == null) {
                    sent = send(keys, batch, tally, node.slotted());
                } else {
                    inspectByPipeline(keys, batch, tally);
                }
                if (previous != null) {
                    receive(keys, previous, tally);
                }
                previous = sent;
                throttle.afterBatch();
                cursor = keys.cursor();
            } while (!keys.finished() && !limits.reached());
            if (previous != null) {
                receive(keys, previous, tally);
            }
            long used = keys.info().number("used_memory").orElse(0);
            return new NodePass(node, tally, keys.cursor(), used, null);
        } catch (io.lettuce.core.RedisException e) {
            return new NodePass(node, tally, cursor, 0, e);
        }
    }

    private Throttle throttle(Connector node) {
        return new Throttle(scan.pause(), scan.latencyBudget(),
                scan.latencyBudget() == null ? null : node.open(StringCodec.UTF8));
    }

    /** A batch whose scripts (one per hash slot on a cluster node) were sent; read during the next batch. */
    private record Sent(List<List<byte[]>> groups, List<RedisFuture<List<Object>>> replies) {
    }

    /**
     * Sends one EVAL per {@value Scripts#KEYS_PER_SCRIPT} keys of a group of the batch (one group per hash slot on a
     * cluster node), without waiting.
     */
    private Sent send(KeyScan keys, List<byte[]> batch, Tally tally, boolean slotted) {
        if (batch.isEmpty()) {
            return null;
        }
        byte[][] args = {Integer.toString(samples).getBytes(StandardCharsets.US_ASCII),
                (tally.memoryBlocked == null ? "1" : "0").getBytes(StandardCharsets.US_ASCII), separator};
        List<List<byte[]>> groups = Slots.group(batch, slotted, Scripts.KEYS_PER_SCRIPT);
        List<RedisFuture<List<Object>>> replies = new ArrayList<>(groups.size());
        for (List<byte[]> group : groups) {
            replies.add(keys.commands().eval(Scripts.INSPECT, ScriptOutputType.MULTI, group.toArray(new byte[0][]),
                    args));
        }
        keys.flush();
        return new Sent(groups, replies);
    }

    /** Counts a sent batch's replies; where scripts are refused, the batch and the rest go by pipelined commands. */
    private void receive(KeyScan keys, Sent sent, Tally tally) throws InterruptedException {
        for (int g = 0; g < sent.groups().size(); g++) {
            List<byte[]> batch = sent.groups().get(g);
            List<Object> values;
            try {
                values = keys.await(sent.replies().get(g));
            } catch (io.lettuce.core.RedisCommandExecutionException e) {
                if (tally.scriptRefused == null) {
                    tally.scriptRefused = Failures.describe(e);
                }
                inspectByPipeline(keys, batch, tally);
                continue;
            }
            for (int i = 0; i + 3 < values.size() && i / 4 < batch.size(); i += 4) {
                String type = values.get(i) instanceof byte[] b ? new String(b, StandardCharsets.US_ASCII) : "none";
                long size = values.get(i + 1) instanceof Long l ? l : -1;
                long ttl = values.get(i + 2) instanceof Long l ? l : -2;
                long length = values.get(i + 3) instanceof Long l ? l : 0;
                if (size == -2 && tally.memoryBlocked == null) {
                    tally.memoryBlocked = "MEMORY USAGE refused inside a script";
                }
                if ("none".equals(type) || ttl == -2) {
                    tally.vanished++;
                    continue;
                }
                tally.add(batch.get(i / 4), type, Math.max(0, size), length, ttl);
            }
        }
    }

    private void inspectByPipeline(KeyScan keys, List<byte[]> batch, Tally tally) throws InterruptedException {
        RedisAsyncCommands<byte[], byte[]> c = keys.commands();
        List<RedisFuture<String>> types = new ArrayList<>(batch.size());
        List<RedisFuture<Long>> sizes = new ArrayList<>(batch.size());
        List<RedisFuture<Long>> ttls = new ArrayList<>(batch.size());
        for (byte[] key : batch) {
            types.add(c.type(key));
            sizes.add(tally.memoryBlocked == null ? keys.memoryUsage(key, samples) : null);
            ttls.add(c.pttl(key));
        }
        keys.flushAndSettle(ttls.isEmpty() ? null : ttls.get(ttls.size() - 1));
        List<String> typeOf = new ArrayList<>(batch.size());
        List<RedisFuture<Long>> lengths = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            String type = keys.await(types.get(i));
            typeOf.add(type);
            String length = LENGTH_COMMANDS.get(type);
            lengths.add(length == null ? null : c.dispatch(io.maintkit.redis.internal.Node.keyword(length),
                    new io.lettuce.core.output.IntegerOutput<>(io.lettuce.core.codec.ByteArrayCodec.INSTANCE),
                    new io.lettuce.core.protocol.CommandArgs<>(io.lettuce.core.codec.ByteArrayCodec.INSTANCE)
                            .addKey(batch.get(i))));
        }
        RedisFuture<?> last = lengths.stream().filter(Objects::nonNull).reduce((a, b) -> b).orElse(null);
        keys.flushAndSettle(last);
        for (int i = 0; i < batch.size(); i++) {
            Long bytes = sizes.get(i) == null ? null : memory(keys, sizes.get(i), tally);
            long ttl = keys.await(ttls.get(i));
            Long elements = lengths.get(i) == null ? Long.valueOf(0) : keys.await(lengths.get(i));
            if ("none".equals(typeOf.get(i)) || ttl == -2) {
                tally.vanished++;
                continue;
            }
            tally.add(batch.get(i), typeOf.get(i), bytes == null ? 0 : bytes, elements == null ? 0 : elements, ttl);
        }
    }

    private static Long memory(KeyScan keys, RedisFuture<Long> size, Tally tally) throws InterruptedException {
        try {
            return keys.await(size);
        } catch (io.lettuce.core.RedisCommandExecutionException e) {
            if (tally.memoryBlocked == null) {
                tally.memoryBlocked = Failures.describe(e);
            }
            return null;
        }
    }

    /** What the pass has counted so far; bounded whatever the key count. */
    private final class Tally {
        long keys;
        long duplicates;
        long vanished;
        String memoryBlocked;
        String scriptRefused;
        long accounted;
        final Map<String, Long> byType = new TreeMap<>();
        final PriorityQueue<Entry> largest = new PriorityQueue<>(Comparator.comparingLong(Entry::bytes));
        final Map<String, PriorityQueue<Entry>> longest = new TreeMap<>();
        /** Per prefix (its bytes; null for keys without the separator): keys, bytes, keys and bytes without TTL. */
        final Map<ByteBuffer, long[]> prefixes = new HashMap<>();
        final long[] other = new long[4];
        final long[] noTtl = new long[4];

        /** Adds another primary's counts; stays bounded like one pass. */
        void merge(Tally o) {
            keys += o.keys;
            duplicates += o.duplicates;
            vanished += o.vanished;
            memoryBlocked = memoryBlocked != null ? memoryBlocked : o.memoryBlocked;
            scriptRefused = scriptRefused != null ? scriptRefused : o.scriptRefused;
            accounted += o.accounted;
            o.byType.forEach((t, n) -> byType.merge(t, n, Long::sum));
            o.largest.forEach(e -> offer(largest, e, Comparator.comparingLong(Entry::bytes)));
            o.longest.forEach((type, heap) -> heap.forEach(e -> offer(longest.computeIfAbsent(type,
                    t -> new PriorityQueue<>(Comparator.comparingLong(Entry::elements))), e,
                    Comparator.comparingLong(Entry::elements))));
            o.prefixes.forEach((name, st) -> {
                long[] mine = prefixes.get(name);
                if (mine == null) {
                    mine = prefixes.size() < maxPrefixes ? new long[4] : other;
                    if (mine != other) {
                        prefixes.put(name, mine);
                    }
                }
                add(mine, st);
            });
            add(other, o.other);
            add(noTtl, o.noTtl);
        }

        private static void add(long[] into, long[] from) {
            for (int i = 0; i < into.length; i++) {
                into[i] += from[i];
            }
        }

        void add(byte[] key, String type, long bytes, long elements, long ttl) {
            keys++;
            accounted += bytes;
            byType.merge(type, 1L, Long::sum);
            Entry e = new Entry(key, type, bytes, elements, ttl);
            offer(largest, e, Comparator.comparingLong(Entry::bytes));
            offer(longest.computeIfAbsent(type, t -> new PriorityQueue<>(Comparator.comparingLong(Entry::elements))),
                    e, Comparator.comparingLong(Entry::elements));
            byte[] p = KeyNames.prefix(key, separator);
            ByteBuffer name = p == null ? null : ByteBuffer.wrap(p);
            long[] stats = prefixes.get(name);
            if (stats == null) {
                stats = prefixes.size() < maxPrefixes ? new long[4] : other;
                if (stats != other) {
                    prefixes.put(name, stats);
                }
            }
            count(stats, bytes, ttl);
            if (ttl == -1) {
                count(noTtl, bytes, ttl);
            }
        }

        private void count(long[] stats, long bytes, long ttl) {
            stats[0]++;
            stats[1] += bytes;
            if (ttl == -1) {
                stats[2]++;
                stats[3] += bytes;
            }
        }

        private void offer(PriorityQueue<Entry> heap, Entry e, Comparator<Entry> order) {
            if (heap.size() < top) {
                heap.add(e);
            } else if (order.compare(e, heap.peek()) > 0) {
                heap.poll();
                heap.add(e);
            }
        }

        KeyspaceReport report(String node, DataSize used, String cursor, Duration elapsed) {
            List<Finding> findings = new ArrayList<>();
            List<KeyspaceReport.BigKey> byBytes = sorted(largest, Comparator.comparingLong(Entry::bytes));
            Map<String, List<KeyspaceReport.BigKey>> byElements = new TreeMap<>();
            longest.forEach((type, heap) ->
                    byElements.put(type, sorted(heap, Comparator.comparingLong(Entry::elements))));
            if (memoryBlocked != null) {
                findings.add(Texts.unreadable(ID, "memory-usage-unreadable", node, "MEMORY USAGE (key sizes)",
                        memoryBlocked));
            }
            for (KeyspaceReport.BigKey k : byBytes) {
                Severity s = bigKey.evaluate(k.bytes());
                if (s != Severity.OK) {
                    findings.add(Finding.of(ID, "big-key", node, s, k.type() + " " + k.name() + " uses " + k.bytes())
                            .withDetail("key", k.name()).withMeasurements(Measurement.bytes("bytes", k.bytes())));
                }
            }
            byElements.forEach((type, list) -> list.stream().filter(k -> !type.equals("string")).forEach(k -> {
                Severity s = bigCollection.evaluate(k.elements());
                if (s != Severity.OK) {
                    findings.add(Finding.of(ID, "big-collection", node, s, type + " " + k.name() + " has "
                                    + Texts.count(k.elements()) + " elements")
                            .withDetail("key", k.name()).withMeasurements(Measurement.count("elements", k.elements())));
                }
            }));
            if (!NodeCursors.done(cursor)) {
                findings.add(Finding.of(ID, "audit-incomplete", node, Severity.INFO, "stopped after "
                        + Texts.count(keys) + " keys at a limit; resume from cursor " + cursor)
                        .withDetail("cursor", cursor));
            }
            List<KeyspaceReport.PrefixStats> rollUps = new ArrayList<>();
            prefixes.forEach((name, s) -> rollUps.add(stats(name == null ? KeyspaceReport.PrefixStats.NONE
                    : KeyNames.display(name.array()), s)));
            rollUps.sort(Comparator.comparingLong((KeyspaceReport.PrefixStats p) -> p.bytes().bytes())
                    .thenComparingLong(KeyspaceReport.PrefixStats::keys).reversed());
            if (other[0] > 0) {
                rollUps.add(stats(KeyspaceReport.PrefixStats.OTHER, other));
            }
            return new KeyspaceReport(node, keys, duplicates, vanished, byType,
                    memoryBlocked == null ? Optional.of(DataSize.ofBytes(accounted)) : Optional.empty(), used,
                    byBytes, byElements, rollUps, stats(KeyspaceReport.PrefixStats.ALL, noTtl), cursor, elapsed,
                    findings);
        }

        private KeyspaceReport.PrefixStats stats(String name, long[] s) {
            return new KeyspaceReport.PrefixStats(name, s[0], DataSize.ofBytes(s[1]), s[2], DataSize.ofBytes(s[3]));
        }

        private List<KeyspaceReport.BigKey> sorted(PriorityQueue<Entry> heap, Comparator<Entry> order) {
            return heap.stream().sorted(order.reversed()).map(Entry::toBigKey).toList();
        }
    }

    /** A key kept in a top list, its name cut to {@link KeyNames#MAX_KEPT} bytes. */
    private record Entry(byte[] key, String type, long bytes, long elements, long ttl) {
        Entry {
            key = KeyNames.kept(key);
        }

        KeyspaceReport.BigKey toBigKey() {
            return new KeyspaceReport.BigKey(KeyNames.display(key), type, DataSize.ofBytes(bytes), elements,
                    ttl >= 0 ? Optional.of(Duration.ofMillis(ttl)) : Optional.empty());
        }
    }

    /** The configuration while one method changes it; the audit copies it into its final fields. */
    private static final class Config {
        Connector connector;
        String targetName;
        ScanSettings scan = ScanSettings.defaults();
        byte[] match;
        int top = DEFAULT_TOP;
        int samples = DEFAULT_SAMPLES;
        byte[] separator = DEFAULT_SEPARATOR.getBytes(StandardCharsets.UTF_8);
        int maxPrefixes = DEFAULT_MAX_PREFIXES;
        long maxKeys = Long.MAX_VALUE;
        Duration timeLimit;
        String resumeFrom;
        Threshold<DataSize> bigKey = DEFAULT_BIG_KEY;
        Threshold<Long> bigCollection = DEFAULT_BIG_COLLECTION;
        Clock clock = Clock.systemUTC();
        Executor executor;

        Config(Connector connector) {
            this.connector = connector;
        }

        Config(KeyspaceAudit a) {
            connector = a.connector;
            targetName = a.targetName;
            scan = a.scan;
            match = a.match;
            top = a.top;
            samples = a.samples;
            separator = a.separator;
            maxPrefixes = a.maxPrefixes;
            maxKeys = a.maxKeys;
            timeLimit = a.timeLimit;
            resumeFrom = a.resumeFrom;
            bigKey = a.bigKey;
            bigCollection = a.bigCollection;
            clock = a.clock;
            executor = a.executor;
        }
    }
}

package io.maintkit.benchmarks;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import io.maintkit.core.ExecutionOptions;
import io.maintkit.core.ExecutionReport;
import io.maintkit.core.MaintenancePlan;
import io.maintkit.redis.KeyCount;
import io.maintkit.redis.KeyspaceAudit;
import io.maintkit.redis.KeyspaceReport;
import io.maintkit.redis.PatternDeletion;
import io.maintkit.testkit.RedisBinary;
import io.maintkit.testkit.RedisProcess;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Redis: pattern deletion of N of 2N keys against the runbook's
 * {@code redis-cli --scan --pattern 'user:*' | xargs redis-cli DEL}, with a concurrent client's GET latency during
 * each; and a keyspace audit of N keys of a cache's mix (strings, half of them with a TTL; session hashes with a TTL;
 * sets, sorted sets and lists; one big key of each type) against {@code redis-cli --memkeys}, with the biggest key
 * per type compared.
 * Both on a private {@code redis-server} (Debian's when installed) started for the run. Argument: N (default
 * 1,000,000). Run it with {@code -Xmx64m} to show the audit's heap stays under 64 MiB.
 */
public final class RedisBenchmark {

    private static final Pattern COMMANDSTAT = Pattern.compile("^cmdstat_([\\w|]+):calls=\\d+,usec=(\\d+),");
    /** Writes keys ARGV[2] to ARGV[3] - 1 of one kind of {@link #cache}'s mix. */
    private static final String FILL = """
            local kind, from, to = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3])
            for i = from, to - 1 do
              if kind == 'session' then
                local k = 'session:' .. i
                redis.call('HSET', k, 'user', i, 'created', 1700000000 + i, 'ip', '10.1.2.3', 'agent', 'Mozilla/5.0')
                redis.call('EXPIRE', k, 1800)
              elseif kind == 'tags' then redis.call('SADD', 'tags:' .. i, 'red', 'green', 'blue', 'new', 'sale')
              elseif kind == 'rank' then redis.call('ZADD', 'rank:' .. i, 1, 'a', 2, 'b', 3, 'c')
              elseif kind == 'log' then redis.call('RPUSH', 'log:' .. i, 'login', 'view', 'logout')
              elseif kind == 'ttl' and i % 2 == 0 then redis.call('EXPIRE', 'cache:' .. i, 3600) end
            end
            return 0
            """;
    private static final Pattern MEMKEYS = Pattern.compile("Biggest\\s+(\\w+) found '\"?(.*?)\"?' has (\\d+) bytes");

    private RedisBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        BenchSupport.printCommand(RedisBenchmark.class, args);
        Path cli = RedisBinary.cli().orElseThrow(() -> new IllegalStateException("redis-cli is needed as baseline"));
        RedisBinary binary = RedisBinary.DEBIAN.isAvailable() ? RedisBinary.DEBIAN : RedisBinary.EMBEDDED_6_2;
        String[] settings = binary == RedisBinary.DEBIAN ? new String[] {"--enable-debug-command", "yes"}
                : new String[0];
        try (RedisProcess redis = RedisProcess.start(binary, settings)) {
            System.out.println("server: redis " + redis.version() + " (" + binary + ") at " + redis.uri());
            RedisURI uri = RedisURI.create(redis.uri());
            RedisClient client = RedisClient.create(uri);
            try (StatefulRedisConnection<String, String> connection = client.connect()) {
                RedisCommands<String, String> sync = connection.sync();
                deletion(n, cli, redis, client, uri, sync);
                audit(n, cli, redis, uri, sync);
            } finally {
                client.shutdown();
            }
        }
    }

    private static void deletion(int n, Path cli, RedisProcess redis, RedisClient client, RedisURI uri,
                                 RedisCommands<String, String> sync) throws Exception {
        System.out.printf(Locale.ROOT, "%n== pattern deletion: %,d user:* keys of %,d ==%n", n, 2L * n);
        populate(sync, n, "session");
        populate(sync, n, "user");
        String baselineCommand = cli + " -p " + redis.port() + " --scan --pattern 'user:*' | xargs " + cli + " -p "
                + redis.port() + " DEL";
        sync.configResetstat();
        Latencies baselineGets = new Latencies(client, n);
        long baseline = BenchSupport.timeShell(baselineCommand);
        baselineGets.stop();
        String baselineServer = serverBusy(sync, "scan", "del");
        check(sync.dbsize() == n, "the baseline left " + sync.dbsize() + " keys");
        populate(sync, n, "user");
        PatternDeletion deletion = PatternDeletion.on(uri).pattern("user:*");
        long d0 = System.nanoTime();
        KeyCount dryRun = deletion.dryRun();
        long dryRunNanos = System.nanoTime() - d0;
        sync.configResetstat();
        Latencies maintkitGets = new Latencies(client, n);
        long t0 = System.nanoTime();
        ExecutionReport report = new MaintenancePlan("bench", List.of(deletion.asAction()))
                .execute(ExecutionOptions.defaults().allowDestructive(true));
        long maintkit = System.nanoTime() - t0;
        maintkitGets.stop();
        String maintkitServer = serverBusy(sync, "scan", "unlink");
        check(report.allSucceeded() && sync.dbsize() == n, "maintkit left " + sync.dbsize() + " keys: " + report);
        double baseRate = n / BenchSupport.seconds(baseline);
        double ourRate = n / BenchSupport.seconds(maintkit);
        System.out.println("baseline: " + baselineCommand);
        System.out.printf(Locale.ROOT, "  %,d keys in %s = %,.0f keys/s; concurrent GET %s%n", n,
                BenchSupport.format(BenchSupport.seconds(baseline)), baseRate, baselineGets.summary());
        System.out.println("  server busy: " + baselineServer);
        System.out.println("maintkit: PatternDeletion.on(uri).pattern(\"user:*\") executed (SCAN COUNT 1000 + UNLINK)");
        System.out.printf(Locale.ROOT, "  %,d keys in %s = %,.0f keys/s; concurrent GET %s%n", n,
                BenchSupport.format(BenchSupport.seconds(maintkit)), ourRate, maintkitGets.summary());
        System.out.println("  server busy: " + maintkitServer);
        System.out.printf(Locale.ROOT, "  (dry run before it: %s in %s)%n", dryRun,
                BenchSupport.format(BenchSupport.seconds(dryRunNanos)));
        System.out.printf(Locale.ROOT, "ratio: %.2fx the baseline's throughput%n", ourRate / baseRate);
    }

    private static void audit(int n, Path cli, RedisProcess redis, RedisURI uri, RedisCommands<String, String> sync)
            throws Exception {
        sync.flushall();
        String mix = cache(sync, n - 6);
        bigKeys(sync);
        System.out.printf(Locale.ROOT, "%n== keyspace audit: %,d keys (%s, 6 big keys) ==%n", sync.dbsize(), mix);
        String baselineCommand = cli + " -p " + redis.port() + " --memkeys";
        sync.configResetstat();
        long b0 = System.nanoTime();
        String memkeys = runShell(baselineCommand);
        long baseline = System.nanoTime() - b0;
        String baselineServer = serverBusy(sync, "scan", "type", "memory|usage");
        Map<String, String> biggest = new LinkedHashMap<>();
        Matcher m = MEMKEYS.matcher(memkeys);
        while (m.find()) {
            biggest.put(m.group(1), m.group(2));
        }
        System.gc();
        long heapBefore = usedHeap();
        HeapSampler heap = new HeapSampler();
        sync.configResetstat();
        long t0 = System.nanoTime();
        KeyspaceReport report = KeyspaceAudit.on(uri).top(10).audit();
        long maintkit = System.nanoTime() - t0;
        heap.stop();
        String maintkitServer = serverBusy(sync, "scan", "eval");
        System.out.println("baseline: " + baselineCommand);
        System.out.printf(Locale.ROOT, "  %s; server busy: %s%n", BenchSupport.format(BenchSupport.seconds(baseline)),
                baselineServer);
        System.out.println("maintkit: KeyspaceAudit.on(uri).top(10).audit() (SCAN COUNT 1000 + one EVAL per 100 keys:"
                + " type and length, MEMORY USAGE SAMPLES 5, PTTL)");
        System.out.printf(Locale.ROOT, "  %s for %,d keys; heap: max %d MiB, peak used %d MiB (%d MiB before)%n",
                BenchSupport.format(BenchSupport.seconds(maintkit)), report.keys(),
                Runtime.getRuntime().maxMemory() >> 20, heap.peak >> 20, heapBefore >> 20);
        System.out.println("  server busy: " + maintkitServer);
        System.out.printf(Locale.ROOT, "ratio: %.2fx faster than the baseline%n", (double) baseline / maintkit);
        System.out.println("top 10 by bytes (maintkit):");
        report.largestByBytes().forEach(k -> System.out.printf(Locale.ROOT, "  %-10s %-8s %s%n", k.bytes(), k.type(),
                k.name()));
        int same = 0;
        for (Map.Entry<String, String> e : biggest.entrySet()) {
            String ours = report.largestByBytes().stream().filter(k -> k.type().equals(e.getKey())).findFirst()
                    .map(KeyspaceReport.BigKey::name).orElse("(not in the top 10)");
            boolean match = ours.equals(e.getValue());
            same += match ? 1 : 0;
            System.out.printf(Locale.ROOT, "  biggest %-6s memkeys %-14s maintkit %-14s %s%n", e.getKey(),
                    e.getValue(), ours, match ? "same" : "DIFFERENT");
        }
        System.out.printf(Locale.ROOT, "same biggest key per type: %d of %d types%n", same, biggest.size());
    }

    /**
     * The time the server spent executing the named commands since the last {@code CONFIG RESETSTAT}
     * ({@code INFO commandstats}): the work no client can take off it, e.g. {@code scan 1.402 s + unlink 0.640 s}.
     */
    private static String serverBusy(RedisCommands<String, String> sync, String... commands) {
        Map<String, Long> micros = new LinkedHashMap<>();
        for (String line : sync.info("commandstats").split("\r?\n")) {
            Matcher m = COMMANDSTAT.matcher(line);
            if (m.find()) {
                micros.put(m.group(1), Long.parseLong(m.group(2)));
            }
        }
        List<String> parts = new ArrayList<>();
        long total = 0;
        for (String command : commands) {
            long us = micros.getOrDefault(command, 0L);
            total += us;
            parts.add(command + " " + BenchSupport.format(us / 1e6));
        }
        return String.join(" + ", parts) + " = " + BenchSupport.format(total / 1e6) + " in the commands themselves";
    }

    /** {@code DEBUG POPULATE n prefix 20}: n string keys {@code prefix:0..n-1} of 20 bytes, in the server. */
    private static void populate(RedisCommands<String, String> sync, int n, String prefix) {
        sync.dispatch(CommandType.DEBUG, new StatusOutput<>(StringCodec.UTF8),
                new CommandArgs<>(StringCodec.UTF8).add("POPULATE").add(n).add(prefix).add(20));
    }

    /**
     * Fills the server with {@code n} keys shaped like a cache: 65 % strings {@code cache:i} of 20 bytes, every
     * other one with a TTL of an hour; 25 % session hashes of four fields with a TTL of 30 minutes; 5 % sets of five
     * members; 2.5 % sorted sets and 2.5 % lists of three elements. Written server-side, 20,000 keys per script.
     */
    private static String cache(RedisCommands<String, String> sync, int n) {
        int sessions = n / 4;
        int tags = n / 20;
        int ranks = n / 40;
        int logs = n / 40;
        int strings = n - sessions - tags - ranks - logs;
        populate(sync, strings, "cache");
        String sha = sync.scriptLoad(FILL);
        Map<String, Integer> kinds = new LinkedHashMap<>();
        kinds.put("session", sessions);
        kinds.put("tags", tags);
        kinds.put("rank", ranks);
        kinds.put("log", logs);
        kinds.put("ttl", strings);
        kinds.forEach((kind, count) -> {
            for (int from = 0; from < count; from += 20_000) {
                sync.evalsha(sha, ScriptOutputType.INTEGER, new String[0], kind, Integer.toString(from),
                        Integer.toString(Math.min(count, from + 20_000)));
            }
        });
        return String.format(Locale.ROOT, "%,d strings (half with a TTL), %,d hashes with a TTL, %,d sets, %,d zsets,"
                + " %,d lists", strings, sessions, tags, ranks, logs);
    }

    private static void bigKeys(RedisCommands<String, String> sync) {
        sync.set("big:string", "s".repeat(400_000));
        Map<String, String> fields = new HashMap<>();
        List<String> items = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            fields.put("field:" + i, "value:" + i);
            items.add("item:" + i);
        }
        sync.hset("big:hash", fields);
        sync.rpush("big:list", items.toArray(new String[0]));
        sync.sadd("big:set", items.subList(0, 10_000).toArray(new String[0]));
        for (int i = 0; i < 5_000; i += 500) {
            Object[] scored = new Object[1_000];
            for (int j = 0; j < 500; j++) {
                scored[2 * j] = (double) (i + j);
                scored[2 * j + 1] = "member:" + (i + j);
            }
            sync.zadd("big:zset", scored);
        }
        for (int i = 0; i < 3_000; i++) {
            sync.xadd("big:stream", Map.of("n", Integer.toString(i)));
        }
    }

    /** Runs a shell command and returns what it printed; fails when it exits non-zero. */
    private static String runShell(String script) throws java.io.IOException, InterruptedException {
        Process p = new ProcessBuilder("bash", "-c", script).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        int exit = p.waitFor();
        check(exit == 0, "baseline command failed with exit " + exit + ": " + script);
        return output;
    }

    private static void check(boolean condition, String message) {
        if (!condition) {
            throw new IllegalStateException(message);
        }
    }

    private static long usedHeap() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** A client doing GETs of random session keys back to back, timing each in a 10 microsecond histogram. */
    private static final class Latencies {
        private static final long BUCKET_NANOS = 10_000;
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final long[] buckets = new long[100_000];
        private long count;
        private long max;
        private final Thread thread;

        Latencies(RedisClient client, int n) {
            thread = new Thread(() -> {
                try (StatefulRedisConnection<String, String> c = client.connect()) {
                    RedisCommands<String, String> sync = c.sync();
                    while (running.get()) {
                        String key = "session:" + ThreadLocalRandom.current().nextInt(n);
                        long t0 = System.nanoTime();
                        sync.get(key);
                        long took = System.nanoTime() - t0;
                        buckets[(int) Math.min(buckets.length - 1, took / BUCKET_NANOS)]++;
                        max = Math.max(max, took);
                        count++;
                    }
                }
            }, "concurrent-get");
            thread.start();
        }

        void stop() throws InterruptedException {
            running.set(false);
            thread.join();
        }

        private double percentile(double p) {
            long rank = (long) Math.ceil(count * p);
            long seen = 0;
            for (int i = 0; i < buckets.length; i++) {
                seen += buckets[i];
                if (seen >= rank) {
                    return (i + 1) * BUCKET_NANOS / 1e6;
                }
            }
            return max / 1e6;
        }

        String summary() {
            return String.format(Locale.ROOT, "p50 %.2f ms, p99 %.2f ms, max %.2f ms over %,d GETs",
                    percentile(0.50), percentile(0.99), max / 1e6, count);
        }
    }

    /** Samples the used heap every 5 ms and keeps the peak. */
    private static final class HeapSampler {
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread;
        private volatile long peak;

        HeapSampler() {
            thread = new Thread(() -> {
                while (running.get()) {
                    peak = Math.max(peak, usedHeap());
                    try {
                        Thread.sleep(5);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "heap-sampler");
            thread.setDaemon(true);
            thread.start();
        }

        void stop() throws InterruptedException {
            running.set(false);
            thread.join();
        }
    }
}

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
import io.maintkit.redis.ScanSettings;
import io.maintkit.testkit.RedisBinary;
import io.maintkit.testkit.RedisProcess;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
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
 * Both on a private {@code redis-server} (Debian's when installed) started for the run. Each baseline runs 3 times
 * (their median is the baseline); maintkit runs once in a fresh JVM and three times warm, and both figures are
 * printed. Beside them, the floor: the same server work done by one Lua script inside the server, with no client in
 * the loop, which no client can beat. Argument: N (default 1,000,000). Run it with {@code -Xmx64m} to show the
 * audit's heap stays under 64 MiB.
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
    private static final int BASELINE_RUNS = 3;
    private static final int WARM_RUNS = 3;
    /**
     * The floor of a SCAN-based deletion: SCAN MATCH ARGV[1] COUNT ARGV[2] and UNLINK of each batch, all inside the
     * server in one script, so no reply or command travels and no client waits; returns the keys unlinked.
     */
    private static final String SERVER_SIDE_DELETION = """
            local cursor, n = '0', 0
            repeat
              local r = redis.call('SCAN', cursor, 'MATCH', ARGV[1], 'COUNT', ARGV[2])
              cursor = r[1]
              if #r[2] > 0 then n = n + redis.call('UNLINK', unpack(r[2])) end
            until cursor == '0'
            return n
            """;
    /**
     * The floor of the audit's reads: SCAN COUNT ARGV[1] and, for each key, the reads the audit's script makes
     * (the length command of the type last seen under the key's prefix, TYPE when that fails, MEMORY USAGE, PTTL),
     * all inside the server in one script; returns the keys read. Only the reads: the audit's script also builds its
     * reply, which this floor leaves out.
     */
    private static final String SERVER_SIDE_AUDIT = """
            local lengths = {string = 'STRLEN', list = 'LLEN', set = 'SCARD', zset = 'ZCARD', hash = 'HLEN',
                             stream = 'XLEN'}
            local typeOf, cursor, n = {}, '0', 0
            repeat
              local r = redis.call('SCAN', cursor, 'COUNT', ARGV[1])
              cursor = r[1]
              for _, k in ipairs(r[2]) do
                local at = string.find(k, ':', 1, true)
                local prefix = at and string.sub(k, 1, at) or ''
                local t = typeOf[prefix]
                local len = t and redis.pcall(lengths[t], k)
                if type(len) ~= 'number' then
                  t = redis.call('TYPE', k)['ok']
                  if lengths[t] then
                    redis.call(lengths[t], k)
                    typeOf[prefix] = t
                  end
                end
                redis.pcall('MEMORY', 'USAGE', k, 'SAMPLES', 5)
                redis.call('PTTL', k)
                n = n + 1
              end
            until cursor == '0'
            return n
            """;

    private RedisBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        BenchSupport.printCommand("./mvnw -q -pl benchmarks -am package exec:exec -DskipTests -Dexec.executable=java"
                + " -Dexec.args=\"-Xmx64m -cp %classpath " + RedisBenchmark.class.getName()
                + (args.length == 0 ? "" : " " + String.join(" ", args)) + "\"");
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
        String baselineCommand = cli + " -p " + redis.port() + " --scan --pattern 'user:*' | xargs " + cli + " -p "
                + redis.port() + " DEL";
        System.out.println("baseline: " + baselineCommand);
        long[] baseline = new long[BASELINE_RUNS];
        for (int i = 0; i < baseline.length; i++) {
            populate(sync, n, "user");
            sync.configResetstat();
            Latencies gets = new Latencies(client, n);
            baseline[i] = BenchSupport.timeShell(baselineCommand);
            gets.stop();
            check(sync.dbsize() == n, "the baseline left " + sync.dbsize() + " keys");
            System.out.printf(Locale.ROOT, "  run %d: %s = %,.0f keys/s; concurrent GET %s; server busy: %s%n", i + 1,
                    BenchSupport.format(BenchSupport.seconds(baseline[i])), n / BenchSupport.seconds(baseline[i]),
                    gets.summary(), serverBusy(sync, "scan", "del"));
        }

        populate(sync, n, "user");
        sync.configResetstat();
        long c0 = System.nanoTime();
        long unlinked = sync.eval(SERVER_SIDE_DELETION, ScriptOutputType.INTEGER, new String[0], "user:*",
                Integer.toString(ScanSettings.DEFAULT_CHANGE_COUNT));
        long floor = System.nanoTime() - c0;
        check(unlinked == n && sync.dbsize() == n, "the server-side loop left " + sync.dbsize() + " keys");
        System.out.println("floor: one Lua script doing SCAN MATCH user:* COUNT " + ScanSettings.DEFAULT_CHANGE_COUNT
                + " + UNLINK inside the server, no client in the loop (it holds the server throughout, so no"
                + " concurrent client)");
        System.out.printf(Locale.ROOT, "  %s = %,.0f keys/s; server busy: %s%n",
                BenchSupport.format(BenchSupport.seconds(floor)), n / BenchSupport.seconds(floor),
                serverBusy(sync, "scan", "unlink"));

        populate(sync, n, "user");
        PatternDeletion deletion = PatternDeletion.on(uri).pattern("user:*");
        long d0 = System.nanoTime();
        KeyCount dryRun = deletion.dryRun();
        long dryRunNanos = System.nanoTime() - d0;
        System.out.printf(Locale.ROOT, "maintkit: PatternDeletion.on(uri).pattern(\"user:*\") executed (SCAN COUNT"
                + " %d + UNLINK); dry run before it: %s in %s%n", ScanSettings.DEFAULT_CHANGE_COUNT, dryRun,
                BenchSupport.format(BenchSupport.seconds(dryRunNanos)));
        long[] maintkit = new long[1 + WARM_RUNS];
        for (int i = 0; i < maintkit.length; i++) {
            if (i > 0) {
                populate(sync, n, "user");
            }
            sync.configResetstat();
            Latencies gets = new Latencies(client, n);
            long t0 = System.nanoTime();
            ExecutionReport report = new MaintenancePlan("bench", List.of(deletion.asAction()))
                    .execute(ExecutionOptions.defaults().allowDestructive(true));
            maintkit[i] = System.nanoTime() - t0;
            gets.stop();
            check(report.allSucceeded() && sync.dbsize() == n, "maintkit left " + sync.dbsize() + " keys: " + report);
            System.out.printf(Locale.ROOT, "  %s: %s = %,.0f keys/s; concurrent GET %s; server busy: %s%n",
                    i == 0 ? "first run" : "warm run " + i, BenchSupport.format(BenchSupport.seconds(maintkit[i])),
                    n / BenchSupport.seconds(maintkit[i]), gets.summary(), serverBusy(sync, "scan", "unlink"));
        }
        printRatios(baseline, maintkit, floor);
    }

    private static void audit(int n, Path cli, RedisProcess redis, RedisURI uri, RedisCommands<String, String> sync)
            throws Exception {
        sync.flushall();
        String mix = cache(sync, n - 6);
        bigKeys(sync);
        System.out.printf(Locale.ROOT, "%n== keyspace audit: %,d keys (%s, 6 big keys) ==%n", sync.dbsize(), mix);
        String baselineCommand = cli + " -p " + redis.port() + " --memkeys";
        System.out.println("baseline: " + baselineCommand);
        long[] baseline = new long[BASELINE_RUNS];
        String memkeys = "";
        for (int i = 0; i < baseline.length; i++) {
            sync.configResetstat();
            long b0 = System.nanoTime();
            memkeys = runShell(baselineCommand);
            baseline[i] = System.nanoTime() - b0;
            System.out.printf(Locale.ROOT, "  run %d: %s; server busy: %s%n", i + 1,
                    BenchSupport.format(BenchSupport.seconds(baseline[i])),
                    serverBusy(sync, "scan", "type", "memory|usage"));
        }
        Map<String, String> biggest = new LinkedHashMap<>();
        Matcher m = MEMKEYS.matcher(memkeys);
        while (m.find()) {
            biggest.put(m.group(1), m.group(2));
        }

        sync.configResetstat();
        long c0 = System.nanoTime();
        long read = sync.eval(SERVER_SIDE_AUDIT, ScriptOutputType.INTEGER, new String[0],
                Integer.toString(ScanSettings.DEFAULT_COUNT));
        long floor = System.nanoTime() - c0;
        check(read == sync.dbsize(), "the server-side loop read " + read + " keys");
        System.out.println("floor: one Lua script doing SCAN COUNT " + ScanSettings.DEFAULT_COUNT + " and the audit's"
                + " reads of each key inside the server, no client in the loop");
        System.out.printf(Locale.ROOT, "  %s; server busy: %s%n", BenchSupport.format(BenchSupport.seconds(floor)),
                serverBusy(sync, "scan", "eval"));

        System.out.println("maintkit: KeyspaceAudit.on(uri).top(10).audit() (SCAN COUNT " + ScanSettings.DEFAULT_COUNT
                + " + one EVAL per 100 keys: type and length, MEMORY USAGE SAMPLES 5, PTTL)");
        System.gc();
        long heapBefore = usedHeap();
        HeapSampler heap = new HeapSampler();
        long[] maintkit = new long[1 + WARM_RUNS];
        KeyspaceReport report = null;
        for (int i = 0; i < maintkit.length; i++) {
            sync.configResetstat();
            long t0 = System.nanoTime();
            report = KeyspaceAudit.on(uri).top(10).audit();
            maintkit[i] = System.nanoTime() - t0;
            check(report.keys() == sync.dbsize(), "the audit counted " + report.keys() + " keys");
            System.out.printf(Locale.ROOT, "  %s: %s for %,d keys; server busy: %s%n",
                    i == 0 ? "first run" : "warm run " + i, BenchSupport.format(BenchSupport.seconds(maintkit[i])),
                    report.keys(), serverBusy(sync, "scan", "eval"));
        }
        heap.stop();
        System.out.printf(Locale.ROOT, "  heap: max %d MiB, peak used %d MiB over the runs (%d MiB before)%n",
                Runtime.getRuntime().maxMemory() >> 20, heap.peak >> 20, heapBefore >> 20);
        printRatios(baseline, maintkit, floor);
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

    /** The baseline's median against maintkit's first run, its warm runs' median and the server-side floor. */
    private static void printRatios(long[] baseline, long[] maintkit, long floor) {
        long base = BenchSupport.median(baseline);
        long warm = BenchSupport.median(Arrays.copyOfRange(maintkit, 1, maintkit.length));
        System.out.printf(Locale.ROOT, "speed-up over the baseline's median: %.2fx (first run), %.2fx (median of %d"
                        + " warm runs); the server-side floor: %.2fx%n", (double) base / maintkit[0],
                (double) base / warm, WARM_RUNS, (double) base / floor);
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

package io.maintkit.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.RedisClusterClient;
import io.maintkit.core.DataSize;
import io.maintkit.core.Finding;
import io.maintkit.core.Measurement;
import io.maintkit.core.Percent;
import io.maintkit.core.Severity;
import io.maintkit.core.Threshold;
import io.maintkit.redis.internal.Connector;
import io.maintkit.redis.internal.Info;
import io.maintkit.redis.internal.Node;
import io.maintkit.redis.internal.Samples;
import io.maintkit.redis.internal.Texts;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * {@code redis.memory}: used memory against {@code maxmemory} and the eviction policy, fragmentation judged like
 * {@code MEMORY DOCTOR} (a ratio <em>and</em> a byte floor, and not at all below
 * {@link #DEFAULT_FRAGMENTATION_MINIMUM_USED} used, so that small instances do not false-alarm), evictions
 * since the previous run, and writes refused under {@code noeviction}. Reads {@code INFO} only, so it works where
 * {@code CONFIG} and {@code MEMORY} are blocked.
 *
 * <p>Kinds: {@code memory-used}, {@code maxmemory-unlimited}, {@code fragmentation}, {@code evictions},
 * {@code writes-rejected}, {@code no-previous-sample}.
 */
public final class MemoryCheck extends RedisInspection<MemoryCheck, MemoryReport> {

    /** The check id. */
    public static final String ID = "redis.memory";
    /** Used memory as a share of {@code maxmemory}: warning at 80 %, critical at 95 %. */
    public static final Threshold<Percent> DEFAULT_USED = Threshold.above(Percent.of(80), Percent.of(95));
    /** Fragmentation ratio (RSS / used): warning at 1.4 ({@code MEMORY DOCTOR}'s), critical at 2. */
    public static final Threshold<Double> DEFAULT_FRAGMENTATION_RATIO = Threshold.above(1.4, 2.0);
    /** Fragmented bytes (RSS - used): warning at 10 MiB ({@code MEMORY DOCTOR}'s floor), critical at 1 GiB. */
    public static final Threshold<DataSize> DEFAULT_FRAGMENTATION_BYTES =
            Threshold.above(DataSize.ofMegabytes(10), DataSize.ofGigabytes(1));
    /** Below this much used memory fragmentation is not judged: 5 MiB ({@code MEMORY DOCTOR}'s "empty instance"). */
    public static final DataSize DEFAULT_FRAGMENTATION_MINIMUM_USED = DataSize.ofMegabytes(5);
    /** Evictions per second since the previous run: warning at 10, critical at 1,000. */
    public static final Threshold<Double> DEFAULT_EVICTION_RATE = Threshold.above(10.0, 1000.0);

    private static final String EVICTED = "evicted_keys";
    private static final String OOM = "errorstat_OOM";

    private final Threshold<Percent> used;
    private final Threshold.Both<Double, DataSize> fragmentation;
    private final Threshold<Double> evictionRate;
    private final Samples samples = new Samples();

    private MemoryCheck(Context context, Threshold<Percent> used, Threshold.Both<Double, DataSize> fragmentation,
                        Threshold<Double> evictionRate) {
        super(context);
        this.used = Objects.requireNonNull(used, "used");
        this.fragmentation = Objects.requireNonNull(fragmentation, "fragmentation");
        this.evictionRate = Objects.requireNonNull(evictionRate, "evictionRate");
    }

    /** A check with the defaults, through the host's client. */
    public static MemoryCheck on(RedisClient client) {
        return on(Context.of(Connector.of(client)));
    }

    /** A check with the defaults, through a client of its own for {@code uri}. */
    public static MemoryCheck on(RedisURI uri) {
        return on(Context.of(Connector.of(uri)));
    }

    /** A check with the defaults over every node of the host's cluster client (see {@link #inspectEveryNode()}). */
    public static MemoryCheck on(RedisClusterClient client) {
        return on(Context.of(Connector.of(client)));
    }

    static MemoryCheck on(Context context) {
        return new MemoryCheck(context, DEFAULT_USED,
                Threshold.both(DEFAULT_FRAGMENTATION_RATIO, DEFAULT_FRAGMENTATION_BYTES), DEFAULT_EVICTION_RATE);
    }

    @Override
    MemoryCheck with(Context changed) {
        return new MemoryCheck(changed, used, fragmentation, evictionRate);
    }

    @Override
    public String id() {
        return ID;
    }

    /** This check with other limits for used memory as a share of {@code maxmemory}. */
    public MemoryCheck used(Threshold<Percent> limits) {
        return new MemoryCheck(context, limits, fragmentation, evictionRate);
    }

    /** This check with other limits for fragmentation: both the ratio and the bytes must cross a level. */
    public MemoryCheck fragmentation(Threshold<Double> ratio, Threshold<DataSize> bytes) {
        return new MemoryCheck(context, used, Threshold.both(ratio, bytes), evictionRate);
    }

    /** This check with other limits for evictions per second between two runs. */
    public MemoryCheck evictionRate(Threshold<Double> limits) {
        return new MemoryCheck(context, used, fragmentation, limits);
    }

    @Override
    MemoryReport inspect(Node node, Info info) {
        String subject = node.name();
        List<Finding> findings = new ArrayList<>();
        DataSize usedMemory = DataSize.ofBytes(info.number("used_memory").orElse(0));
        long max = info.number("maxmemory").orElse(0);
        String policy = info.text("maxmemory_policy").orElse("unknown");
        boolean cache = policy.startsWith("allkeys-");
        if (max > 0) {
            Percent share = Percent.ratio(usedMemory.bytes(), max);
            Severity s = used.evaluate(share);
            if (s != Severity.OK) {
                findings.add(Finding.of(ID, "memory-used", subject, cache ? Severity.INFO : s,
                                usedMemory + " used, " + share + " of maxmemory " + DataSize.ofBytes(max)
                                + " (" + policy + (cache ? ": evicts to make room" : ": cannot evict every key")
                                + ")")
                        .withMeasurements(Measurement.bytes("used_memory", usedMemory),
                                Measurement.percent("used_percent", share)));
            }
        } else if (!policy.equals("noeviction") && !policy.equals("unknown")) {
            findings.add(Finding.of(ID, "maxmemory-unlimited", subject, Severity.WARNING,
                    "maxmemory is 0 (unlimited): eviction policy " + policy + " never applies and the cache grows "
                    + "until the operating system kills the server (" + usedMemory + " used now)"));
        }
        double ratio = info.decimal("mem_fragmentation_ratio").orElse(1.0);
        DataSize fragmented = DataSize.ofBytes(Math.max(0, info.number("mem_fragmentation_bytes")
                .orElse(info.number("used_memory_rss").orElse(0) - usedMemory.bytes())));
        Severity frag = usedMemory.compareTo(DEFAULT_FRAGMENTATION_MINIMUM_USED) < 0 ? Severity.OK
                : fragmentation.evaluate(ratio, fragmented);
        if (frag != Severity.OK) {
            findings.add(Finding.of(ID, "fragmentation", subject, frag, String.format(java.util.Locale.ROOT,
                            "fragmentation ratio %.2f, %s more resident than used", ratio, fragmented))
                    .withMeasurements(Measurement.bytes("fragmentation_bytes", fragmented)));
        }
        long evicted = info.number(EVICTED).orElse(0);
        long oom = Info.longOf(info.compound(OOM).get("count"));
        Samples.Sample now = new Samples.Sample(info.text("run_id").orElse(""), context.clock().instant(),
                Map.of(EVICTED, evicted, OOM, oom));
        Optional<Samples.Sample> before = samples.exchange(subject, now);
        OptionalLong evictionsSince = OptionalLong.empty();
        if (before.isPresent()) {
            long grown = now.since(before.get(), EVICTED);
            evictionsSince = OptionalLong.of(grown);
            double seconds = Math.max(0.001, now.elapsedSince(before.get()).toMillis() / 1000.0);
            double rate = grown / seconds;
            if (grown > 0) {
                findings.add(Finding.of(ID, "evictions", subject, Severity.worst(Severity.INFO,
                                evictionRate.evaluate(rate)), Texts.count(grown) + " keys evicted since the previous"
                                + String.format(java.util.Locale.ROOT, " check (%.1f/s) under %s", rate, policy))
                        .withMeasurements(Measurement.count("evictions", grown)));
            }
        } else {
            findings.add(Finding.of(ID, "no-previous-sample", subject, Severity.INFO,
                    "first sample: evictions since the previous check are known from the next run ("
                    + Texts.count(evicted) + " since start)"));
        }
        if (policy.equals("noeviction")) {
            rejectedWrites(subject, findings, usedMemory, max, now, before);
        }
        return new MemoryReport(subject, usedMemory, DataSize.ofBytes(info.number("used_memory_peak").orElse(0)),
                max > 0 ? Optional.of(DataSize.ofBytes(max)) : Optional.empty(), policy, ratio, fragmented,
                evicted, evictionsSince, findings);
    }

    private static void rejectedWrites(String subject, List<Finding> findings, DataSize usedMemory, long max,
                                       Samples.Sample now, Optional<Samples.Sample> before) {
        long refused = before.map(b -> now.since(b, OOM)).orElse(now.get(OOM));
        boolean full = max > 0 && usedMemory.bytes() >= max;
        if (full || refused > 0) {
            String when = before.isPresent() ? "since the previous check" : "since start";
            Severity s = full || before.isPresent() ? Severity.CRITICAL : Severity.WARNING;
            findings.add(Finding.of(ID, "writes-rejected", subject, s, "noeviction: "
                            + (full ? "memory is full (" + usedMemory + " of " + DataSize.ofBytes(max)
                            + "), writes fail with OOM; " : "")
                            + Texts.count(refused) + " commands refused with OOM " + when)
                    .withMeasurements(Measurement.count("oom_errors", refused)));
        }
    }
}

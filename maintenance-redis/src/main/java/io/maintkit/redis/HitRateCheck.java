package io.maintkit.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.RedisClusterClient;
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

/**
 * {@code redis.hit-rate}: keyspace hits over lookups ({@code keyspace_hits}, {@code keyspace_misses}) between this
 * run and the previous one, and since start. A rate needs two samples: the first run says so. The rate is judged
 * only over at least {@link #DEFAULT_MINIMUM_LOOKUPS} lookups, so that an idle cache does not alarm.
 *
 * <p>Kinds: {@code hit-rate-low} (between runs), {@code hit-rate-low-since-start} (at most a warning),
 * {@code no-previous-sample}.
 */
public final class HitRateCheck extends RedisInspection<HitRateCheck, HitRateReport> {

    /** The check id. */
    public static final String ID = "redis.hit-rate";
    /** Hit rate: warning at or below 80 %, critical at or below 50 %. */
    public static final Threshold<Percent> DEFAULT_HIT_RATE = Threshold.below(Percent.of(80), Percent.of(50));
    /** The fewest lookups a rate is judged over: 1,000. */
    public static final long DEFAULT_MINIMUM_LOOKUPS = 1_000;

    private static final String HITS = "keyspace_hits";
    private static final String MISSES = "keyspace_misses";

    private final Threshold<Percent> hitRate;
    private final long minimumLookups;
    private final Samples samples = new Samples();

    private HitRateCheck(Context context, Threshold<Percent> hitRate, long minimumLookups) {
        super(context);
        this.hitRate = Objects.requireNonNull(hitRate, "hitRate");
        if (minimumLookups < 1) {
            throw new IllegalArgumentException("minimumLookups must be at least 1, was " + minimumLookups);
        }
        this.minimumLookups = minimumLookups;
    }

    /** A check with the defaults, through the host's client. */
    public static HitRateCheck on(RedisClient client) {
        return on(Context.of(Connector.of(client)));
    }

    /** A check with the defaults, through a client of its own for {@code uri}. */
    public static HitRateCheck on(RedisURI uri) {
        return on(Context.of(Connector.of(uri)));
    }

    /** A check with the defaults over every node of the host's cluster client (see {@link #inspectEveryNode()}). */
    public static HitRateCheck on(RedisClusterClient client) {
        return on(Context.of(Connector.of(client)));
    }

    static HitRateCheck on(Context context) {
        return new HitRateCheck(context, DEFAULT_HIT_RATE, DEFAULT_MINIMUM_LOOKUPS);
    }

    @Override
    HitRateCheck with(Context changed) {
        return new HitRateCheck(changed, hitRate, minimumLookups);
    }

    @Override
    public String id() {
        return ID;
    }

    /** This check with other limits for the hit rate. */
    public HitRateCheck hitRate(Threshold<Percent> limits) {
        return new HitRateCheck(context, limits, minimumLookups);
    }

    /** This check judging a rate only over at least {@code lookups} lookups. */
    public HitRateCheck minimumLookups(long lookups) {
        return new HitRateCheck(context, hitRate, lookups);
    }

    @Override
    HitRateReport inspect(Node node, Info info) {
        String subject = node.name();
        List<Finding> findings = new ArrayList<>();
        long hits = info.number(HITS).orElse(0);
        long misses = info.number(MISSES).orElse(0);
        Optional<Percent> sinceStart = hits + misses == 0 ? Optional.empty()
                : Optional.of(Percent.ratio(hits, hits + misses));
        if (hits + misses >= minimumLookups && sinceStart.isPresent()) {
            Severity s = hitRate.evaluate(sinceStart.get());
            if (s != Severity.OK) {
                findings.add(Finding.of(ID, "hit-rate-low-since-start", subject,
                                s == Severity.CRITICAL ? Severity.WARNING : s, "hit rate " + sinceStart.get()
                                + " since start (" + Texts.count(hits) + " hits, " + Texts.count(misses) + " misses)")
                        .withMeasurements(Measurement.percent("hit_rate", sinceStart.get())));
            }
        }
        Samples.Sample now = new Samples.Sample(info.text("run_id").orElse(""), context.clock().instant(),
                Map.of(HITS, hits, MISSES, misses));
        Optional<Samples.Sample> before = samples.exchange(subject, now);
        Optional<Percent> sinceLast = Optional.empty();
        long lookups = 0;
        if (before.isEmpty()) {
            findings.add(Finding.of(ID, "no-previous-sample", subject, Severity.INFO,
                    "first sample: the hit rate between checks is known from the next run"));
        } else {
            long h = now.since(before.get(), HITS);
            lookups = h + now.since(before.get(), MISSES);
            if (lookups > 0) {
                sinceLast = Optional.of(Percent.ratio(h, lookups));
            }
            if (lookups >= minimumLookups && sinceLast.isPresent()) {
                Severity s = hitRate.evaluate(sinceLast.get());
                if (s != Severity.OK) {
                    findings.add(Finding.of(ID, "hit-rate-low", subject, s, "hit rate " + sinceLast.get()
                                    + " since the previous check (" + Texts.count(lookups) + " lookups)")
                            .withMeasurements(Measurement.percent("hit_rate", sinceLast.get()),
                                    Measurement.count("lookups", lookups)));
                }
            }
        }
        return new HitRateReport(subject, hits, misses, sinceStart, sinceLast, lookups, findings);
    }
}

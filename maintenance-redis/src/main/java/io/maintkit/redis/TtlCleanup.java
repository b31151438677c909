package io.maintkit.redis;

import io.lettuce.core.ExpireArgs;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.ScriptOutputType;
import io.maintkit.core.ActionContext;
import io.maintkit.core.DataSize;
import io.maintkit.core.Durations;
import io.maintkit.core.EstimatedCost;
import io.maintkit.core.LockImpact;
import io.maintkit.core.MaintenanceAction;
import io.maintkit.core.MaintenancePlan;
import io.maintkit.core.Measurement;
import io.maintkit.core.StepResult;
import io.maintkit.redis.internal.BatchRun;
import io.maintkit.redis.internal.Connector;
import io.maintkit.redis.internal.Scripts;
import io.maintkit.redis.internal.DryRun;
import io.maintkit.redis.internal.Texts;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Gives every key matching a glob that has no time to live one, as a {@link MaintenancePlan}: the runbook's
 * {@code redis-cli --scan --pattern '*' | xargs redis-cli EXPIRE 86400}, without overwriting the TTLs keys already
 * have. On Redis 7+ each key gets {@code EXPIRE key seconds NX} (pipelined); before 7, a Lua guard sets the TTL only
 * where {@code PTTL} is -1, atomically. The action is destructive (the keys will expire): it runs only with
 * {@code allowDestructive(true)}. Same scanning, progress, key cap, cancellation, window and latency budget as
 * {@link PatternDeletion}.
 *
 * <pre>{@code
 * MaintenancePlan plan = TtlCleanup.on(redisClient).pattern("cache:*").ttl(Duration.ofDays(1)).plan();
 * }</pre>
 */
public final class TtlCleanup {

    private final KeySelection keys;
    private final Duration ttl;

    private TtlCleanup(KeySelection keys, Duration ttl) {
        this.keys = keys;
        this.ttl = ttl;
    }

    /** A clean-up through the host's client (its default URI). */
    public static TtlCleanup on(RedisClient client) {
        return new TtlCleanup(KeySelection.of(Connector.of(client)), null);
    }

    /** A clean-up with a client of its own for {@code uri}. */
    public static TtlCleanup on(RedisURI uri) {
        return new TtlCleanup(KeySelection.of(Connector.of(uri)), null);
    }

    /** A clean-up on every primary of the host's cluster client, batches grouped per hash slot. */
    public static TtlCleanup on(RedisClusterClient client) {
        return new TtlCleanup(KeySelection.of(Connector.of(client)), null);
    }

    /** This clean-up naming its target so in plans; never put credentials here. */
    public TtlCleanup target(String name) {
        return new TtlCleanup(keys.withTarget(name), ttl);
    }

    /** Keys matching a glob ({@code SCAN MATCH} syntax), as UTF-8. */
    public TtlCleanup pattern(String glob) {
        return new TtlCleanup(keys.withGlob(glob), ttl);
    }

    /** Keys matching a glob given as bytes. */
    public TtlCleanup pattern(byte[] glob) {
        return new TtlCleanup(keys.withGlob(glob), ttl);
    }

    /** Keys starting with these bytes, taken literally (glob metacharacters in them are escaped). */
    public TtlCleanup prefix(byte[] literal) {
        return new TtlCleanup(keys.withPrefix(literal), ttl);
    }

    /** The time to live to give, in whole seconds (at least one). Required. */
    public TtlCleanup ttl(Duration timeToLive) {
        if (timeToLive.toSeconds() < 1) {
            throw new IllegalArgumentException("ttl must be at least 1 second, was " + timeToLive);
        }
        return new TtlCleanup(keys, timeToLive);
    }

    /** Change at most {@code n} keys per execution. */
    public TtlCleanup maxKeys(long n) {
        return new TtlCleanup(keys.withMaxKeys(n), ttl);
    }

    /**
     * Scan with these settings (COUNT, pause, latency budget, timeout); {@link ScanSettings#forChanges()} by default.
     */
    public TtlCleanup scan(ScanSettings settings) {
        return new TtlCleanup(keys.withScan(settings), ttl);
    }

    private void requireComplete() {
        List<String> missing = new ArrayList<>();
        if (keys.glob() == null) {
            missing.add("a pattern (pattern(...) or prefix(...))");
        }
        if (ttl == null) {
            missing.add("a ttl (ttl(...))");
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("TtlCleanup needs " + String.join(" and ", missing));
        }
    }

    /** Counts the matching keys without a TTL: one SCAN pass, changing nothing. */
    public KeyCount dryRun() throws InterruptedException {
        requireComplete();
        long t0 = System.nanoTime();
        DryRun.Counts counts = DryRun.count(keys.connector(), keys.glob(), keys.scan().count(),
                keys.scan().commandTimeout(), true, 0, false, keys.maxKeys());
        return new KeyCount(keys.target(), keys.describeGlob(), counts.matched(), counts.selected(), DataSize.ZERO,
                Duration.ofNanos(System.nanoTime() - t0));
    }

    /** A dry run, then a plan of one destructive action whose reason carries the dry run's numbers. */
    public MaintenancePlan plan() throws InterruptedException {
        KeyCount count = dryRun();
        String name = "ttl clean-up " + keys.describeGlob() + " on " + keys.target();
        if (count.selected() == 0) {
            return new MaintenancePlan(name, List.of());
        }
        return new MaintenancePlan(name, List.of(action("dry run: " + Texts.count(count.selected()) + " of "
                + Texts.count(count.matched()) + " matching keys have no TTL")));
    }

    /** The clean-up as one action without a dry run, for a host's own plan. */
    public MaintenanceAction asAction() {
        requireComplete();
        return action("give the keys matching " + keys.describeGlob() + " without a TTL one (not counted beforehand)");
    }

    private MaintenanceAction action(String reason) {
        String command = "SCAN MATCH " + keys.describeGlob() + " COUNT " + keys.scan().count() + " + EXPIRE key "
                + ttl.toSeconds() + " NX per key (Lua guard before Redis 7)"
                + (keys.maxKeys() == Long.MAX_VALUE ? "" : ", at most " + Texts.count(keys.maxKeys()) + " keys");
        return MaintenanceAction.builder(keys.target(), command)
                .reason(reason + "; they expire " + Durations.humanize(ttl) + " after the run")
                .lockImpact(LockImpact.NONE).destructive(true).cost(EstimatedCost.NONE).step(this::execute).build();
    }

    private StepResult execute(ActionContext context) throws InterruptedException {
        ScanSettings s = keys.scan();
        long seconds = ttl.toSeconds();
        byte[][] secondsArg = {Long.toString(seconds).getBytes(StandardCharsets.UTF_8)};
        boolean[] nativeNx = new boolean[1];
        boolean[] probed = new boolean[1];
        BatchRun.Tally tally = BatchRun.run(keys.connector(), keys.glob(), s.count(), s.pause(), s.latencyBudget(),
                s.commandTimeout(), keys.maxKeys(), context, "given a TTL", (scan, groups) -> {
                    if (!probed[0]) {
                        nativeNx[0] = scan.info().version().atLeast(7, 0);
                        probed[0] = true;
                    }
                    List<RedisFuture<?>> replies = new ArrayList<>();
                    List<Integer> sizes = new ArrayList<>();
                    for (List<byte[]> group : groups) {
                        if (nativeNx[0]) {
                            for (byte[] key : group) {
                                replies.add(scan.commands().expire(key, seconds, ExpireArgs.Builder.nx()));
                                sizes.add(1);
                            }
                        } else {
                            replies.add(scan.commands().eval(Scripts.EXPIRE_NX, ScriptOutputType.INTEGER,
                                    group.toArray(new byte[0][]), secondsArg));
                            sizes.add(group.size());
                        }
                    }
                    return new BatchRun.Queued(replies, sizes);
                });
        String detail = tally.describe("given a TTL of " + Durations.humanize(ttl))
                + (tally.stop().isEmpty() ? "" : "; " + tally.stop() + ", re-run to continue");
        if (tally.hasFailures()) {
            throw new IllegalStateException(detail + "; a re-run takes the keys left"
                    + (tally.messages().isEmpty() ? "" : "; first error: " + tally.messages().get(0)));
        }
        return StepResult.of(detail, Measurement.count("matched", tally.matched()),
                Measurement.count("expire_set", tally.changed()),
                Measurement.seconds("paused", tally.paused()),
                Measurement.count("latency_waits", tally.latencyWaits()));
    }
}

package io.maintkit.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.ScriptOutputType;
import io.maintkit.core.ActionContext;
import io.maintkit.core.DataSize;
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
import java.util.Objects;

/**
 * Deletes the keys matching a glob, as a {@link MaintenancePlan}: the runbook's
 * {@code redis-cli --scan --pattern 'user:*' | xargs redis-cli DEL}, without its dangers.
 *
 * <pre>{@code
 * MaintenancePlan plan = PatternDeletion.on(redisClient).pattern("session:*").onlyWithoutTtl().plan();
 * System.out.println(plan.describe());                    // dry run: 120,000 keys, 48 MiB
 * plan.execute(ExecutionOptions.defaults().allowDestructive(true).listener(progress));
 * }</pre>
 *
 * <p>{@link #plan()} first counts the matching keys and their bytes (a dry run: one SCAN pass, with a read-only
 * script per batch summing {@code MEMORY USAGE}). Execution walks the
 * keys again with SCAN (never {@code KEYS}) and unlinks each batch with one {@code UNLINK} (freeing big values off
 * the main thread; never {@code DEL}), or, with a TTL or idle filter, with a Lua guard that checks and unlinks
 * atomically. The action is destructive: it runs only with {@code allowDestructive(true)}. It reports exact counts
 * (keys matched, unlinked) to the listener, stops at {@link #maxKeys(long)}, stops between batches on cancellation
 * or when the window closes (the outcome says what was done; a re-run finishes the job), and waits while the
 * latency probe of {@link ScanSettings#withLatencyBudget(Duration)} is over budget. Keys are bytes throughout:
 * binary names and names holding {@code * ? [ ] \} are matched with {@link #prefix(byte[])}.
 */
public final class PatternDeletion {

    private final KeySelection keys;
    private final boolean onlyWithoutTtl;
    private final Duration idleAtLeast;

    private PatternDeletion(KeySelection keys, boolean onlyWithoutTtl, Duration idleAtLeast) {
        this.keys = keys;
        this.onlyWithoutTtl = onlyWithoutTtl;
        this.idleAtLeast = idleAtLeast;
    }

    /** A deletion through the host's client (its default URI). */
    public static PatternDeletion on(RedisClient client) {
        return new PatternDeletion(KeySelection.of(Connector.of(client)), false, null);
    }

    /** A deletion with a client of its own for {@code uri} (standalone, or a Sentinel URI naming the primary). */
    public static PatternDeletion on(RedisURI uri) {
        return new PatternDeletion(KeySelection.of(Connector.of(uri)), false, null);
    }

    /** A deletion on every primary of the host's cluster client, batches grouped per hash slot. */
    public static PatternDeletion on(RedisClusterClient client) {
        return new PatternDeletion(KeySelection.of(Connector.of(client)), false, null);
    }

    /** This deletion naming its target so in plans; never put credentials here. */
    public PatternDeletion target(String name) {
        return new PatternDeletion(keys.withTarget(name), onlyWithoutTtl, idleAtLeast);
    }

    /** Keys matching a glob ({@code SCAN MATCH} syntax: {@code * ? [abc] \x}), as UTF-8. */
    public PatternDeletion pattern(String glob) {
        return new PatternDeletion(keys.withGlob(glob), onlyWithoutTtl, idleAtLeast);
    }

    /** Keys matching a glob given as bytes. */
    public PatternDeletion pattern(byte[] glob) {
        return new PatternDeletion(keys.withGlob(glob), onlyWithoutTtl, idleAtLeast);
    }

    /** Keys starting with these bytes, taken literally (glob metacharacters in them are escaped). */
    public PatternDeletion prefix(byte[] literal) {
        return new PatternDeletion(keys.withPrefix(literal), onlyWithoutTtl, idleAtLeast);
    }

    /** Only keys without a time to live. */
    public PatternDeletion onlyWithoutTtl() {
        return new PatternDeletion(keys, true, idleAtLeast);
    }

    /** Only keys idle ({@code OBJECT IDLETIME}) at least this long; needs an LRU or no eviction policy. */
    public PatternDeletion idleLongerThan(Duration idle) {
        return new PatternDeletion(keys, onlyWithoutTtl, Objects.requireNonNull(idle, "idle"));
    }

    /** Delete at most {@code n} keys per execution. */
    public PatternDeletion maxKeys(long n) {
        return new PatternDeletion(keys.withMaxKeys(n), onlyWithoutTtl, idleAtLeast);
    }

    /**
     * Scan with these settings (COUNT, pause, latency budget, timeout); {@link ScanSettings#forChanges()} by default.
     */
    public PatternDeletion scan(ScanSettings settings) {
        return new PatternDeletion(keys.withScan(settings), onlyWithoutTtl, idleAtLeast);
    }

    private boolean filtered() {
        return onlyWithoutTtl || idleAtLeast != null;
    }

    /**
     * Counts the keys this deletion would remove and their bytes: one SCAN pass, changing nothing.
     *
     * @throws IllegalStateException when no pattern was given
     */
    public KeyCount dryRun() throws InterruptedException {
        byte[] glob = keys.requireGlob("PatternDeletion");
        long t0 = System.nanoTime();
        DryRun.Counts counts = DryRun.count(keys.connector(), glob, keys.scan().count(), keys.scan().commandTimeout(),
                onlyWithoutTtl, idleAtLeast == null ? 0 : Math.max(1, idleAtLeast.toSeconds()), true, keys.maxKeys());
        return new KeyCount(keys.target(), keys.describeGlob(), counts.matched(), counts.selected(),
                DataSize.ofBytes(counts.bytes()), Duration.ofNanos(System.nanoTime() - t0));
    }

    /** A dry run, then a plan of one destructive action whose reason carries the dry run's numbers. */
    public MaintenancePlan plan() throws InterruptedException {
        KeyCount count = dryRun();
        String name = "pattern deletion " + keys.describeGlob() + " on " + keys.target();
        if (count.selected() == 0) {
            return new MaintenancePlan(name, List.of());
        }
        return new MaintenancePlan(name, List.of(action("dry run " + Texts.count(count.selected()) + " of "
                + Texts.count(count.matched()) + " matching keys, " + count.bytes() + " by MEMORY USAGE",
                EstimatedCost.reading(DataSize.ZERO).freeing(count.bytes()))));
    }

    /** The deletion as one action without a dry run, for a host's own plan. */
    public MaintenanceAction asAction() {
        keys.requireGlob("PatternDeletion");
        return action("delete the keys matching " + keys.describeGlob() + " (not counted beforehand)",
                EstimatedCost.NONE);
    }

    private MaintenanceAction action(String reason, EstimatedCost cost) {
        String command = "SCAN MATCH " + keys.describeGlob() + " COUNT " + keys.scan().count() + " + "
                + (filtered() ? "EVAL guard (" + filters() + ") UNLINK" : "UNLINK") + " per batch"
                + (keys.maxKeys() == Long.MAX_VALUE ? "" : ", at most " + Texts.count(keys.maxKeys()) + " keys");
        return MaintenanceAction.builder(keys.target(), command).reason(reason).lockImpact(LockImpact.NONE)
                .destructive(true).cost(cost).step(this::execute).build();
    }

    private String filters() {
        List<String> f = new ArrayList<>();
        if (onlyWithoutTtl) {
            f.add("no TTL");
        }
        if (idleAtLeast != null) {
            f.add("idle >= " + io.maintkit.core.Durations.humanize(idleAtLeast));
        }
        return String.join(", ", f);
    }

    private StepResult execute(ActionContext context) throws InterruptedException {
        byte[][] args = {onlyWithoutTtl ? "1".getBytes(StandardCharsets.UTF_8) : "0".getBytes(StandardCharsets.UTF_8),
                Long.toString(idleAtLeast == null ? 0 : Math.max(1, idleAtLeast.toSeconds()))
                        .getBytes(StandardCharsets.UTF_8)};
        ScanSettings s = keys.scan();
        BatchRun.Tally tally = BatchRun.run(keys.connector(), keys.requireGlob("PatternDeletion"), s.count(),
                s.pause(), s.latencyBudget(), s.commandTimeout(), keys.maxKeys(), context, "unlinked",
                (scan, groups) -> {
                    List<RedisFuture<Long>> replies = new ArrayList<>(groups.size());
                    for (List<byte[]> group : groups) {
                        byte[][] array = group.toArray(new byte[0][]);
                        replies.add(filtered()
                                ? scan.commands().eval(Scripts.UNLINK_IF, ScriptOutputType.INTEGER, array, args)
                                : scan.commands().unlink(array));
                    }
                    return new BatchRun.Queued(replies, groups.stream().map(List::size).toList());
                });
        String detail = tally.describe("unlinked")
                + (tally.stop().isEmpty() ? "" : "; " + tally.stop() + ", re-run to continue");
        if (tally.hasFailures()) {
            throw new IllegalStateException(detail + "; a re-run takes the keys left"
                    + (tally.messages().isEmpty() ? "" : "; first error: " + tally.messages().get(0)));
        }
        return StepResult.of(detail, Measurement.count("matched", tally.matched()),
                Measurement.count("unlinked", tally.changed()),
                Measurement.seconds("paused", tally.paused()),
                Measurement.count("latency_waits", tally.latencyWaits()));
    }
}

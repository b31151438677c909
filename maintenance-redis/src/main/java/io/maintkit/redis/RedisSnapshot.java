package io.maintkit.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.RedisClusterClient;
import io.maintkit.core.ActionContext;
import io.maintkit.core.DataSize;
import io.maintkit.core.Durations;
import io.maintkit.core.Finding;
import io.maintkit.core.LockImpact;
import io.maintkit.core.MaintenanceAction;
import io.maintkit.core.MaintenancePlan;
import io.maintkit.core.Measurement;
import io.maintkit.core.Severity;
import io.maintkit.core.StepResult;
import io.maintkit.redis.internal.Connector;
import io.maintkit.redis.internal.Info;
import io.maintkit.redis.internal.Node;
import io.maintkit.redis.internal.Readout;
import io.maintkit.redis.internal.Texts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;

/**
 * Writes an RDB snapshot with {@code BGSAVE} and waits for it, as a {@link MaintenancePlan} (one action per
 * primary) or directly with {@link #take()}: the runbook's {@code SAVE} without blocking the server. It waits for a
 * save already running to end, sends {@code BGSAVE SCHEDULE} (queued behind an AOF rewrite), reports the keys saved
 * so far to the listener (Redis 7+), fails when the save fails ({@code rdb_last_bgsave_status:err}, e.g. a
 * read-only {@code dir}), and reports the RDB file ({@code CONFIG GET dir} + {@code dbfilename}). Hand that file to
 * the backup module's verifier where this process can read it:
 *
 * <pre>{@code
 * SnapshotReport snapshot = RedisSnapshot.on(redisClient).take().single().orElseThrow();
 * Path rdb = snapshot.localFile().orElseThrow();
 * BackupVerification v = BackupVerifier.on(BackupStore.directory(rdb.getParent()))
 *         .verify(rdb.getFileName().toString());
 * }</pre>
 *
 * <p>Kinds: {@code rdb-path-unknown} ({@code CONFIG} refused), {@code rdb-not-local} (the file is on the server's
 * host).
 */
public final class RedisSnapshot {

    /** The id its findings carry. */
    public static final String ID = "redis.snapshot";

    /** The longest wait for one save: 30 minutes. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(30);
    /** How often the save is polled: every 200 ms. */
    public static final Duration DEFAULT_POLL = Duration.ofMillis(200);

    private final Context context;
    private final Duration timeout;

    private RedisSnapshot(Context context, Duration timeout) {
        this.context = context;
        this.timeout = timeout;
    }

    /** A snapshot through the host's client (its default URI). */
    public static RedisSnapshot on(RedisClient client) {
        return new RedisSnapshot(Context.of(Connector.of(client)), DEFAULT_TIMEOUT);
    }

    /** A snapshot with a client of its own for {@code uri} (standalone, or a Sentinel URI naming the primary). */
    public static RedisSnapshot on(RedisURI uri) {
        return new RedisSnapshot(Context.of(Connector.of(uri)), DEFAULT_TIMEOUT);
    }

    /** A snapshot of every primary of the host's cluster client, one after the other. */
    public static RedisSnapshot on(RedisClusterClient client) {
        return new RedisSnapshot(Context.of(Connector.of(client)), DEFAULT_TIMEOUT);
    }

    /** This snapshot naming its target so in plans; never put credentials here. */
    public RedisSnapshot target(String name) {
        return new RedisSnapshot(context.withTarget(name), timeout);
    }

    /** This snapshot waiting at most {@code limit} for one save (default {@link #DEFAULT_TIMEOUT}). */
    public RedisSnapshot timeout(Duration limit) {
        if (limit.isZero() || limit.isNegative()) {
            throw new IllegalArgumentException("timeout must be positive, was " + limit);
        }
        return new RedisSnapshot(context, limit);
    }

    /**
     * A plan of one action per primary, each stating the changes since the node's last save.
     *
     * @throws io.lettuce.core.RedisException when a node cannot be reached
     */
    public MaintenancePlan plan() throws InterruptedException {
        List<MaintenanceAction> actions = new ArrayList<>();
        for (Connector each : context.connector().nodes(Connector.Scope.PRIMARIES)) {
            try (Node node = context.open(each)) {
                Info info = node.info();
                long last = info.number("rdb_last_save_time").orElse(0);
                String name = node.name();
                actions.add(MaintenanceAction.builder(name, "BGSAVE SCHEDULE, then wait for it")
                        .reason("write a point-in-time RDB snapshot: " + Texts.count(info.number(
                                "rdb_changes_since_last_save").orElse(0)) + " changes since the last save at "
                                + Instant.ofEpochSecond(last).atOffset(ZoneOffset.UTC))
                        .lockImpact(LockImpact.NONE)
                        .step(c -> {
                            SnapshotReport r = snapshot(each, c);
                            return StepResult.of("RDB snapshot " + r.file().map(Path::toString).orElse("(path unknown)")
                                            + r.size().map(s -> ", " + s).orElse("") + " written in "
                                            + Durations.humanize(r.took()),
                                    Measurement.seconds("took", r.took()),
                                    Measurement.bytes("rdb_bytes", r.size().orElse(DataSize.ZERO)));
                        }).build());
            }
        }
        return new MaintenancePlan("RDB snapshot of " + context.target(), actions);
    }

    /**
     * Takes the snapshot now on every primary, without a plan.
     *
     * @throws IllegalStateException          when a save fails or outlives the timeout
     * @throws io.lettuce.core.RedisException when a node cannot be reached
     */
    public NodeReports<SnapshotReport> take() throws InterruptedException {
        List<SnapshotReport> reports = new ArrayList<>();
        for (Connector each : context.connector().nodes(Connector.Scope.PRIMARIES)) {
            reports.add(snapshot(each, new Unattended(context.clock())));
        }
        return new NodeReports<>(reports, List.of());
    }

    private SnapshotReport snapshot(Connector each, ActionContext c) throws InterruptedException {
        try (Node node = context.open(each)) {
            long deadline = System.nanoTime() + timeout.toNanos();
            Info before = awaitNoSave(node, c, deadline, "a save already running");
            if (before.number("rdb_saves").isEmpty()
                    && before.number("rdb_last_save_time").orElse(0) >= c.clock().instant().getEpochSecond() - 1) {
                c.pause(Duration.ofMillis(1_100));
            }
            long t0 = System.nanoTime();
            Readout<List<Object>> started = node.raw("BGSAVE", "SCHEDULE");
            if (!started.isRead()) {
                throw new IllegalStateException("BGSAVE refused on " + node.name() + ": " + started.reason());
            }
            boolean forked = String.valueOf(started.value()).contains("started");
            Info after = before;
            while (after == before || !saved(before, after, forked)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the snapshot on " + node.name() + " did not finish within "
                            + Durations.humanize(timeout));
                }
                c.pause(DEFAULT_POLL);
                after = awaitNoSave(node, c, deadline, "the snapshot");
            }
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            if (!"ok".equals(bgsaveStatus(after))) {
                throw new IllegalStateException("the background save failed on " + node.name()
                        + " (rdb_last_bgsave_status:err; see the server's log, e.g. a dir that is not writable)");
            }
            return report(node, after, took);
        }
    }

    /**
     * Whether the save asked for is over, read when no save runs. Redis 7+ counts every save it starts, failed ones
     * too ({@code rdb_saves}). Before 7: the reply said the save was started (not scheduled behind an AOF rewrite),
     * the last successful save's time moved, or the last save's status turned to {@code err}. A save scheduled
     * behind an AOF rewrite that fails after an earlier save failed too is not told from one still queued before 7:
     * the wait then ends at the timeout.
     */
    private static boolean saved(Info before, Info now, boolean forked) {
        long saves = before.number("rdb_saves").orElse(-1);
        if (saves >= 0) {
            return now.number("rdb_saves").orElse(0) > saves;
        }
        return forked || now.number("rdb_last_save_time").orElse(0) > before.number("rdb_last_save_time").orElse(0)
                || !bgsaveStatus(now).equals(bgsaveStatus(before));
    }

    private static String bgsaveStatus(Info info) {
        return info.text("rdb_last_bgsave_status").orElse("ok");
    }

    /** Polls INFO until no background save runs; progress to the listener while one does. */
    private Info awaitNoSave(Node node, ActionContext c, long deadline, String what) throws InterruptedException {
        while (true) {
            Info info = node.info();
            if (info.number("rdb_bgsave_in_progress").orElse(0) == 0) {
                return info;
            }
            if (c.isCancelled()) {
                throw new CancellationException("stopped waiting for " + what + " on " + node.name()
                        + "; the server finishes it on its own");
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(what + " on " + node.name() + " did not finish within "
                        + Durations.humanize(timeout));
            }
            long total = info.number("current_save_keys_total").orElse(-1);
            c.progress(node.name() + ": " + what + " running for " + info.number("rdb_current_bgsave_time_sec")
                    .orElse(0) + " s" + (total < 0 ? "" : ", " + Texts.count(info.number(
                    "current_save_keys_processed").orElse(0)) + " of " + Texts.count(total) + " keys saved"));
            c.pause(DEFAULT_POLL);
        }
    }

    private SnapshotReport report(Node node, Info info, Duration took) {
        List<Finding> findings = new ArrayList<>();
        Readout<Map<String, String>> config = node.config("dir", "dbfilename");
        Optional<Path> file = Optional.empty();
        Optional<DataSize> size = Optional.empty();
        if (!config.isRead()) {
            findings.add(Texts.unreadable(ID, "rdb-path-unknown", node.name(),
                    "the RDB file's path (CONFIG GET dir, dbfilename)", config.reason()));
        } else {
            Path path = Path.of(config.value().getOrDefault("dir", "."))
                    .resolve(config.value().getOrDefault("dbfilename", "dump.rdb"));
            file = Optional.of(path);
            try {
                size = Optional.of(DataSize.ofBytes(Files.size(path)));
            } catch (IOException | SecurityException e) {
                findings.add(Finding.of(ID, "rdb-not-local", node.name(), Severity.INFO,
                        "the RDB file " + path + " is not readable from this process (on the server's host?)"));
            }
        }
        return new SnapshotReport(node.name(), file, size,
                Instant.ofEpochSecond(info.number("rdb_last_save_time").orElse(0)), took, findings);
    }

    /** The context of {@link #take()}: no deadline, never cancelled, progress unheard. */
    private record Unattended(Clock clock) implements ActionContext {
        Unattended {
            Objects.requireNonNull(clock, "clock");
        }

        @Override
        public Optional<Instant> deadline() {
            return Optional.empty();
        }

        @Override
        public boolean isCancelled() {
            return false;
        }

        @Override
        public AutoCloseable onCancel(Runnable callback) {
            return () -> { };
        }

        @Override
        public void progress(String message) {
            // nobody listens
        }
    }
}

package io.maintkit.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.RedisClusterClient;
import io.maintkit.core.LockImpact;
import io.maintkit.core.MaintenanceAction;
import io.maintkit.core.MaintenancePlan;
import io.maintkit.core.Measurement;
import io.maintkit.core.StepResult;
import io.maintkit.redis.internal.Connector;
import io.maintkit.redis.internal.Node;
import io.maintkit.redis.internal.Readout;
import io.maintkit.redis.internal.Texts;
import java.util.ArrayList;
import java.util.List;

/**
 * Empties the current database ({@code FLUSHDB ASYNC}) or every database ({@code FLUSHALL ASYNC}) of each primary:
 * the runbook's "use carefully!" commands, only ever as explicitly destructive actions. Nothing in maintkit puts
 * them in a plan by itself; a host asks for this primitive by name, the plan states how many keys each primary
 * holds, and the actions run only with {@code allowDestructive(true)}. {@code ASYNC} frees the memory in a
 * background thread, so the server keeps answering.
 *
 * <pre>{@code
 * MaintenancePlan plan = RedisFlush.on(redisClient).everyDatabase().plan();   // "drops 12,345 keys"
 * plan.execute(ExecutionOptions.defaults().allowDestructive(true));
 * }</pre>
 */
public final class RedisFlush {

    private final Context context;
    private final boolean everyDatabase;

    private RedisFlush(Context context, boolean everyDatabase) {
        this.context = context;
        this.everyDatabase = everyDatabase;
    }

    /** {@code FLUSHDB ASYNC} of the database the host's client's URI selects. */
    public static RedisFlush on(RedisClient client) {
        return new RedisFlush(Context.of(Connector.of(client)), false);
    }

    /** {@code FLUSHDB ASYNC} of the database {@code uri} selects, with a client of its own. */
    public static RedisFlush on(RedisURI uri) {
        return new RedisFlush(Context.of(Connector.of(uri)), false);
    }

    /** A flush of every primary of the host's cluster client (a cluster has database 0 only). */
    public static RedisFlush on(RedisClusterClient client) {
        return new RedisFlush(Context.of(Connector.of(client)), false);
    }

    /** This flush naming its target so in plans; never put credentials here. */
    public RedisFlush target(String name) {
        return new RedisFlush(context.withTarget(name), everyDatabase);
    }

    /** {@code FLUSHALL ASYNC}: every database, not only the selected one. */
    public RedisFlush everyDatabase() {
        return new RedisFlush(context, true);
    }

    /**
     * A plan of one destructive action per primary, its reason stating how many keys it drops.
     *
     * @throws io.lettuce.core.RedisException when a node cannot be reached
     */
    public MaintenancePlan plan() throws InterruptedException {
        String command = everyDatabase ? "FLUSHALL" : "FLUSHDB";
        List<MaintenanceAction> actions = new ArrayList<>();
        for (Connector each : context.connector().nodes(Connector.Scope.PRIMARIES)) {
            try (Node node = context.open(each)) {
                Readout<Long> selected = node.read(c -> c.dbsize());
                long keys = everyDatabase
                        ? node.info().keyspace().values().stream().mapToLong(k -> k.keys()).sum()
                        : selected.isRead() ? selected.value() : -1;
                actions.add(MaintenanceAction.builder(node.name(), command + " ASYNC")
                        .reason("drops " + (keys < 0 ? "every key" : Texts.count(keys) + " keys") + " of "
                                + (everyDatabase ? "every database" : "the selected database")
                                + "; the memory is freed in the background")
                        .lockImpact(LockImpact.NONE).destructive(true)
                        .step(c -> flush(each, command)).build());
            }
        }
        return new MaintenancePlan(command + " on " + context.target(), actions);
    }

    private StepResult flush(Connector each, String command) {
        try (Node node = context.open(each)) {
            Readout<Long> before = node.read(c -> c.dbsize());
            Readout<List<Object>> reply = node.raw(command, "ASYNC");
            if (!reply.isRead()) {
                throw new IllegalStateException(command + " ASYNC refused on " + node.name() + ": " + reply.reason());
            }
            long dropped = before.isRead() ? before.value() : 0;
            return StepResult.of(command + " ASYNC on " + node.name() + (before.isRead() ? ": " + Texts.count(
                    dropped) + " keys of the selected database dropped" : ""), Measurement.count("dropped", dropped));
        }
    }
}

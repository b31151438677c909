package io.maintkit.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.maintkit.core.DataSize;
import io.maintkit.core.LockImpact;
import io.maintkit.core.MaintenanceAction;
import io.maintkit.core.MaintenancePlan;
import io.maintkit.core.StepResult;
import io.maintkit.redis.internal.Connector;
import io.maintkit.redis.internal.Info;
import io.maintkit.redis.internal.Node;
import io.maintkit.redis.internal.Readout;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Sets {@code maxmemory} and {@code maxmemory-policy} and persists them, as a {@link MaintenancePlan}: the runbook's
 * {@code CONFIG SET maxmemory 1gb} + {@code CONFIG SET maxmemory-policy allkeys-lru} + {@code CONFIG REWRITE}. Each
 * action states the current and the new value; a new {@code maxmemory} below the memory in use is destructive (the
 * server evicts at once, or refuses writes under {@code noeviction}) and runs only with the opt-in. Where
 * {@code CONFIG} is refused (managed services), the plan's one action says the change cannot be made through this
 * connection and fails if executed. {@link #purge()} adds {@code MEMORY PURGE} where the allocator is jemalloc.
 *
 * <pre>{@code
 * MaintenancePlan plan = MemoryPolicy.on(redisClient).maxmemory(DataSize.ofGigabytes(1)).policy("allkeys-lru")
 *         .plan();
 * }</pre>
 */
public final class MemoryPolicy {

    /** The eviction policies Redis knows. */
    public static final Set<String> POLICIES = Set.of("noeviction", "allkeys-lru", "allkeys-lfu", "allkeys-random",
            "volatile-lru", "volatile-lfu", "volatile-random", "volatile-ttl");

    private final Context context;
    private final DataSize maxmemory;
    private final String policy;
    private final boolean persist;
    private final boolean purge;

    private MemoryPolicy(Context context, DataSize maxmemory, String policy, boolean persist, boolean purge) {
        this.context = context;
        this.maxmemory = maxmemory;
        this.policy = policy;
        this.persist = persist;
        this.purge = purge;
    }

    /** A policy change through the host's client (its default URI). */
    public static MemoryPolicy on(RedisClient client) {
        return new MemoryPolicy(Context.of(Connector.of(client)), null, null, true, false);
    }

    /** A policy change with a client of its own for {@code uri}. */
    public static MemoryPolicy on(RedisURI uri) {
        return new MemoryPolicy(Context.of(Connector.of(uri)), null, null, true, false);
    }

    /** This change naming its target so in plans; never put credentials here. */
    public MemoryPolicy target(String name) {
        return new MemoryPolicy(context.withTarget(name), maxmemory, policy, persist, purge);
    }

    /** The new {@code maxmemory}; {@link DataSize#ZERO} for unlimited. */
    public MemoryPolicy maxmemory(DataSize size) {
        return new MemoryPolicy(context, Objects.requireNonNull(size, "size"), policy, persist, purge);
    }

    /** The new {@code maxmemory-policy}, one of {@link #POLICIES}. */
    public MemoryPolicy policy(String name) {
        if (!POLICIES.contains(name)) {
            throw new IllegalArgumentException("unknown maxmemory-policy " + name + "; one of " + POLICIES);
        }
        return new MemoryPolicy(context, maxmemory, name, persist, purge);
    }

    /** Whether to end with {@code CONFIG REWRITE} (default true: a restart keeps the change). */
    public MemoryPolicy persist(boolean rewrite) {
        return new MemoryPolicy(context, maxmemory, policy, rewrite, purge);
    }

    /** Adds {@code MEMORY PURGE} (returns dirty pages to the system) where the allocator is jemalloc. */
    public MemoryPolicy purge() {
        return new MemoryPolicy(context, maxmemory, policy, persist, true);
    }

    /**
     * Reads the current values and plans the changes; an empty plan when nothing differs.
     *
     * @throws IllegalStateException          when neither a maxmemory, a policy nor a purge was asked for
     * @throws io.lettuce.core.RedisException when the server cannot be reached
     */
    public MaintenancePlan plan() throws InterruptedException {
        if (maxmemory == null && policy == null && !purge) {
            throw new IllegalStateException("MemoryPolicy needs maxmemory(...), policy(...) or purge()");
        }
        String target = context.target();
        String name = "memory policy on " + target;
        try (Node node = context.open()) {
            Info info = node.info();
            List<MaintenanceAction> actions = new ArrayList<>();
            if (maxmemory != null || policy != null) {
                Readout<Map<String, String>> current = node.config("maxmemory", "maxmemory-policy");
                if (!current.isRead()) {
                    return new MaintenancePlan(name, List.of(refused(target, current.reason())));
                }
                long usedBytes = info.number("used_memory").orElse(0);
                long currentMax = Info.longOf(current.value().get("maxmemory"));
                String currentPolicy = current.value().getOrDefault("maxmemory-policy", "?");
                if (maxmemory != null && maxmemory.bytes() != currentMax) {
                    boolean evicts = maxmemory.bytes() > 0 && maxmemory.bytes() < usedBytes;
                    actions.add(set(target, "maxmemory", Long.toString(maxmemory.bytes()),
                            "maxmemory " + describe(currentMax) + " -> " + describe(maxmemory.bytes())
                            + (evicts ? "; below the " + DataSize.ofBytes(usedBytes) + " in use: the server evicts "
                            + "at once (or refuses writes under noeviction)" : ""), evicts));
                }
                if (policy != null && !policy.equals(currentPolicy)) {
                    actions.add(set(target, "maxmemory-policy", policy, "maxmemory-policy " + currentPolicy + " -> "
                            + policy, false));
                }
                if (persist && !actions.isEmpty()) {
                    actions.add(MaintenanceAction.builder(target, "CONFIG REWRITE")
                            .reason("persist the new values into the server's configuration file")
                            .step(c -> run(c, n -> n.read(a -> a.configRewrite()))).build());
                }
            }
            if (purge && info.text("mem_allocator").orElse("").startsWith("jemalloc")) {
                actions.add(MaintenanceAction.builder(target, "MEMORY PURGE")
                        .reason("return jemalloc's dirty pages to the system (fragmentation ratio "
                                + info.text("mem_fragmentation_ratio").orElse("?") + ")")
                        .step(c -> run(c, n -> n.raw("MEMORY", "PURGE"))).build());
            }
            return new MaintenancePlan(name, actions);
        }
    }

    private static String describe(long bytes) {
        return bytes == 0 ? "0 (unlimited)" : DataSize.ofBytes(bytes).toString();
    }

    private MaintenanceAction set(String target, String parameter, String value, String reason, boolean destructive) {
        return MaintenanceAction.builder(target, "CONFIG SET " + parameter + " " + value).reason(reason)
                .lockImpact(LockImpact.NONE).destructive(destructive)
                .step(c -> run(c, n -> n.read(a -> a.configSet(parameter, value)))).build();
    }

    private static MaintenanceAction refused(String target, String reason) {
        String why = "CONFIG is refused on this connection (" + reason + "): the change cannot be made through it;"
                + " use the provider's parameter group or console";
        return MaintenanceAction.builder(target, "CONFIG SET maxmemory / maxmemory-policy").reason(why)
                .step(c -> {
                    throw new IllegalStateException(why);
                }).build();
    }

    private StepResult run(io.maintkit.core.ActionContext c, java.util.function.Function<Node, Readout<?>> command) {
        try (Node node = context.open()) {
            Readout<?> reply = command.apply(node);
            if (!reply.isRead()) {
                throw new IllegalStateException(reply.reason());
            }
            return StepResult.of(String.valueOf(reply.value()));
        }
    }
}

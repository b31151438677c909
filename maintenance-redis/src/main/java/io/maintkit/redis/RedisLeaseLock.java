package io.maintkit.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.StringCodec;
import io.maintkit.core.ExecutionLock;
import io.maintkit.redis.internal.Connector;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.slf4j.LoggerFactory;

/**
 * A fleet lock held as a Redis key with a lease: {@code SET key value NX PX lease}, where the value names the owner.
 * Closing the attempt deletes the key only if it still holds this attempt's value (a compare-and-delete script), so
 * a node whose lease has run out never frees the lock another node took since. If the holder dies, the key expires
 * at the end of its lease.
 *
 * <pre>{@code
 * RedisLeaseLock lock = RedisLeaseLock.on(client).lease(Duration.ofMinutes(2)).renewingOn(hostScheduler);
 * plan.execute(ExecutionOptions.defaults().lock(lock).owner("web-2"));
 * }</pre>
 *
 * <p>Renewal: maintkit never owns a thread, so a lease is renewed only when the host hands over a
 * {@link ScheduledExecutorService} with {@link #renewingOn}: every third of the lease the holder extends the lease
 * to its full length, again only if the key still holds its value (a renewal that finds another value stops and
 * logs a warning). Without a scheduler the lease is not renewed: choose one longer than the longest run.
 *
 * <p>The key is {@value #DEFAULT_KEY_PREFIX} followed by the lock's name (UTF-8, any characters). The value is
 * {@code <owner> since <instant>, lease <8 random hex digits>}, unique per attempt; a refused node reports it with
 * the time left on the lease ({@code PTTL}). Every command runs under the connection timeout
 * {@link #DEFAULT_COMMAND_TIMEOUT}. The connection is held while the lock is, and closed with it.
 */
public final class RedisLeaseLock implements ExecutionLock {

    /** The default lease: 60 s. */
    public static final Duration DEFAULT_LEASE = Duration.ofSeconds(60);
    /** The default prefix of lock keys: {@code maintkit:lock:}. */
    public static final String DEFAULT_KEY_PREFIX = "maintkit:lock:";
    /** The default timeout of every command: 5 s. */
    public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofSeconds(5);

    /** Deletes KEYS[1] if it holds ARGV[1]; returns 1 when deleted. */
    private static final String DELETE_IF_MINE = """
            if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
            return 0
            """;
    /** Sets the TTL of KEYS[1] to ARGV[2] ms if it holds ARGV[1]; returns 1 when renewed. */
    private static final String RENEW_IF_MINE = """
            if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
            return 0
            """;

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Connector connector;
    private final Duration lease;
    private final String keyPrefix;
    private final Duration commandTimeout;
    private final ScheduledExecutorService renewal;

    private RedisLeaseLock(Connector connector, Duration lease, String keyPrefix, Duration commandTimeout,
            ScheduledExecutorService renewal) {
        this.connector = connector;
        this.lease = positive(lease, "lease");
        this.keyPrefix = Objects.requireNonNull(keyPrefix, "keyPrefix");
        this.commandTimeout = positive(commandTimeout, "commandTimeout");
        this.renewal = renewal;
    }

    /**
     * A lock through the host's client and its default URI; maintkit never shuts the client down.
     *
     * @param client the host's client
     * @return the lock, with the default lease and no renewal
     */
    public static RedisLeaseLock on(RedisClient client) {
        return new RedisLeaseLock(Connector.of(client), DEFAULT_LEASE, DEFAULT_KEY_PREFIX, DEFAULT_COMMAND_TIMEOUT,
                null);
    }

    /**
     * A lock through a client of maintkit's own for {@code uri}, created per attempt and shut down with it.
     *
     * @param uri the Redis deployment
     * @return the lock, with the default lease and no renewal
     */
    public static RedisLeaseLock on(RedisURI uri) {
        return new RedisLeaseLock(Connector.of(uri), DEFAULT_LEASE, DEFAULT_KEY_PREFIX, DEFAULT_COMMAND_TIMEOUT,
                null);
    }

    /**
     * This lock with another lease: how long the lock outlives a holder that stops renewing it.
     *
     * @param leaseTime the lease, at least 3 ms
     * @return a new lock
     */
    public RedisLeaseLock lease(Duration leaseTime) {
        return new RedisLeaseLock(connector, leaseTime, keyPrefix, commandTimeout, renewal);
    }

    /**
     * This lock with keys under another prefix.
     *
     * @param prefix what precedes the lock's name in its key
     * @return a new lock
     */
    public RedisLeaseLock keyPrefix(String prefix) {
        return new RedisLeaseLock(connector, lease, prefix, commandTimeout, renewal);
    }

    /**
     * This lock with another timeout for each command.
     *
     * @param timeout the longest any one command may take
     * @return a new lock
     */
    public RedisLeaseLock commandTimeout(Duration timeout) {
        return new RedisLeaseLock(connector, lease, keyPrefix, timeout, renewal);
    }

    /**
     * This lock renewing its lease every third of it on the host's scheduler while it is held.
     *
     * @param scheduler the host's scheduler; maintkit never shuts it down
     * @return a new lock
     */
    public RedisLeaseLock renewingOn(ScheduledExecutorService scheduler) {
        return new RedisLeaseLock(connector, lease, keyPrefix, commandTimeout,
                Objects.requireNonNull(scheduler, "scheduler"));
    }

    /**
     * The key of a lock's name.
     *
     * @param name the lock's name
     * @return the prefix followed by the name
     */
    public String key(String name) {
        return keyPrefix + name;
    }

    @Override
    public Attempt tryLock(String name, String owner) {
        String key = key(name);
        String value = owner + " since " + Instant.now() + ", lease " + HexFormat.of().toHexDigits(RANDOM.nextInt());
        Connector.Link<String, String> link = connector.open(StringCodec.UTF8);
        try {
            link.connection().setTimeout(commandTimeout);
            RedisCommands<String, String> redis = link.connection().sync();
            if ("OK".equals(redis.set(key, value, SetArgs.Builder.nx().px(lease.toMillis())))) {
                Optional<ScheduledFuture<?>> renewing = Optional.ofNullable(renewal).map(scheduler -> {
                    long every = Math.max(1, lease.toMillis() / 3);
                    return scheduler.scheduleAtFixedRate(() -> renew(redis, key, value), every, every,
                            TimeUnit.MILLISECONDS);
                });
                return Attempt.acquired(() -> release(link, key, value, renewing));
            }
            String holder = holder(redis, key);
            link.close();
            return Attempt.heldBy(holder);
        } catch (RuntimeException e) {
            link.close();
            throw e;
        }
    }

    private static String holder(RedisCommands<String, String> redis, String key) {
        String value = redis.get(key);
        long leftMs = redis.pttl(key);
        if (value == null) {
            return "a holder whose lease has just ended";
        }
        return value + " (" + (leftMs >= 0 ? leftMs + " ms left on the lease" : "no lease") + ")";
    }

    private void renew(RedisCommands<String, String> redis, String key, String value) {
        Long renewed;
        try {
            renewed = redis.eval(RENEW_IF_MINE, ScriptOutputType.INTEGER, new String[] {key}, value,
                    Long.toString(lease.toMillis()));
        } catch (RuntimeException e) {
            LoggerFactory.getLogger(RedisLeaseLock.class).warn("could not renew the lease on {}, retrying: {}", key,
                    e.toString());
            return;
        }
        if (renewed == null || renewed == 0) {
            LoggerFactory.getLogger(RedisLeaseLock.class)
                    .warn("the lease on {} ran out before it was renewed: another node may hold it", key);
            // an exception ends the periodic renewal
            throw new IllegalStateException("the lease on " + key + " is lost");
        }
    }

    private static void release(Connector.Link<String, String> link, String key, String value,
            Optional<ScheduledFuture<?>> renewing) {
        renewing.ifPresent(f -> f.cancel(false));
        try (link) {
            link.connection().sync().eval(DELETE_IF_MINE, ScriptOutputType.INTEGER, new String[] {key}, value);
        }
    }

    private static Duration positive(Duration d, String what) {
        Objects.requireNonNull(d, what);
        if (d.toMillis() < 3) {
            throw new IllegalArgumentException(what + " must be at least 3 ms");
        }
        return d;
    }

    @Override
    public String toString() {
        return "RedisLeaseLock[" + connector.describe() + ", lease=" + lease + ", renewed="
                + (renewal != null) + "]";
    }
}

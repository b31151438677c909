package io.maintkit.shedlock;

import io.maintkit.core.Durations;
import io.maintkit.core.ExecutionLock;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;

import net.javacrumbs.shedlock.core.ClockProvider;
import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.core.SimpleLock;

/**
 * A fleet lock over the host's ShedLock {@link LockProvider} (JDBC, Redis, MongoDB, ...), for hosts that already
 * coordinate their scheduled jobs with ShedLock: maintkit's plans and runbook tiers then share the host's lock
 * store.
 *
 * <pre>{@code
 * ExecutionLock fleet = ShedLockExecutionLock.on(new JdbcTemplateLockProvider(dataSource))
 *         .lockAtMostFor(Duration.ofHours(3));
 * runbook.tier("weekly").run(ExecutionOptions.defaults().lock(fleet));
 * }</pre>
 *
 * <p>As ShedLock does, the lock is a lease: it expires {@link #lockAtMostFor(Duration) at most} this long after it
 * was taken, so a holder that dies frees it then, and a run that lasts longer may overlap with the next node's (wrap
 * the provider in ShedLock's {@code KeepAliveLockProvider} to extend it while the run lasts). Released, it stays held
 * until {@link #lockAtLeastFor(Duration) at least} this long after it was taken, so that a node whose clock lags a
 * little does not run a short scheduled tier a second time. A node that finds the lock held skips at once; ShedLock's
 * provider does not say who holds it, so the skip reason says so and points at the lock store.
 *
 * <p>The ShedLock name is {@value #DEFAULT_PREFIX} followed by maintkit's lock name ({@code runbook weekly},
 * {@code vacuum app@db-1}); a name longer than {@value #MAX_NAME_LENGTH} characters (the width of ShedLock's
 * {@code name} column) keeps its start and ends with 16 hex digits of its SHA-256, so that every node computes the
 * same name. Immutable: each configuration method returns a new lock.
 */
public final class ShedLockExecutionLock implements ExecutionLock {

    /** How long a lock is held at most by default: 6 h, longer than the default windows of the runbook. */
    public static final Duration DEFAULT_LOCK_AT_MOST_FOR = Duration.ofHours(6);
    /** How long a lock is held at least by default: 1 min, more than the clocks of a fleet should differ. */
    public static final Duration DEFAULT_LOCK_AT_LEAST_FOR = Duration.ofMinutes(1);
    /** What every ShedLock name starts with by default, telling maintkit's locks from the host's jobs. */
    public static final String DEFAULT_PREFIX = "maintkit ";
    /** The longest ShedLock name: 64 characters, the width of the {@code name} column of ShedLock's tables. */
    public static final int MAX_NAME_LENGTH = 64;

    private static final int HASH_HEX_DIGITS = 16;

    private final LockProvider provider;
    private final Duration lockAtMostFor;
    private final Duration lockAtLeastFor;
    private final String prefix;

    private ShedLockExecutionLock(LockProvider provider, Duration lockAtMostFor, Duration lockAtLeastFor,
                                  String prefix) {
        this.provider = Objects.requireNonNull(provider, "provider");
        this.lockAtMostFor = Objects.requireNonNull(lockAtMostFor, "lockAtMostFor");
        this.lockAtLeastFor = Objects.requireNonNull(lockAtLeastFor, "lockAtLeastFor");
        this.prefix = Objects.requireNonNull(prefix, "prefix");
        if (lockAtMostFor.isNegative() || lockAtMostFor.isZero()) {
            throw new IllegalArgumentException("lockAtMostFor must be positive, was " + lockAtMostFor);
        }
        if (lockAtLeastFor.isNegative() || lockAtLeastFor.compareTo(lockAtMostFor) > 0) {
            throw new IllegalArgumentException("lockAtLeastFor must be between zero and lockAtMostFor ("
                    + lockAtMostFor + "), was " + lockAtLeastFor);
        }
        if (prefix.length() > MAX_NAME_LENGTH / 2) {
            throw new IllegalArgumentException("the prefix may have at most " + MAX_NAME_LENGTH / 2
                    + " characters, was " + prefix.length());
        }
    }

    /**
     * A lock over the host's provider, with the default lease and prefix.
     *
     * @param provider the host's ShedLock provider
     * @return the lock
     */
    public static ShedLockExecutionLock on(LockProvider provider) {
        return new ShedLockExecutionLock(provider, DEFAULT_LOCK_AT_MOST_FOR, DEFAULT_LOCK_AT_LEAST_FOR,
                DEFAULT_PREFIX);
    }

    /**
     * This lock expiring this long after it was taken (default {@link #DEFAULT_LOCK_AT_MOST_FOR}): longer than the
     * longest run, short enough that a dead holder does not block the next scheduled run. A shorter lease than the
     * {@link #lockAtLeastFor(Duration) minimum hold} shortens that too.
     *
     * @param atMost the lease
     * @return a new lock
     */
    public ShedLockExecutionLock lockAtMostFor(Duration atMost) {
        Objects.requireNonNull(atMost, "atMost");
        return new ShedLockExecutionLock(provider, atMost,
                lockAtLeastFor.compareTo(atMost) > 0 ? atMost : lockAtLeastFor, prefix);
    }

    /**
     * This lock staying held this long after it was taken even when released sooner (default
     * {@link #DEFAULT_LOCK_AT_LEAST_FOR}); {@link Duration#ZERO} frees it on release.
     *
     * @param atLeast the minimum hold
     * @return a new lock
     */
    public ShedLockExecutionLock lockAtLeastFor(Duration atLeast) {
        return new ShedLockExecutionLock(provider, lockAtMostFor, atLeast, prefix);
    }

    /**
     * This lock starting every ShedLock name with {@code namePrefix} (default {@value #DEFAULT_PREFIX}).
     *
     * @param namePrefix the prefix, at most half of {@value #MAX_NAME_LENGTH} characters; may be empty
     * @return a new lock
     */
    public ShedLockExecutionLock prefix(String namePrefix) {
        return new ShedLockExecutionLock(provider, lockAtMostFor, lockAtLeastFor, namePrefix);
    }

    /**
     * The ShedLock name of a maintkit lock name.
     *
     * @param name maintkit's lock name
     * @return the prefix and the name, shortened with a hash to {@value #MAX_NAME_LENGTH} characters
     */
    public String shedLockName(String name) {
        String full = prefix + Objects.requireNonNull(name, "name");
        if (full.length() <= MAX_NAME_LENGTH) {
            return full;
        }
        String hash = sha256Hex(full).substring(0, HASH_HEX_DIGITS);
        int keep = MAX_NAME_LENGTH - HASH_HEX_DIGITS - 1;
        if (Character.isHighSurrogate(full.charAt(keep - 1))) {
            keep--;
        }
        return full.substring(0, keep) + "#" + hash;
    }

    /**
     * Asks the provider for the lock, without waiting. The owner is not stored: ShedLock's providers record their
     * own notion of the holder (the JDBC provider its host name) in the lock store.
     *
     * @throws Exception what the provider throws when its store cannot be reached: the work does not run
     */
    @Override
    public Attempt tryLock(String name, String owner) throws Exception {
        String lockName = shedLockName(name);
        Optional<SimpleLock> lock = provider.lock(new LockConfiguration(ClockProvider.now(), lockName, lockAtMostFor,
                lockAtLeastFor));
        if (lock.isEmpty()) {
            return Attempt.heldBy("another node: ShedLock's LockProvider does not say which (the lock store's "
                    + "record of \"" + lockName + "\" may name it)");
        }
        SimpleLock held = lock.get();
        return Attempt.acquired(held::unlock);
    }

    /** The provider's class and the lease; never anything of the store's connection. */
    @Override
    public String toString() {
        return "ShedLockExecutionLock[" + provider.getClass().getSimpleName() + ", at most "
                + Durations.humanize(lockAtMostFor) + ", at least " + Durations.humanize(lockAtLeastFor) + "]";
    }

    private static String sha256Hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}

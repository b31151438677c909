package io.maintkit.redis.internal;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The answer to a command the server may refuse (renamed or blocked {@code CONFIG}, {@code LATENCY},
 * {@code MEMORY}, {@code ACL} on managed services): the value, or why it could not be read.
 *
 * @param value  the value; null when unread
 * @param reason why it could not be read; empty when read
 * @param <T>    the value's type
 */
public record Readout<T>(T value, String reason) {

    /** Validates. */
    public Readout {
        Objects.requireNonNull(reason, "reason");
    }

    /** A value that was read. */
    public static <T> Readout<T> of(T value) {
        return new Readout<>(Objects.requireNonNull(value, "value"), "");
    }

    /** A value that could not be read, and why. */
    public static <T> Readout<T> unread(String reason) {
        return new Readout<>(null, reason.isEmpty() ? "unknown reason" : reason);
    }

    /** Whether the value was read. */
    public boolean isRead() {
        return value != null;
    }

    /** The value, if read. */
    public Optional<T> optional() {
        return Optional.ofNullable(value);
    }

    /** The value mapped, or the same reason. */
    public <U> Readout<U> map(Function<? super T, ? extends U> f) {
        return isRead() ? Readout.of(f.apply(value)) : Readout.unread(reason);
    }
}

package io.maintkit.core.internal;

import java.time.Duration;
import java.util.Objects;

/**
 * The pause after a retention batch: a fixed part plus a share of the time the batch took, so that a run gives the
 * server, its replicas and the application room in proportion to the load it causes.
 *
 * @param fixed the fixed part
 * @param ratio the share of the batch's duration, at least 0
 */
public record BatchPause(Duration fixed, double ratio) {

    /** Validates the parts. */
    public BatchPause {
        Objects.requireNonNull(fixed, "fixed");
        if (fixed.isNegative()) {
            throw new IllegalArgumentException("pause must not be negative, was " + fixed);
        }
        if (!(ratio >= 0) || Double.isInfinite(ratio)) {
            throw new IllegalArgumentException("pause ratio must be a finite number of at least 0, was " + ratio);
        }
    }

    /** The pause after a batch that took {@code batch}. */
    public Duration after(Duration batch) {
        return fixed.plusNanos((long) (batch.toNanos() * ratio));
    }
}

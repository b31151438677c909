package io.maintkit.certs.internal;

import io.maintkit.core.Threshold;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The limits certificates are judged by, at one instant.
 *
 * @param now            the instant of the check
 * @param expiry         the time left at or under which expiry is a warning, and critical
 * @param renewFraction  fraction of the lifetime after which expiry is a warning; 0 when not used
 * @param maxValidity    the longest acceptable validity of a leaf; {@code null} when not checked
 * @param minRsaBits     the smallest acceptable RSA or DSA key
 * @param minEcBits      the smallest acceptable EC key
 */
public record Policy(Instant now, Threshold<Duration> expiry, double renewFraction,
                     Duration maxValidity, int minRsaBits, int minEcBits) {

    /** Validates. */
    public Policy {
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(expiry, "expiry");
    }
}

package io.maintkit.core;

import java.util.Collection;

/**
 * How bad a finding is.
 *
 * <p>Severities are ordered by {@link #rank()} from healthy to worst:
 * {@code OK < INFO < WARNING < UNKNOWN < CRITICAL}. {@code UNKNOWN} means a check could not run: it ranks above
 * {@code WARNING} so that a check which could not look is never taken for a healthy one, and below
 * {@code CRITICAL}, which is a problem known for certain.
 */
public enum Severity {
    /** Healthy. */
    OK(0),
    /** Worth knowing, nothing to do. */
    INFO(1),
    /** Needs attention soon. */
    WARNING(2),
    /** The check could not run, so health is not known. */
    UNKNOWN(3),
    /** Needs attention now. */
    CRITICAL(4);

    private final int rank;

    Severity(int rank) {
        this.rank = rank;
    }

    /** The position in the order healthy-to-worst; a higher rank is worse. */
    public int rank() {
        return rank;
    }

    /** Whether this severity asks nothing of an operator ({@code OK} or {@code INFO}). */
    public boolean isHealthy() {
        return this == OK || this == INFO;
    }

    /** Whether this severity is worse than {@code other}. */
    public boolean isWorseThan(Severity other) {
        return rank > other.rank;
    }

    /** The worse of two severities. */
    public static Severity worst(Severity a, Severity b) {
        return a.rank >= b.rank ? a : b;
    }

    /** The worst of the given severities, {@code OK} for none. */
    public static Severity worst(Collection<Severity> severities) {
        Severity worst = OK;
        for (Severity s : severities) {
            worst = worst(worst, s);
        }
        return worst;
    }
}

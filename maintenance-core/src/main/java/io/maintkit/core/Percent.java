package io.maintkit.core;

import java.util.Locale;

/**
 * A percentage, such as 42.5 for 42.5 %.
 *
 * @param value the percentage; may exceed 100 (a backup 250 % of the usual size)
 */
public record Percent(double value) implements Comparable<Percent> {

    /** Validates the value. */
    public Percent {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            throw new IllegalArgumentException("a percentage must be a finite number, was " + value);
        }
    }

    /** The given percentage. */
    public static Percent of(double value) {
        return new Percent(value);
    }

    /** {@code part} as a percentage of {@code whole}; zero when {@code whole} is zero. */
    public static Percent ratio(double part, double whole) {
        return new Percent(whole == 0 ? 0 : 100.0 * part / whole);
    }

    @Override
    public int compareTo(Percent other) {
        return Double.compare(value, other.value);
    }

    /** The percentage with one decimal, e.g. {@code 42.5%}. */
    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%.1f%%", value);
    }
}

package io.maintkit.core;

import java.util.Objects;

/**
 * A warning/critical pair over one quantity: percent, {@link DataSize}, {@link java.time.Duration}, a count.
 *
 * <pre>{@code
 * Threshold<Percent> used = Threshold.above(Percent.of(70), Percent.of(90));
 * Threshold<Long> slotsLeft = Threshold.below(10L, 3L);
 * used.evaluate(Percent.of(75));   // WARNING
 * }</pre>
 *
 * <p>A value at the limit counts as crossed: with {@code above(70, 90)}, 70 % is a warning.
 *
 * @param warning   the limit for {@link Severity#WARNING}
 * @param critical  the limit for {@link Severity#CRITICAL}
 * @param direction whether values above or below the limits are bad
 * @param <T>       the measured quantity
 */
public record Threshold<T extends Comparable<? super T>>(T warning, T critical, Direction direction) {

    /** Whether high or low values are bad. */
    public enum Direction {
        /** A value at or above a limit crosses it (bloat, age, used space). */
        ABOVE,
        /** A value at or below a limit crosses it (free slots, days left). */
        BELOW
    }

    /** Validates that the critical limit is not milder than the warning limit. */
    public Threshold {
        Objects.requireNonNull(warning, "warning");
        Objects.requireNonNull(critical, "critical");
        Objects.requireNonNull(direction, "direction");
        int order = critical.compareTo(warning);
        if (direction == Direction.ABOVE ? order < 0 : order > 0) {
            throw new IllegalArgumentException("critical limit " + critical + " is milder than warning limit "
                    + warning + " for a threshold " + direction.name().toLowerCase(java.util.Locale.ROOT));
        }
    }

    /** Values at or above the limits are bad. */
    public static <T extends Comparable<? super T>> Threshold<T> above(T warning, T critical) {
        return new Threshold<>(warning, critical, Direction.ABOVE);
    }

    /** Values at or below the limits are bad. */
    public static <T extends Comparable<? super T>> Threshold<T> below(T warning, T critical) {
        return new Threshold<>(warning, critical, Direction.BELOW);
    }

    /**
     * The "X and Y" form: a finding is raised only when both quantities cross their limit of the same level,
     * e.g. bloat of at least 20 % <em>and</em> at least 100 MiB.
     */
    public static <A extends Comparable<? super A>, B extends Comparable<? super B>> Both<A, B> both(
            Threshold<A> first, Threshold<B> second) {
        return new Both<>(first, second);
    }

    /** {@code CRITICAL}, {@code WARNING} or {@code OK} for a value. */
    public Severity evaluate(T value) {
        if (crosses(value, critical)) {
            return Severity.CRITICAL;
        }
        return crosses(value, warning) ? Severity.WARNING : Severity.OK;
    }

    private boolean crosses(T value, T limit) {
        int order = value.compareTo(limit);
        return direction == Direction.ABOVE ? order >= 0 : order <= 0;
    }

    /** A human-readable form, e.g. {@code warning >= 70.0%, critical >= 90.0%}. */
    @Override
    public String toString() {
        String op = direction == Direction.ABOVE ? ">= " : "<= ";
        return "warning " + op + warning + ", critical " + op + critical;
    }

    /**
     * Two thresholds that must both be crossed.
     *
     * @param first  the first quantity's threshold
     * @param second the second quantity's threshold
     * @param <A>    the first quantity
     * @param <B>    the second quantity
     */
    public record Both<A extends Comparable<? super A>, B extends Comparable<? super B>>(
            Threshold<A> first, Threshold<B> second) {

        /** Validates the parts. */
        public Both {
            Objects.requireNonNull(first, "first");
            Objects.requireNonNull(second, "second");
        }

        /** The milder of the two severities: both must be crossed for a level to count. */
        public Severity evaluate(A a, B b) {
            Severity s1 = first.evaluate(a);
            Severity s2 = second.evaluate(b);
            return s1.isWorseThan(s2) ? s2 : s1;
        }

        /** A human-readable form. */
        @Override
        public String toString() {
            return "(" + first + ") and (" + second + ")";
        }
    }
}

package io.maintkit.core;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * A named number with its unit, carried by a {@link Finding}: {@code dead_tuples=12000 count}.
 *
 * @param name  what was measured, in snake case ({@code bloat_bytes}, {@code used_percent})
 * @param value the number, in the unit's base (bytes, percent, seconds, count)
 * @param unit  the unit
 */
public record Measurement(String name, double value, Unit unit) {

    /** The unit of a measurement. */
    public enum Unit {
        /** Bytes. */
        BYTES,
        /** Percent, 0 to 100 (or beyond). */
        PERCENT,
        /** Seconds. */
        SECONDS,
        /** A plain count. */
        COUNT
    }

    /** Validates the measurement. */
    public Measurement {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(unit, "unit");
    }

    /** A size. */
    public static Measurement bytes(String name, DataSize size) {
        return new Measurement(name, size.bytes(), Unit.BYTES);
    }

    /** A percentage. */
    public static Measurement percent(String name, Percent percent) {
        return new Measurement(name, percent.value(), Unit.PERCENT);
    }

    /** A duration, in seconds. */
    public static Measurement seconds(String name, Duration duration) {
        return new Measurement(name, duration.toMillis() / 1000.0, Unit.SECONDS);
    }

    /** A count. */
    public static Measurement count(String name, long count) {
        return new Measurement(name, count, Unit.COUNT);
    }

    /** The value as an operator reads it: {@code size=1.5 GiB}, {@code age=3d 4h}, {@code used=71.2%}. */
    @Override
    public String toString() {
        return name + "=" + formattedValue();
    }

    /** The value alone, in its unit's most readable form. */
    public String formattedValue() {
        return switch (unit) {
            case BYTES -> DataSize.ofBytes((long) value).toString();
            case PERCENT -> Percent.of(value).toString();
            case SECONDS -> Durations.humanize(Duration.ofMillis((long) (value * 1000)));
            case COUNT -> value == Math.rint(value)
                    ? Long.toString((long) value)
                    : String.format(Locale.ROOT, "%.2f", value);
        };
    }
}

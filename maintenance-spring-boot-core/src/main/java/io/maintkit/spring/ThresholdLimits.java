package io.maintkit.spring;

import io.maintkit.core.DataSize;
import io.maintkit.core.Percent;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads a threshold limit from a {@code maintkit.checks.*} property, in the type of the default limit. */
final class ThresholdLimits {

    private static final Pattern AMOUNT = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([a-z]*)");

    private static final Map<String, Long> BYTES = Map.of("", 1L, "b", 1L, "kb", 1L << 10, "kib", 1L << 10,
            "mb", 1L << 20, "mib", 1L << 20, "gb", 1L << 30, "gib", 1L << 30, "tb", 1L << 40, "tib", 1L << 40);

    private static final Map<String, Duration> TIME = Map.of("ns", Duration.ofNanos(1), "us", Duration.ofNanos(1000),
            "ms", Duration.ofMillis(1), "s", Duration.ofSeconds(1), "m", Duration.ofMinutes(1),
            "h", Duration.ofHours(1), "d", Duration.ofDays(1));

    private ThresholdLimits() {
    }

    /**
     * The limit a property sets, or the default when it is unset.
     *
     * @param property the property's name, for the message of a value that cannot be read
     * @param value    the property's value, or {@code null}
     * @param fallback the default limit, whose type the value is read in
     * @param <T>      the measured quantity
     * @return the limit
     * @throws IllegalArgumentException when the value cannot be read in that type
     */
    @SuppressWarnings("unchecked")
    static <T> T parse(String property, String value, T fallback) {
        if (value == null) {
            return fallback;
        }
        String text = value.trim().toLowerCase(Locale.ROOT);
        try {
            Object limit;
            if (fallback instanceof Percent) {
                limit = Percent.of(Double.parseDouble(text.endsWith("%") ? text.substring(0, text.length() - 1)
                        : text));
            } else if (fallback instanceof DataSize) {
                limit = DataSize.ofBytes(bytes(text));
            } else if (fallback instanceof Duration) {
                limit = text.startsWith("p") ? Duration.parse(text.toUpperCase(Locale.ROOT)) : duration(text);
            } else if (fallback instanceof Long) {
                limit = Long.parseLong(text);
            } else if (fallback instanceof Integer) {
                limit = Integer.parseInt(text);
            } else if (fallback instanceof Double) {
                limit = Double.parseDouble(text);
            } else {
                throw new IllegalArgumentException("a limit of type " + fallback.getClass().getSimpleName()
                        + " cannot be set by a property");
            }
            return (T) limit;
        } catch (NumberFormatException | ArithmeticException | DateTimeParseException e) {
            throw new IllegalArgumentException(property + ": cannot read '" + value + "' as a "
                    + fallback.getClass().getSimpleName() + " limit", e);
        }
    }

    private static Duration duration(String text) {
        Matcher m = AMOUNT.matcher(text);
        Duration unit = m.matches() ? TIME.get(m.group(2).isEmpty() ? "ms" : m.group(2)) : null;
        if (unit == null) {
            throw new NumberFormatException("not a duration");
        }
        return Duration.ofNanos(new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unit.toNanos()))
                .setScale(0, RoundingMode.DOWN).longValueExact());
    }

    private static long bytes(String text) {
        Matcher m = AMOUNT.matcher(text);
        Long unit = m.matches() ? BYTES.get(m.group(2)) : null;
        if (unit == null) {
            throw new NumberFormatException("not a size");
        }
        return new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unit)).setScale(0, RoundingMode.DOWN)
                .longValueExact();
    }
}

package io.maintkit.core;

import java.time.Period;
import java.time.ZonedDateTime;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A span of calendar time counted back from a point, as retention rules use it: {@code 1y6m}, {@code 14d},
 * {@code 2d12h}. Years, months and days are calendar units in the policy's zone (a month back from 31 March is
 * 28 or 29 February, not 3 March); hours are elapsed hours.
 *
 * @param years  whole years
 * @param months whole months
 * @param days   whole days
 * @param hours  whole hours
 */
public record CalendarSpan(int years, int months, int days, int hours) {

    private static final Pattern FORMAT = Pattern.compile("(?:(\\d+)y)?(?:(\\d+)m)?(?:(\\d+)d)?(?:(\\d+)h)?");

    /** Validates the parts. */
    public CalendarSpan {
        if (years < 0 || months < 0 || days < 0 || hours < 0) {
            throw new IllegalArgumentException("a calendar span cannot have negative parts: " + years + "y"
                    + months + "m" + days + "d" + hours + "h");
        }
        if (years == 0 && months == 0 && days == 0 && hours == 0) {
            throw new IllegalArgumentException("a calendar span must not be empty");
        }
    }

    /** The span of a {@link Period} (years, months, days). */
    public static CalendarSpan of(Period period) {
        return new CalendarSpan(period.getYears(), period.getMonths(), period.getDays(), 0);
    }

    /** A span of whole hours. */
    public static CalendarSpan ofHours(int hours) {
        return new CalendarSpan(0, 0, 0, hours);
    }

    /** Parses restic's notation: {@code 1y2m3d4h}, any part optional, in that order. */
    public static CalendarSpan parse(String text) {
        Matcher m = FORMAT.matcher(text.strip());
        if (text.isBlank() || !m.matches()) {
            throw new IllegalArgumentException("not a calendar span (like 1y2m3d4h): '" + text + "'");
        }
        return new CalendarSpan(part(m, 1), part(m, 2), part(m, 3), part(m, 4));
    }

    private static int part(Matcher m, int group) {
        return m.group(group) == null ? 0 : Integer.parseInt(m.group(group));
    }

    /** The point this span before {@code from}. */
    public ZonedDateTime before(ZonedDateTime from) {
        return from.minusYears(years).minusMonths(months).minusDays(days).minusHours(hours);
    }

    /** Restic's notation, e.g. {@code 1y6m} or {@code 14d}. */
    @Override
    public String toString() {
        return (years > 0 ? years + "y" : "") + (months > 0 ? months + "m" : "") + (days > 0 ? days + "d" : "")
                + (hours > 0 ? hours + "h" : "");
    }
}

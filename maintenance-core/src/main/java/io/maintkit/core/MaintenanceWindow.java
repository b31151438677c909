package io.maintkit.core;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * When maintenance may run: weekly slots in a time zone (Sunday 02:00 for two hours, Europe/Berlin), one-off slots,
 * or a union of them.
 *
 * <pre>{@code
 * MaintenanceWindow w = MaintenanceWindow.weekly(DayOfWeek.SUNDAY, LocalTime.of(2, 0), Duration.ofHours(2),
 *                                                ZoneId.of("Europe/Berlin"))
 *         .or(MaintenanceWindow.weekly(DayOfWeek.WEDNESDAY, LocalTime.of(3, 0), Duration.ofHours(1), zone));
 * w.isOpen(Instant.now());
 * }</pre>
 *
 * <p><b>Daylight saving.</b> A weekly slot opens at its local start time on its day and lasts its length in
 * elapsed time. When the start time falls into a gap (clocks go forward), the slot opens at the same offset after
 * the gap (02:30 becomes 03:30). When it falls into an overlap (clocks go back), it opens at the first occurrence.
 * So a Sunday 02:00 slot of two hours in Europe/Berlin runs 03:00-05:00 CEST on the last Sunday of March and
 * 02:00 CEST-03:00 CET on the last Sunday of October: always two real hours.
 */
public final class MaintenanceWindow {

    private final List<Slot> slots;

    private MaintenanceWindow(List<Slot> slots) {
        this.slots = List.copyOf(slots);
    }

    /**
     * A window that opens every week.
     *
     * @param day    the day it opens
     * @param start  the local time it opens
     * @param length how long it stays open, at most 7 days
     * @param zone   the zone of {@code day} and {@code start}
     */
    public static MaintenanceWindow weekly(DayOfWeek day, LocalTime start, Duration length, ZoneId zone) {
        return new MaintenanceWindow(List.of(new Weekly(day, start, checkLength(length, Duration.ofDays(7)), zone)));
    }

    /** A window open once, from {@code opens} for {@code length}. */
    public static MaintenanceWindow once(Instant opens, Duration length) {
        return new MaintenanceWindow(List.of(new Once(Objects.requireNonNull(opens, "opens"),
                checkLength(length, Duration.ofDays(36_500)))));
    }

    /** A window open when this one or {@code other} is. */
    public MaintenanceWindow or(MaintenanceWindow other) {
        List<Slot> all = new ArrayList<>(slots);
        all.addAll(other.slots);
        return new MaintenanceWindow(all);
    }

    /** Whether the window is open at {@code instant} (opening instant included, closing instant excluded). */
    public boolean isOpen(Instant instant) {
        return closesAt(instant).isPresent();
    }

    /** When the window closes, if it is open at {@code instant}; the latest close among overlapping slots. */
    public Optional<Instant> closesAt(Instant instant) {
        return slots.stream().map(s -> s.closesAt(instant)).flatMap(Optional::stream).max(Instant::compareTo);
    }

    /** Time left until the window closes; zero when it is closed. */
    public Duration remaining(Instant instant) {
        return closesAt(instant).map(c -> Duration.between(instant, c)).orElse(Duration.ZERO);
    }

    /** {@code instant} when the window is open then, else the next time it opens, if it ever does. */
    public Optional<Instant> nextOpening(Instant instant) {
        if (isOpen(instant)) {
            return Optional.of(instant);
        }
        return slots.stream().map(s -> s.nextOpening(instant)).flatMap(Optional::stream).min(Instant::compareTo);
    }

    /** {@code SUNDAY 02:00 for 2h (Europe/Berlin)}, slots joined with {@code  or }. */
    @Override
    public String toString() {
        return String.join(" or ", slots.stream().map(Object::toString).toList());
    }

    private static Duration checkLength(Duration length, Duration max) {
        Objects.requireNonNull(length, "length");
        if (length.isNegative() || length.isZero() || length.compareTo(max) > 0) {
            throw new IllegalArgumentException("a window's length must be positive and at most " + max
                    + ", was " + length);
        }
        return length;
    }

    private interface Slot {
        Optional<Instant> closesAt(Instant instant);

        Optional<Instant> nextOpening(Instant instant);
    }

    private record Weekly(DayOfWeek day, LocalTime start, Duration length, ZoneId zone) implements Slot {
        Weekly {
            Objects.requireNonNull(day, "day");
            Objects.requireNonNull(start, "start");
            Objects.requireNonNull(zone, "zone");
        }

        private Instant opening(LocalDate date) {
            return ZonedDateTime.of(date, start, zone).toInstant();
        }

        private LocalDate lastDayOnOrBefore(Instant instant) {
            return instant.atZone(zone).toLocalDate().with(TemporalAdjusters.previousOrSame(day));
        }

        @Override
        public Optional<Instant> closesAt(Instant instant) {
            LocalDate date = lastDayOnOrBefore(instant);
            for (LocalDate d : List.of(date, date.minusWeeks(1))) {
                Instant opens = opening(d);
                Instant closes = opens.plus(length);
                if (!instant.isBefore(opens) && instant.isBefore(closes)) {
                    return Optional.of(closes);
                }
            }
            return Optional.empty();
        }

        @Override
        public Optional<Instant> nextOpening(Instant instant) {
            LocalDate date = lastDayOnOrBefore(instant);
            Instant opens = opening(date);
            return Optional.of(opens.isAfter(instant) ? opens : opening(date.plusWeeks(1)));
        }

        @Override
        public String toString() {
            return day + " " + start + " for " + Durations.humanize(length) + " (" + zone + ")";
        }
    }

    private record Once(Instant opens, Duration length) implements Slot {
        @Override
        public Optional<Instant> closesAt(Instant instant) {
            Instant closes = opens.plus(length);
            return !instant.isBefore(opens) && instant.isBefore(closes) ? Optional.of(closes) : Optional.empty();
        }

        @Override
        public Optional<Instant> nextOpening(Instant instant) {
            return opens.isAfter(instant) ? Optional.of(opens) : Optional.empty();
        }

        @Override
        public String toString() {
            return "once from " + opens + " for " + Durations.humanize(length);
        }
    }
}

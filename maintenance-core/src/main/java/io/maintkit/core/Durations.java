package io.maintkit.core;

/** Durations written the way an operator reads them. */
public final class Durations {

    private Durations() {
    }

    /**
     * The two largest non-zero units of a duration: {@code 3d 4h}, {@code 2h 5m}, {@code 42s}, {@code 150ms}.
     * Negative durations get a leading minus.
     */
    public static String humanize(java.time.Duration duration) {
        if (duration.isNegative()) {
            return "-" + humanize(duration.negated());
        }
        long days = duration.toDays();
        long hours = duration.toHoursPart();
        long minutes = duration.toMinutesPart();
        long seconds = duration.toSecondsPart();
        if (days > 0) {
            return hours > 0 ? days + "d " + hours + "h" : days + "d";
        }
        if (hours > 0) {
            return minutes > 0 ? hours + "h " + minutes + "m" : hours + "h";
        }
        if (minutes > 0) {
            return seconds > 0 ? minutes + "m " + seconds + "s" : minutes + "m";
        }
        if (seconds > 0) {
            return seconds + "s";
        }
        return duration.toMillis() + "ms";
    }
}

package io.maintkit.postgres.internal;

import io.maintkit.core.Durations;

import java.time.Duration;
import java.util.Locale;

/** Small text helpers for finding summaries. */
public final class Texts {

    private Texts() {
    }

    /** A count with thousands separators: {@code 12,000}. */
    public static String count(double n) {
        return String.format(Locale.ROOT, "%,d", Math.round(n));
    }

    /** A ratio with one decimal: {@code 2.5x}. */
    public static String times(double ratio) {
        return String.format(Locale.ROOT, "%.1fx", ratio);
    }

    /** A duration as an operator reads it. */
    public static String age(Duration d) {
        return Durations.humanize(d);
    }

    /** One line of a query text, at most {@code max} characters. */
    public static String oneLine(String query, int max) {
        if (query == null) {
            return "";
        }
        String s = query.replaceAll("\\s+", " ").strip();
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}

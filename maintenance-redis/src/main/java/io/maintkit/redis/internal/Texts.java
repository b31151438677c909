package io.maintkit.redis.internal;

import io.maintkit.core.Finding;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** Numbers written the way findings show them. */
public final class Texts {

    private Texts() {
    }

    /** {@code 1,234,567}. */
    public static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** A text cut to {@code max} characters with an ellipsis, control characters replaced. */
    public static String shorten(String text, int max) {
        String clean = text.replaceAll("\\p{Cntrl}", "?");
        return clean.length() <= max ? clean : clean.substring(0, max) + "...";
    }

    /** The findings worst first, keeping the check's order among equals. */
    public static List<Finding> worstFirst(List<Finding> findings) {
        return findings.stream().sorted(Comparator.comparing((Finding f) -> -f.severity().rank())).toList();
    }

    /** An {@code UNKNOWN} finding for one item that could not be read (a blocked or renamed command). */
    public static Finding unreadable(String checkId, String kind, String subject, String what, String reason) {
        return Finding.of(checkId, kind, subject, io.maintkit.core.Severity.UNKNOWN,
                        what + " could not be read: " + shorten(reason, 200))
                .withDetail("reason", shorten(reason, 200));
    }
}

package io.maintkit.mysql.internal;

import java.time.Duration;
import java.util.Locale;

/** Small text helpers for server answers and messages. */
public final class Texts {

    private Texts() {
    }

    /** Whether a server flag value means on: {@code ON}, {@code YES}, {@code Y}, {@code 1}, {@code TRUE}. */
    public static boolean isOn(String value) {
        if (value == null) {
            return false;
        }
        String v = value.trim().toUpperCase(Locale.ROOT);
        return v.equals("ON") || v.equals("YES") || v.equals("Y") || v.equals("1") || v.equals("TRUE");
    }

    /** A duration as an operator reads it: {@code 42 s}, {@code 3 min}, {@code 5 h}, {@code 2 d}. */
    public static String age(Duration d) {
        long s = d.getSeconds();
        if (s < 120) {
            return s + " s";
        }
        if (s < 7200) {
            return s / 60 + " min";
        }
        if (s < 172_800) {
            return s / 3600 + " h";
        }
        return s / 86_400 + " d";
    }

    /** The first line of a message, at most 300 characters, for a finding's reason. */
    public static String firstLine(String message) {
        String m = String.valueOf(message);
        int nl = m.indexOf('\n');
        m = nl < 0 ? m : m.substring(0, nl);
        return m.length() > 300 ? m.substring(0, 300) + "..." : m;
    }

    /** A statement text shortened for a finding: single spaces, at most 200 characters. */
    public static String statement(String sql) {
        if (sql == null) {
            return "";
        }
        String s = sql.replaceAll("\\s+", " ").trim();
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }
}

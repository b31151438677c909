package io.maintkit.redis.internal;

import java.util.Locale;

/**
 * A server's flavour ({@code redis}, {@code valkey}) and version, compared numerically ({@code 7.10 > 7.4}).
 *
 * @param flavour lower-case server name
 * @param text    the version as the server reports it
 * @param parts   its numeric parts, missing parts as 0
 */
public record ServerVersion(String flavour, String text, int[] parts) {

    /** Parses {@code 7.0.15}; non-numeric parts count as 0. */
    public static ServerVersion of(String flavour, String text) {
        String[] pieces = text.trim().split("\\.");
        int[] parts = new int[3];
        for (int i = 0; i < Math.min(3, pieces.length); i++) {
            String digits = pieces[i].replaceAll("[^0-9].*", "");
            try {
                parts[i] = digits.isEmpty() ? 0 : Integer.parseInt(digits);
            } catch (NumberFormatException e) {
                parts[i] = 0;
            }
        }
        return new ServerVersion(flavour.toLowerCase(Locale.ROOT).trim(), text.trim(), parts);
    }

    /** Whether this is at least {@code major.minor} of the Redis protocol (Valkey 7.2+ counts as Redis 7.2). */
    public boolean atLeast(int major, int minor) {
        return parts[0] > major || (parts[0] == major && parts[1] >= minor);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ServerVersion v && flavour.equals(v.flavour) && text.equals(v.text);
    }

    @Override
    public int hashCode() {
        return flavour.hashCode() * 31 + text.hashCode();
    }

    /** {@code redis 7.0.15}. */
    @Override
    public String toString() {
        return flavour + " " + text;
    }
}

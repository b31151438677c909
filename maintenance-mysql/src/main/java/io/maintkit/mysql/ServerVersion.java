package io.maintkit.mysql;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The server's flavour and version, from {@code version()} and {@code version_comment}, compared numerically
 * (never as strings: "10.4" is older than "10.11", and MariaDB 10.x is not older than MySQL 8).
 *
 * @param flavor the server family
 * @param major  e.g. 10 for 10.11.9
 * @param minor  e.g. 11 for 10.11.9
 * @param patch  e.g. 9 for 10.11.9
 * @param text   the server's own version text, e.g. {@code 10.11.9-MariaDB-0+deb12u1}
 */
public record ServerVersion(Flavor flavor, int major, int minor, int patch, String text)
        implements Comparable<ServerVersion> {

    private static final Pattern NUMBERS = Pattern.compile("(\\d+)\\.(\\d+)(?:\\.(\\d+))?");

    /** The server family. */
    public enum Flavor {
        /** MariaDB. */
        MARIADB,
        /** MySQL, or a MySQL derivative such as Percona Server. */
        MYSQL
    }

    /** Validates. */
    public ServerVersion {
        Objects.requireNonNull(flavor, "flavor");
        Objects.requireNonNull(text, "text");
    }

    /**
     * Parses the answers of {@code SELECT version(), @@version_comment}. A version text without numbers gives
     * 0.0.0, which is older than every real server, so no version-gated feature is used.
     */
    public static ServerVersion parse(String version, String comment) {
        String v = String.valueOf(version);
        String all = (v + " " + comment).toLowerCase(Locale.ROOT);
        Flavor flavor = all.contains("mariadb") ? Flavor.MARIADB : Flavor.MYSQL;
        // MariaDB 10.x once reported itself behind a "5.5.5-" prefix for old clients.
        String numbers = v.startsWith("5.5.5-") && flavor == Flavor.MARIADB ? v.substring(6) : v;
        Matcher m = NUMBERS.matcher(numbers);
        if (!m.find()) {
            return new ServerVersion(flavor, 0, 0, 0, v);
        }
        return new ServerVersion(flavor, Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                m.group(3) == null ? 0 : Integer.parseInt(m.group(3)), v);
    }

    /** Whether this is MariaDB. */
    public boolean isMariaDb() {
        return flavor == Flavor.MARIADB;
    }

    /** Whether this server is at least {@code major.minor.patch}, compared as numbers. */
    public boolean atLeast(int wantMajor, int wantMinor, int wantPatch) {
        return compareTo(new ServerVersion(flavor, wantMajor, wantMinor, wantPatch, "")) >= 0;
    }

    /** Orders by major, minor, patch (the flavour is not compared). */
    @Override
    public int compareTo(ServerVersion o) {
        int c = Integer.compare(major, o.major);
        if (c == 0) {
            c = Integer.compare(minor, o.minor);
        }
        return c != 0 ? c : Integer.compare(patch, o.patch);
    }

    /** {@code MariaDB 10.11.9}. */
    @Override
    public String toString() {
        return (isMariaDb() ? "MariaDB " : "MySQL ") + major + "." + minor + "." + patch;
    }
}

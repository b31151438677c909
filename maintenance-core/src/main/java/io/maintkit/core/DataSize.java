package io.maintkit.core;

import java.util.Locale;

/**
 * An amount of bytes. Multiples are binary: a kilobyte is 1024 bytes.
 *
 * @param bytes the number of bytes, never negative
 */
public record DataSize(long bytes) implements Comparable<DataSize> {

    /** No bytes. */
    public static final DataSize ZERO = new DataSize(0);

    private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};

    /** Validates the size. */
    public DataSize {
        if (bytes < 0) {
            throw new IllegalArgumentException("a data size cannot be negative, was " + bytes);
        }
    }

    /** A size in bytes. */
    public static DataSize ofBytes(long bytes) {
        return new DataSize(bytes);
    }

    /** A size in kibibytes (1024 bytes). */
    public static DataSize ofKilobytes(long kilobytes) {
        return new DataSize(Math.multiplyExact(kilobytes, 1024L));
    }

    /** A size in mebibytes (1024² bytes). */
    public static DataSize ofMegabytes(long megabytes) {
        return new DataSize(Math.multiplyExact(megabytes, 1024L * 1024));
    }

    /** A size in gibibytes (1024³ bytes). */
    public static DataSize ofGigabytes(long gigabytes) {
        return new DataSize(Math.multiplyExact(gigabytes, 1024L * 1024 * 1024));
    }

    /** This size plus another. */
    public DataSize plus(DataSize other) {
        return new DataSize(Math.addExact(bytes, other.bytes));
    }

    @Override
    public int compareTo(DataSize other) {
        return Long.compare(bytes, other.bytes);
    }

    /** The size in the largest binary unit that keeps it at or above 1, e.g. {@code 1.5 GiB}. */
    @Override
    public String toString() {
        if (bytes < 1024) {
            return bytes + " B";
        }
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < UNITS.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, UNITS[unit]);
    }
}

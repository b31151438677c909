package io.maintkit.backup.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Checks the WAL a base backup needs ({@code WAL-Ranges} of its manifest) in its {@code pg_wal}: every segment
 * present, of the segment size its long page header states, read to its end, and every page inside the range with
 * the page header PostgreSQL wrote (magic, timeline, address), and every WAL record from the range's start to its
 * end LSN decoded and checked against its CRC-32C ({@link WalRecords}).
 */
public final class WalSegments {

    private static final long MIN_SEGMENT = 1L << 20;
    private static final long MAX_SEGMENT = 1L << 30;
    private static final long DEFAULT_SEGMENT = 16L << 20;
    private static final long NO_HEADER = -2;

    /**
     * What was found.
     *
     * @param segments how many segments were read and checked
     * @param records  how many WAL records were decoded and matched their CRC-32C
     * @param missing  the segments the backup needs that are not in pg_wal
     */
    public record Result(int segments, int records, List<String> missing) {
        /** Validates and copies. */
        public Result {
            missing = List.copyOf(missing);
        }
    }

    private WalSegments() {
    }

    /** Checks the ranges of {@code walRanges} (the manifest's value), adding what is broken to {@code problems}. */
    static Result check(Object walRanges, BaseBackupManifestWalker.Files files, List<Problem> problems)
            throws IOException {
        if (!(walRanges instanceof List<?> ranges) || ranges.isEmpty()) {
            problems.add(new Problem("wal-invalid", "the manifest names no WAL-Ranges"));
            return new Result(0, 0, List.of());
        }
        int segments = 0;
        int records = 0;
        List<String> missing = new ArrayList<>();
        for (Object item : ranges) {
            if (!(item instanceof Map<?, ?> range)) {
                throw new CorruptBackupException("manifest-invalid", "a WAL-Ranges entry is not an object");
            }
            long timeline = ManifestJson.longOf(range.get("Timeline"), "a WAL range's timeline");
            long start = lsn(range.get("Start-LSN"));
            long end = lsn(range.get("End-LSN"));
            long segmentSize = segmentSize(timeline, start, files);
            String defaultName = name(timeline, start / DEFAULT_SEGMENT, DEFAULT_SEGMENT);
            if (segmentSize == NO_HEADER) {
                problems.add(new Problem("wal-invalid", "pg_wal/" + defaultName
                        + " does not start with a valid WAL long page header"));
                continue;
            }
            if (segmentSize < 0) {
                missing.add(defaultName);
                continue;
            }
            long last = Math.max(start, end - 1) / segmentSize;
            WalRecords decoder = new WalRecords(start, end, segmentSize);
            for (long segno = start / segmentSize; segno <= last; segno++) {
                String name = name(timeline, segno, segmentSize);
                try (InputStream in = files.open("pg_wal/" + name)) {
                    checkSegment(in, "pg_wal/" + name, timeline, segno * segmentSize, segmentSize, start, end,
                            decoder, problems);
                    segments++;
                } catch (NoSuchFileException e) {
                    missing.add(name);
                    decoder.stop();
                }
            }
            String unfinished = decoder.finish();
            if (unfinished != null) {
                problems.add(new Problem("wal-invalid", "pg_wal/" + name(timeline, last, segmentSize) + ": "
                        + unfinished));
            }
            records += decoder.records();
        }
        return new Result(segments, records, missing);
    }

    /**
     * The segment size the start segment's long page header states; -1 when no such segment exists,
     * {@link #NO_HEADER} when one exists whose header states no segment size that fits its name.
     */
    private static long segmentSize(long timeline, long start, BaseBackupManifestWalker.Files files)
            throws IOException {
        List<Long> sizes = new ArrayList<>(List.of(DEFAULT_SEGMENT));
        for (long s = MIN_SEGMENT; s <= MAX_SEGMENT; s <<= 1) {
            if (s != DEFAULT_SEGMENT) {
                sizes.add(s);
            }
        }
        boolean found = false;
        for (long size : sizes) {
            try (InputStream in = files.open("pg_wal/" + name(timeline, start / size, size))) {
                found = true;
                byte[] head = in.readNBytes(40);
                if (head.length == 40 && ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN).getInt(32) == size) {
                    return size;
                }
            } catch (NoSuchFileException e) {
                // not this size
            }
        }
        return found ? NO_HEADER : -1;
    }

    private static void checkSegment(InputStream in, String path, long timeline, long segmentStart, long segmentSize,
                                     long start, long end, WalRecords decoder, List<Problem> problems)
            throws IOException {
        byte[] first = in.readNBytes(40);
        if (first.length < 40) {
            problems.add(new Problem("wal-invalid", path + " has " + first.length
                    + " bytes, too few for a WAL segment"));
            return;
        }
        ByteBuffer long0 = ByteBuffer.wrap(first).order(ByteOrder.LITTLE_ENDIAN);
        int magic = long0.getShort(0) & 0xffff;
        int pageSize = long0.getInt(36);
        if (pageSize < 1024 || pageSize > 65536 || Integer.bitCount(pageSize) != 1) {
            problems.add(new Problem("wal-invalid", path + " states a WAL page size of " + pageSize + " bytes"));
            return;
        }
        byte[] page = new byte[pageSize];
        System.arraycopy(first, 0, page, 0, first.length);
        int filled = first.length + in.readNBytes(page, first.length, pageSize - first.length);
        long offset = 0;
        String broken = null;
        while (filled > 0) {
            long pageStart = segmentStart + offset;
            boolean inRange = pageStart + pageSize > start && pageStart < end;
            if (inRange && broken == null) {
                broken = pageProblem(page, filled, pageSize, magic, timeline, pageStart);
                if (broken != null) {
                    broken = path + ": the page at offset " + offset + " (WAL " + format(pageStart) + ") " + broken;
                    decoder.stop();
                } else {
                    String record = decoder.page(page, pageStart);
                    if (record != null) {
                        problems.add(new Problem("wal-invalid", path + ": " + record));
                    }
                }
            }
            offset += filled;
            filled = in.readNBytes(page, 0, pageSize);
        }
        if (offset != segmentSize) {
            decoder.stop();
            problems.add(new Problem("wal-invalid", path + " has " + offset + " bytes, a WAL segment has " + segmentSize
                    + (offset < segmentSize ? " (truncated)" : "")));
        } else if (broken != null) {
            problems.add(new Problem("wal-invalid", broken));
        }
    }

    private static String pageProblem(byte[] page, int filled, int pageSize, int magic, long timeline,
                                      long pageStart) {
        if (filled < pageSize) {
            return "is cut short";
        }
        ByteBuffer b = ByteBuffer.wrap(page).order(ByteOrder.LITTLE_ENDIAN);
        if ((b.getShort(0) & 0xffff) != magic) {
            return "has WAL magic " + Integer.toHexString(b.getShort(0) & 0xffff) + ", the segment starts with "
                    + Integer.toHexString(magic);
        }
        if ((b.getInt(4) & 0xffffffffL) != timeline) {
            return "is on timeline " + (b.getInt(4) & 0xffffffffL) + ", the manifest says " + timeline;
        }
        if (b.getLong(8) != pageStart) {
            return "states address " + format(b.getLong(8)) + ", not its own";
        }
        return null;
    }

    private static long lsn(Object value) throws CorruptBackupException {
        if (value instanceof String s) {
            int slash = s.indexOf('/');
            try {
                if (slash > 0) {
                    return (Long.parseLong(s.substring(0, slash), 16) << 32) | Long.parseLong(s.substring(slash + 1),
                            16);
                }
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        throw new CorruptBackupException("manifest-invalid", "the manifest has a WAL range with an invalid LSN: "
                + value);
    }

    static String format(long lsn) {
        return Long.toHexString(lsn >>> 32).toUpperCase(Locale.ROOT) + "/"
                + Long.toHexString(lsn & 0xffffffffL).toUpperCase(Locale.ROOT);
    }

    /** The file name of segment {@code segno}, as PostgreSQL's {@code XLogFileName} makes it. */
    static String name(long timeline, long segno, long segmentSize) {
        long perId = 0x100000000L / segmentSize;
        return String.format("%08X%08X%08X", timeline, segno / perId, segno % perId);
    }
}

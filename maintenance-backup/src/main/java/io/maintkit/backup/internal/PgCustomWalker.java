package io.maintkit.backup.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Walks a PostgreSQL custom-format archive ({@code pg_dump -Fc}) to its end: the header, every entry of the table of
 * contents (what {@code pg_restore -l} lists), then every data block, each data stream read chunk by chunk and,
 * when compressed with gzip, inflated to its end with its Adler-32 checked. At the end every entry that announced
 * data must have had its block. Archive versions 1.12 to 1.16 (pg_dump 9.0 to 18) are read.
 */
public final class PgCustomWalker {

    private static final int FORMAT_CUSTOM = 1;
    private static final int MIN_VERSION = version(1, 12, 0);
    private static final int V_1_14 = version(1, 14, 0);
    private static final int V_1_15 = version(1, 15, 0);
    private static final int V_1_16 = version(1, 16, 0);
    private static final int MAX_VERSION = version(1, 16, 255);
    private static final int BLK_DATA = 1;
    private static final int BLK_BLOBS = 3;
    private static final int OFFSET_NOT_SET = 1;
    private static final int OFFSET_SET = 2;
    private static final int OFFSET_NO_DATA = 3;
    private static final int KEEP_STRING = 1024;
    private static final long MAX_STRING = 1L << 30;
    private static final String[] ALGORITHMS = {"none", "gzip", "lz4", "zstd"};

    private final ByteSource src;
    private int version;
    private int intSize;
    private long dataBytes;
    private int offSize;
    private String compression;
    private final byte[] scratch = new byte[KEEP_STRING];
    private final byte[] out = new byte[64 * 1024];

    /**
     * What the walk saw.
     *
     * @param archiveVersion  e.g. {@code 1.14}
     * @param dumpVersion     the pg_dump that wrote it, e.g. {@code 15.18}
     * @param database        the database it holds
     * @param compression     {@code none}, {@code gzip}, {@code lz4} or {@code zstd}
     * @param tocEntries      how many entries the table of contents lists
     * @param dataBlocks      how many data blocks were read
     * @param dataBytes       how many bytes of data they hold (inflated)
     */
    public record Result(String archiveVersion, String dumpVersion, String database, String compression,
                         int tocEntries, int dataBlocks, long dataBytes) {
    }

    private record Entry(int dumpId, String desc, String tag, int offsetState, long offset) {
        String describe() {
            return "entry " + dumpId + " (" + desc + " " + tag + ")";
        }
    }

    private PgCustomWalker(ByteSource src) {
        this.src = src;
    }

    /**
     * Walks the archive.
     *
     * @throws CorruptBackupException     when the archive is truncated or its structure or data is broken
     * @throws UnsupportedBackupException when its data is compressed with lz4 or zstd, after the framing checked
     */
    public static Result walk(ByteSource src) throws IOException {
        return new PgCustomWalker(src).run();
    }

    private static int version(int major, int minor, int rev) {
        return (major * 256 + minor) * 256 + rev;
    }

    private Result run() throws IOException {
        byte[] magic = new byte[5];
        src.readFully(magic, 0, 5, "the archive header");
        if (!"PGDMP".equals(new String(magic, StandardCharsets.ISO_8859_1))) {
            throw new CorruptBackupException("format-invalid", "not a custom-format archive: no PGDMP magic at byte 0");
        }
        int vmaj = src.readU8("the archive header");
        int vmin = src.readU8("the archive header");
        int vrev = src.readU8("the archive header");
        version = version(vmaj, vmin, vrev);
        String archiveVersion = vmaj + "." + vmin + (vrev == 0 ? "" : "." + vrev);
        if (version < MIN_VERSION || version > MAX_VERSION) {
            throw new UnsupportedBackupException("unsupported-version", "archive version " + archiveVersion + " is not one maintkit reads"
                    + " (1.12 to 1.16, written by pg_dump 9.0 to 18)");
        }
        intSize = src.readU8("the archive header");
        offSize = src.readU8("the archive header");
        if (intSize < 1 || intSize > 8 || offSize < 1 || offSize > 8) {
            throw new CorruptBackupException("format-invalid", "implausible integer sizes in the header (int " + intSize + ", offset "
                    + offSize + ")");
        }
        int format = src.readU8("the archive header");
        if (format != FORMAT_CUSTOM) {
            throw new UnsupportedBackupException("unsupported-format", "archive format " + format + " is not the custom format (1)");
        }
        if (version >= V_1_15) {
            int algorithm = src.readU8("the archive header");
            if (algorithm >= ALGORITHMS.length) {
                throw new CorruptBackupException("format-invalid", "unknown compression algorithm " + algorithm + " in the header");
            }
            compression = ALGORITHMS[algorithm];
        } else {
            long level = readInt("the compression level");
            if (level < -1 || level > 9) {
                throw new CorruptBackupException("format-invalid", "implausible compression level " + level + " in the header");
            }
            compression = level == 0 ? "none" : "gzip";
        }
        readTimestamp();
        String database = readString("the database name");
        readString("the server version");
        String dumpVersion = readString("the pg_dump version");
        Map<Integer, Entry> entries = readToc();
        int blocks = readData(entries);
        if (!compression.equals("none") && !compression.equals("gzip")) {
            throw new UnsupportedBackupException("unsupported-compression", "data blocks are compressed with " + compression
                    + ", which maintkit cannot inflate; their framing is intact but their contents are unchecked");
        }
        return new Result(archiveVersion, dumpVersion, database, compression, entries.size(), blocks, dataBytes);
    }

    private void readTimestamp() throws IOException {
        long[][] limits = {{0, 61}, {0, 59}, {0, 23}, {1, 31}, {0, 11}, {0, 1100}, {-1, 1}};
        String[] names = {"second", "minute", "hour", "day", "month", "year", "dst flag"};
        for (int i = 0; i < limits.length; i++) {
            long v = readInt("the creation time");
            if (v < limits[i][0] || v > limits[i][1]) {
                throw new CorruptBackupException("format-invalid", "implausible creation time in the header (" + names[i] + " " + v
                        + ")");
            }
        }
    }

    private Map<Integer, Entry> readToc() throws IOException {
        long count = readInt("the table of contents");
        if (count < 0 || count > 100_000_000) {
            throw new CorruptBackupException("toc-invalid", "implausible table of contents size " + count);
        }
        Map<Integer, Entry> entries = new HashMap<>();
        for (int i = 0; i < count; i++) {
            String what = "table of contents entry " + (i + 1) + " of " + count;
            long dumpId = readInt(what);
            if (dumpId <= 0 || dumpId > Integer.MAX_VALUE) {
                throw new CorruptBackupException("toc-invalid", "entry ID " + dumpId + " out of range in " + what);
            }
            long hadDumper = readInt(what);
            if (hadDumper != 0 && hadDumper != 1) {
                throw new CorruptBackupException("toc-invalid", "implausible data flag " + hadDumper + " in " + what);
            }
            readString(what);
            readString(what);
            String tag = readString(what);
            String desc = readString(what);
            long section = readInt(what);
            if (section < 1 || section > 4) {
                throw new CorruptBackupException("toc-invalid", "unknown section " + section + " in " + what);
            }
            for (int field = 0; field < 5; field++) {
                readString(what);
            }
            if (version >= V_1_14) {
                readString(what);
            }
            if (version >= V_1_16) {
                readInt(what);
            }
            readString(what);
            String oids = readString(what);
            if (oids != null && !oids.equals("true") && !oids.equals("false")) {
                throw new CorruptBackupException("toc-invalid", "implausible WITH OIDS flag in " + what);
            }
            while (readString(what) != null) {
                // a dependency
            }
            int state = src.readU8(what);
            if (state < OFFSET_NOT_SET || state > OFFSET_NO_DATA) {
                throw new CorruptBackupException("toc-invalid", "unknown data offset state " + state + " in " + what);
            }
            long offset = 0;
            for (int b = 0; b < offSize; b++) {
                offset |= (long) src.readU8(what) << (8 * b);
            }
            Entry entry = new Entry((int) dumpId, String.valueOf(desc), String.valueOf(tag), state, offset);
            if (entries.put(entry.dumpId(), entry) != null) {
                throw new CorruptBackupException("toc-invalid", "entry ID " + dumpId + " appears twice in the table of contents");
            }
        }
        return entries;
    }


    private int readData(Map<Integer, Entry> entries) throws IOException {
        Map<Integer, Boolean> seen = new HashMap<>();
        int blocks = 0;
        while (true) {
            long at = src.position();
            int type = src.readU8OrEnd();
            if (type < 0) {
                break;
            }
            if (type != BLK_DATA && type != BLK_BLOBS) {
                throw new CorruptBackupException("format-invalid", "unknown data block type " + type + " at byte " + at);
            }
            long id = readInt("the data block at byte " + at);
            Entry entry = id > 0 && id <= Integer.MAX_VALUE ? entries.get((int) id) : null;
            if (entry == null || entry.offsetState() == OFFSET_NO_DATA) {
                throw new CorruptBackupException("toc-invalid", "data block at byte " + at + " belongs to entry " + id
                        + ", which has no data in the table of contents");
            }
            if (seen.put(entry.dumpId(), Boolean.TRUE) != null) {
                throw new CorruptBackupException("format-invalid", "second data block for " + entry.describe() + " at byte " + at);
            }
            if (entry.offsetState() == OFFSET_SET && entry.offset() != at) {
                throw new CorruptBackupException("toc-invalid", "data block of " + entry.describe() + " found at byte " + at
                        + ", the table of contents says " + entry.offset());
            }
            if (type == BLK_DATA) {
                readStream(entry.describe());
            } else {
                long oid;
                while ((oid = readInt("the large objects of " + entry.describe())) != 0) {
                    readStream("large object " + oid + " of " + entry.describe());
                }
            }
            blocks++;
        }
        for (Entry e : entries.values()) {
            if (e.offsetState() != OFFSET_NO_DATA && !seen.containsKey(e.dumpId())) {
                throw new CorruptBackupException("truncated", "truncated: the archive ends at byte " + src.position()
                        + " without the data of " + e.describe());
            }
        }
        return blocks;
    }

    private void readStream(String what) throws IOException {
        boolean inflate = compression.equals("gzip");
        Inflater inflater = inflate ? new Inflater() : null;
        try {
            while (true) {
                long length = readInt("the data of " + what);
                if (length == 0) {
                    break;
                }
                if (length < 0) {
                    throw new CorruptBackupException("format-invalid", "negative chunk length " + length + " in the data of " + what);
                }
                if (inflate) {
                    feed(inflater, length, what);
                } else {
                    src.skip(length, "the data of " + what);
                    if (compression.equals("none")) {
                        dataBytes += length;
                    }
                }
            }
            if (inflate && !inflater.finished()) {
                throw new CorruptBackupException("format-invalid", "the compressed data of " + what + " ends before its zlib stream"
                        + " does (at byte " + src.position() + ")");
            }
        } finally {
            if (inflater != null) {
                inflater.end();
            }
        }
    }

    private void feed(Inflater inflater, long length, String what) throws IOException {
        while (length > 0) {
            if (!src.ensure()) {
                throw src.truncated("the data of " + what);
            }
            int n = (int) Math.min(length, src.available());
            if (inflater.finished()) {
                throw new CorruptBackupException("format-invalid", "the data of " + what + " goes on after its zlib stream ended (at byte "
                        + src.position() + ")");
            }
            inflater.setInput(src.buffer(), src.offset(), n);
            src.consume(n);
            length -= n;
            try {
                while (!inflater.needsInput() && !inflater.finished()) {
                    int got = inflater.inflate(out);
                    dataBytes += got;
                    if (got == 0 && inflater.needsDictionary()) {
                        throw new CorruptBackupException("format-invalid", "the data of " + what + " asks for a preset dictionary");
                    }
                }
            } catch (DataFormatException e) {
                throw new CorruptBackupException("format-invalid", "the compressed data of " + what + " is invalid near byte "
                        + src.position() + ": " + e.getMessage());
            }
            if (inflater.finished() && inflater.getRemaining() > 0) {
                throw new CorruptBackupException("format-invalid", "the data of " + what + " goes on after its zlib stream ended (near byte "
                        + src.position() + ")");
            }
        }
    }

    /** PostgreSQL's WriteInt: a sign byte, then {@code intSize} bytes, least significant first. */
    private long readInt(String what) throws IOException {
        int sign = src.readU8(what);
        if (sign > 1) {
            throw new CorruptBackupException("toc-invalid", "implausible integer sign byte " + sign + " at byte "
                    + (src.position() - 1) + " in " + what);
        }
        long v = 0;
        for (int i = 0; i < intSize; i++) {
            v |= (long) src.readU8(what) << (8 * i);
        }
        return sign == 1 ? -v : v;
    }

    /** PostgreSQL's WriteStr: a length (-1 for NULL), then the bytes. Long strings are skipped, not kept. */
    private String readString(String what) throws IOException {
        long length = readInt(what);
        if (length == -1) {
            return null;
        }
        if (length < 0 || length > MAX_STRING) {
            throw new CorruptBackupException("toc-invalid", "implausible string length " + length + " at byte " + src.position()
                    + " in " + what);
        }
        if (length > KEEP_STRING) {
            src.skip(length, what);
            return "...";
        }
        src.readFully(scratch, 0, (int) length, what);
        return new String(scratch, 0, (int) length, StandardCharsets.UTF_8);
    }
}

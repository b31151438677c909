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
 *
 * <p>The header is held to what pg_dump writes: version 1.10 to 1.16 with revision 0 (and the one the named pg_dump
 * release writes), 4-byte integers, 8-byte offsets, format 1, a known compression, a plausible creation time and
 * release strings; anything else after a valid {@code PGDMP} magic is corruption. Versions just above 1.16 are left
 * unverifiable, as a newer pg_dump's. The table of contents is held to what pg_restore relies on: numeric catalog
 * ids and dependencies, a data flag that agrees with the data offset, and a TABLE DATA entry's table within the
 * archive's entries (pg_restore stops with "bad table dumpId for TABLE DATA item" otherwise).
 */
public final class PgCustomWalker {

    private static final int FORMAT_CUSTOM = 1;
    private static final int FORMAT_DIRECTORY = 5;
    private static final int INT_SIZE = 4;
    private static final int OFFSET_SIZE = 8;
    private static final int OLDEST_MINOR = 10;
    private static final int MIN_MINOR = 12;
    private static final int MAX_MINOR = 16;
    private static final int V_1_14 = version(1, 14, 0);
    private static final int V_1_15 = version(1, 15, 0);
    private static final int V_1_16 = version(1, 16, 0);
    private static final int BLK_DATA = 1;
    private static final int BLK_BLOBS = 3;
    private static final int OFFSET_NOT_SET = 1;
    private static final int OFFSET_SET = 2;
    private static final int OFFSET_NO_DATA = 3;
    private static final int KEEP_STRING = 1024;
    private static final long MAX_STRING = 1L << 30;
    private static final String[] ALGORITHMS = {"none", "gzip", "lz4", "zstd"};
    private static final java.util.regex.Pattern RELEASE = java.util.regex.Pattern.compile("(\\d{1,2})(\\.\\d{1,3})*"
            + "(devel|alpha\\d*|beta\\d*|rc\\d*)?( |$)");
    private static final java.util.regex.Pattern NUMBER = java.util.regex.Pattern.compile("[0-9]{1,10}");

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

    private record Entry(int dumpId, String desc, String tag, int offsetState, long offset, int firstDependency) {
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
        if (vmaj == 1 && vrev == 0 && vmin > MAX_MINOR && vmin <= MAX_MINOR + 3) {
            throw new UnsupportedBackupException("unsupported-version", "archive version " + archiveVersion
                    + " is newer than maintkit reads (1.12 to 1.16, written by pg_dump 9.0 to 18)");
        }
        if (vmaj != 1 || vrev != 0 || vmin < OLDEST_MINOR || vmin > MAX_MINOR) {
            throw new CorruptBackupException("header-invalid", "the header states archive version "
                    + archiveVersion + "; pg_dump 8.0 to 18 write 1.10 to 1.16, always with revision 0: the header is"
                    + " damaged");
        }
        intSize = src.readU8("the archive header");
        offSize = src.readU8("the archive header");
        if (intSize != INT_SIZE || offSize != OFFSET_SIZE) {
            throw new CorruptBackupException("header-invalid", "the header states integers of " + intSize
                    + " bytes and offsets of " + offSize + " bytes; pg_dump writes 4 and 8");
        }
        int format = src.readU8("the archive header");
        if (format == FORMAT_DIRECTORY) {
            throw new UnsupportedBackupException("unsupported-format", "this is the toc.dat of a directory-format"
                    + " archive (format 5); its data lives in the files beside it, which maintkit does not walk");
        }
        if (format != FORMAT_CUSTOM) {
            throw new CorruptBackupException("header-invalid", "the header states archive format " + format
                    + ", not the custom format (1) a .dump file holds: the header is damaged");
        }
        if (version >= V_1_15) {
            int algorithm = src.readU8("the archive header");
            if (algorithm >= ALGORITHMS.length) {
                throw new CorruptBackupException("header-invalid", "unknown compression algorithm " + algorithm
                        + " in the header");
            }
            compression = ALGORITHMS[algorithm];
        } else {
            long level = readInt("the compression level");
            if (level < -1 || level > 9) {
                throw new CorruptBackupException("header-invalid", "implausible compression level " + level
                        + " in the header");
            }
            compression = level == 0 ? "none" : "gzip";
        }
        readTimestamp();
        String database = readString("the database name");
        String serverVersion = readString("the server version");
        String dumpVersion = readString("the pg_dump version");
        checkVersions(serverVersion, dumpVersion, vmin);
        Map<Integer, Entry> entries = readToc();
        int blocks = readData(entries);
        if (!compression.equals("none") && !compression.equals("gzip")) {
            throw new UnsupportedBackupException("unsupported-compression", "data blocks are compressed with "
                    + compression
                    + ", which maintkit cannot inflate; their framing is intact but their contents are unchecked");
        }
        return new Result(archiveVersion, dumpVersion, database, compression, entries.size(), blocks, dataBytes);
    }

    /** Both version strings read like a release ("15.20 (Debian ...)"), and the archive version is its pg_dump's. */
    private static void checkVersions(String server, String dump, int vmin) throws IOException {
        for (String v : new String[] {server, dump}) {
            if (v == null || !RELEASE.matcher(v).lookingAt()) {
                throw new CorruptBackupException("header-invalid", "the header's version string "
                        + (v == null ? "is missing" : "'" + printable(v) + "' is not a PostgreSQL release"));
            }
        }
        java.util.regex.Matcher m = RELEASE.matcher(dump);
        m.lookingAt();
        int major = Integer.parseInt(m.group(1));
        if (vmin < MIN_MINOR) {
            if (major >= 9) {
                throw new CorruptBackupException("header-invalid", "the header states archive version 1." + vmin
                        + ", but pg_dump " + printable(dump) + " writes 1.12 or later: the header is damaged");
            }
            throw new UnsupportedBackupException("unsupported-version", "archive version 1." + vmin + " by pg_dump "
                    + printable(dump) + " is older than maintkit reads (1.12 to 1.16, written by pg_dump 9.0 to 18)");
        }
        int expected = major >= 17 && major <= 18 ? 16 : major == 16 ? 15 : major >= 12 && major <= 15 ? 14 : -1;
        if (expected > 0 && vmin != expected) {
            throw new CorruptBackupException("header-invalid", "the header states archive version 1." + vmin
                    + ", but pg_dump " + printable(dump) + " writes 1." + expected + ": the header is damaged");
        }
    }

    private static String printable(String s) {
        String cut = s.length() > 40 ? s.substring(0, 40) + "..." : s;
        return cut.replaceAll("[^\\x20-\\x7e]", "?");
    }

    private void readTimestamp() throws IOException {
        long[][] limits = {{0, 61}, {0, 59}, {0, 23}, {1, 31}, {0, 11}, {100, 1100}, {-1, 1}};
        String[] names = {"second", "minute", "hour", "day", "month", "year", "dst flag"};
        for (int i = 0; i < limits.length; i++) {
            long v = readInt("the creation time");
            if (v < limits[i][0] || v > limits[i][1]) {
                throw new CorruptBackupException("header-invalid", "implausible creation time in the header ("
                        + names[i] + " " + v
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
            catalogId(readString(what), what);
            catalogId(readString(what), what);
            String tag = readString(what);
            String desc = readString(what);
            if (tag == null || desc == null) {
                throw new CorruptBackupException("toc-invalid", "no " + (tag == null ? "tag" : "description") + " in "
                        + what);
            }
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
            long firstDependency = 0;
            for (String dep = readString(what); dep != null; dep = readString(what)) {
                if (!NUMBER.matcher(dep).matches() || Long.parseLong(dep) == 0
                        || Long.parseLong(dep) > Integer.MAX_VALUE) {
                    throw new CorruptBackupException("toc-invalid", "dependency '" + printable(dep) + "' of " + what
                            + " is not an entry number");
                }
                if (firstDependency == 0) {
                    firstDependency = Long.parseLong(dep);
                }
            }
            int state = src.readU8(what);
            if (state < OFFSET_NOT_SET || state > OFFSET_NO_DATA) {
                throw new CorruptBackupException("toc-invalid", "unknown data offset state " + state + " in " + what);
            }
            if ((hadDumper == 1) != (state != OFFSET_NO_DATA)) {
                throw new CorruptBackupException("toc-invalid", what + " says it " + (hadDumper == 1 ? "has" : "has no")
                        + " data, but its data offset state says otherwise (" + state + ")");
            }
            long offset = 0;
            for (int b = 0; b < offSize; b++) {
                offset |= (long) src.readU8(what) << (8 * b);
            }
            Entry entry = new Entry((int) dumpId, desc, tag, state, offset, (int) firstDependency);
            if (entries.put(entry.dumpId(), entry) != null) {
                throw new CorruptBackupException("toc-invalid", "entry ID " + dumpId
                        + " appears twice in the table of contents");
            }
        }
        checkCrossReferences(entries);
        return entries;
    }

    /**
     * As pg_restore does before anything else: a TABLE DATA entry's first dependency is its table, an entry number no
     * larger than the largest in the archive; when the table's entry is in the archive, it is a table.
     */
    private static void checkCrossReferences(Map<Integer, Entry> entries) throws CorruptBackupException {
        int maxDumpId = entries.keySet().stream().mapToInt(Integer::intValue).max().orElse(0);
        for (Entry e : entries.values()) {
            if (!e.desc().equals("TABLE DATA") || e.firstDependency() == 0) {
                continue;
            }
            Entry table = entries.get(e.firstDependency());
            if (e.firstDependency() > maxDumpId) {
                throw new CorruptBackupException("toc-invalid", e.describe() + " depends on entry "
                        + e.firstDependency() + ", beyond the last entry (" + maxDumpId + "); pg_restore stops with"
                        + " \"bad table dumpId for TABLE DATA item\"");
            }
            if (table != null && !table.desc().equals("TABLE") && !table.desc().equals("FOREIGN TABLE")) {
                throw new CorruptBackupException("toc-invalid", e.describe() + " depends on " + table.describe()
                        + ", not on a table");
            }
        }
    }

    private static void catalogId(String value, String what) throws CorruptBackupException {
        if (value == null || !NUMBER.matcher(value).matches()) {
            throw new CorruptBackupException("toc-invalid", "the catalog id '" + (value == null ? "null"
                    : printable(value)) + "' of " + what + " is not a number");
        }
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
                throw new CorruptBackupException("format-invalid", "unknown data block type " + type + " at byte "
                        + at);
            }
            long id = readInt("the data block at byte " + at);
            Entry entry = id > 0 && id <= Integer.MAX_VALUE ? entries.get((int) id) : null;
            if (entry == null || entry.offsetState() == OFFSET_NO_DATA) {
                throw new CorruptBackupException("toc-invalid", "data block at byte " + at + " belongs to entry " + id
                        + ", which has no data in the table of contents");
            }
            if (seen.put(entry.dumpId(), Boolean.TRUE) != null) {
                throw new CorruptBackupException("format-invalid", "second data block for " + entry.describe()
                        + " at byte " + at);
            }
            if (entry.offsetState() == OFFSET_SET && entry.offset() != at) {
                throw new CorruptBackupException("toc-invalid", "data block of " + entry.describe()
                        + " found at byte " + at
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
                    throw new CorruptBackupException("format-invalid", "negative chunk length " + length
                            + " in the data of " + what);
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
                throw new CorruptBackupException("format-invalid", "the compressed data of " + what
                        + " ends before its zlib stream"
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
                throw new CorruptBackupException("format-invalid", "the data of " + what
                        + " goes on after its zlib stream ended (at byte "
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
                        throw new CorruptBackupException("format-invalid", "the data of " + what
                                + " asks for a preset dictionary");
                    }
                }
            } catch (DataFormatException e) {
                throw new CorruptBackupException("format-invalid", "the compressed data of " + what
                        + " is invalid near byte "
                        + src.position() + ": " + e.getMessage());
            }
            if (inflater.finished() && inflater.getRemaining() > 0) {
                throw new CorruptBackupException("format-invalid", "the data of " + what
                        + " goes on after its zlib stream ended (near byte "
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
            throw new CorruptBackupException("toc-invalid", "implausible string length " + length + " at byte "
                    + src.position()
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

package io.maintkit.backup.internal;

import java.io.IOException;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Walks a gzip file (RFC 1952) to its end: every member's header, its deflate stream inflated completely, its
 * CRC-32 and its length (ISIZE) compared with what was inflated. Anything after the last member is corruption.
 */
public final class GzipWalker {

    private static final int FHCRC = 2;
    private static final int FEXTRA = 4;
    private static final int FNAME = 8;
    private static final int FCOMMENT = 16;
    private static final int OUT = 256 * 1024;

    /** Receives the inflated bytes. */
    @FunctionalInterface
    public interface Sink {
        /** The next inflated bytes. */
        void accept(byte[] bytes, int off, int len);
    }

    /**
     * The walk's numbers.
     *
     * @param members  how many gzip members the file holds
     * @param inflated how many bytes they inflate to
     */
    public record Result(int members, long inflated) {
    }

    private GzipWalker() {
    }

    /** Walks every member of the gzip stream in {@code src}, handing the inflated bytes to {@code sink}. */
    public static Result walk(ByteSource src, Sink sink) throws IOException {
        if (src.atEnd()) {
            throw new CorruptBackupException("empty-file", "empty file");
        }
        byte[] out = new byte[OUT];
        CRC32 crc = new CRC32();
        Inflater inflater = new Inflater(true);
        int members = 0;
        long total = 0;
        try {
            do {
                long start = src.position();
                readHeader(src, members);
                inflater.reset();
                crc.reset();
                long size = 0;
                while (!inflater.finished()) {
                    if (inflater.needsInput()) {
                        if (!src.ensure()) {
                            throw src.truncated("the deflate data of gzip member " + (members + 1));
                        }
                        inflater.setInput(src.buffer(), src.offset(), src.available());
                        src.consume(src.available());
                    }
                    int n;
                    try {
                        n = inflater.inflate(out);
                    } catch (DataFormatException e) {
                        throw new CorruptBackupException("format-invalid", "gzip member " + (members + 1)
                                + " (at byte " + start
                                + ") has invalid deflate data near byte " + src.position() + ": " + e.getMessage());
                    }
                    if (n > 0) {
                        crc.update(out, 0, n);
                        sink.accept(out, 0, n);
                        size += n;
                    } else if (inflater.needsDictionary()) {
                        throw new CorruptBackupException("format-invalid", "gzip member " + (members + 1)
                                + " asks for a preset dictionary");
                    }
                }
                src.consume(-inflater.getRemaining());
                long storedCrc = readLe32(src, "the CRC-32 of gzip member " + (members + 1));
                long storedSize = readLe32(src, "the length of gzip member " + (members + 1));
                if (storedCrc != crc.getValue()) {
                    throw new CorruptBackupException("checksum-mismatch", String.format(
                            "gzip member %d: CRC-32 mismatch (stored %08x, computed %08x)", members + 1, storedCrc,
                            crc.getValue()));
                }
                if (storedSize != (size & 0xffffffffL)) {
                    throw new CorruptBackupException("length-mismatch", "gzip member " + (members + 1)
                            + ": length mismatch (stored "
                            + storedSize + ", inflated " + size + " modulo 2^32)");
                }
                members++;
                total += size;
            } while (!src.atEnd());
        } finally {
            inflater.end();
        }
        return new Result(members, total);
    }

    private static void readHeader(ByteSource src, int members) throws IOException {
        long at = src.position();
        String what = "the header of gzip member " + (members + 1);
        CRC32 headerCrc = new CRC32();
        int id1 = readAndSum(src, headerCrc, what);
        int id2 = readAndSum(src, headerCrc, what);
        if (id1 != 0x1f || id2 != 0x8b) {
            throw new CorruptBackupException("format-invalid", members == 0
                    ? "not a gzip file (no magic bytes at byte 0)"
                    : "trailing bytes after gzip member " + members + " at byte " + at + " are not a gzip member");
        }
        int method = readAndSum(src, headerCrc, what);
        if (method != 8) {
            throw new CorruptBackupException("format-invalid", "gzip member " + (members + 1)
                    + " uses unknown compression method "
                    + method);
        }
        int flags = readAndSum(src, headerCrc, what);
        if ((flags & 0xe0) != 0) {
            throw new CorruptBackupException("format-invalid", "gzip member " + (members + 1)
                    + " sets reserved header flags "
                    + Integer.toBinaryString(flags));
        }
        for (int i = 0; i < 6; i++) {
            readAndSum(src, headerCrc, what);
        }
        if ((flags & FEXTRA) != 0) {
            int xlen = readAndSum(src, headerCrc, what) | readAndSum(src, headerCrc, what) << 8;
            for (int i = 0; i < xlen; i++) {
                readAndSum(src, headerCrc, what);
            }
        }
        if ((flags & FNAME) != 0) {
            while (readAndSum(src, headerCrc, what) != 0) {
                // the original file name
            }
        }
        if ((flags & FCOMMENT) != 0) {
            while (readAndSum(src, headerCrc, what) != 0) {
                // the comment
            }
        }
        if ((flags & FHCRC) != 0) {
            int expected = (int) (headerCrc.getValue() & 0xffff);
            int stored = src.readU8(what) | src.readU8(what) << 8;
            if (stored != expected) {
                throw new CorruptBackupException("checksum-mismatch", "gzip member " + (members + 1)
                        + ": header CRC mismatch");
            }
        }
    }

    private static int readAndSum(ByteSource src, CRC32 crc, String what) throws IOException {
        int b = src.readU8(what);
        crc.update(b);
        return b;
    }

    private static long readLe32(ByteSource src, String what) throws IOException {
        long v = 0;
        for (int i = 0; i < 4; i++) {
            v |= (long) src.readU8(what) << (8 * i);
        }
        return v;
    }
}

package io.maintkit.backup.internal;

import java.io.IOException;

/**
 * Sequential access to a backup's bytes, chunk by chunk, without copying: walkers read single bytes and small
 * fields through it, and hand whole chunks to inflaters through {@link #buffer()}, {@link #offset()},
 * {@link #available()} and {@link #consume(int)}.
 */
public abstract class ByteSource {

    private byte[] buf = new byte[0];
    private int pos;
    private int limit;
    private long base;
    private boolean end;

    /** The next chunk (the previous one is no longer read), or null at the end. */
    protected abstract Chunk nextChunk() throws IOException;

    /**
     * A chunk of bytes.
     *
     * @param bytes  the array
     * @param length how many of its first bytes are valid
     */
    public record Chunk(byte[] bytes, int length) {
    }

    /** Makes at least one byte available; false at the end of the stream. */
    public final boolean ensure() throws IOException {
        while (pos >= limit) {
            if (end) {
                return false;
            }
            base += limit;
            Chunk c = nextChunk();
            if (c == null) {
                end = true;
                buf = new byte[0];
                pos = 0;
                limit = 0;
                return false;
            }
            buf = c.bytes();
            pos = 0;
            limit = c.length();
        }
        return true;
    }

    /** The stream position of the next byte. */
    public final long position() {
        return base + pos;
    }

    /** Whether every byte has been read. */
    public final boolean atEnd() throws IOException {
        return !ensure();
    }

    /** The current chunk's array. */
    public final byte[] buffer() {
        return buf;
    }

    /** Where the unread part of the current chunk starts. */
    public final int offset() {
        return pos;
    }

    /** How many unread bytes the current chunk holds. */
    public final int available() {
        return limit - pos;
    }

    /** Marks {@code n} bytes of the current chunk read; a negative {@code n} gives back bytes of this chunk. */
    public final void consume(int n) {
        if (pos + n > limit || pos + n < 0) {
            throw new IllegalArgumentException("cannot consume " + n + " at " + pos + " of " + limit);
        }
        pos += n;
    }

    /** One unsigned byte; a truncation if the stream ends. */
    public final int readU8(String what) throws IOException {
        if (!ensure()) {
            throw truncated(what);
        }
        return buf[pos++] & 0xff;
    }

    /** One unsigned byte, or -1 at the end. */
    public final int readU8OrEnd() throws IOException {
        return ensure() ? buf[pos++] & 0xff : -1;
    }

    /** Fills {@code target}; a truncation if the stream ends first. */
    public final void readFully(byte[] target, int off, int len, String what) throws IOException {
        while (len > 0) {
            if (!ensure()) {
                throw truncated(what);
            }
            int n = Math.min(len, limit - pos);
            System.arraycopy(buf, pos, target, off, n);
            pos += n;
            off += n;
            len -= n;
        }
    }

    /** Skips {@code n} bytes (reading them); a truncation if the stream ends first. */
    public final void skip(long n, String what) throws IOException {
        while (n > 0) {
            if (!ensure()) {
                throw truncated(what);
            }
            int step = (int) Math.min(n, limit - pos);
            pos += step;
            n -= step;
        }
    }

    /** Reads to the end, returning the number of bytes read. */
    public final long drain() throws IOException {
        long n = 0;
        while (ensure()) {
            n += limit - pos;
            pos = limit;
        }
        return n;
    }

    /** The exception for a stream that ended early. */
    public final CorruptBackupException truncated(String what) {
        return new CorruptBackupException("truncated", "truncated: ends at byte " + position() + " inside " + what);
    }

    /** A source over an array, for small inputs and tests. */
    public static ByteSource of(byte[] bytes) {
        return new ByteSource() {
            private boolean given;

            @Override
            protected Chunk nextChunk() {
                if (given) {
                    return null;
                }
                given = true;
                return new Chunk(bytes, bytes.length);
            }
        };
    }

    /** A source reading an input stream in chunks of {@code chunkSize} on the calling thread. */
    public static ByteSource of(java.io.InputStream in, int chunkSize) {
        byte[] chunk = new byte[chunkSize];
        return new ByteSource() {
            @Override
            protected Chunk nextChunk() throws IOException {
                int n = in.readNBytes(chunk, 0, chunk.length);
                return n <= 0 ? null : new Chunk(chunk, n);
            }
        };
    }
}

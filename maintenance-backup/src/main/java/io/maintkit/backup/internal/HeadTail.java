package io.maintkit.backup.internal;

import java.nio.charset.StandardCharsets;

/** Keeps the first and the last few KiB of a stream of bytes, for sniffing and trailer checks. */
public final class HeadTail {

    private final byte[] head;
    private int headLength;
    private final byte[] tail;
    private int tailLength;
    private long total;

    /** Keeps up to {@code size} bytes at each end. */
    public HeadTail(int size) {
        head = new byte[size];
        tail = new byte[size];
    }

    /** Takes the next bytes of the stream. */
    public void accept(byte[] b, int off, int len) {
        total += len;
        if (headLength < head.length) {
            int n = Math.min(len, head.length - headLength);
            System.arraycopy(b, off, head, headLength, n);
            headLength += n;
        }
        if (len >= tail.length) {
            System.arraycopy(b, off + len - tail.length, tail, 0, tail.length);
            tailLength = tail.length;
        } else {
            int keep = Math.min(tailLength, tail.length - len);
            System.arraycopy(tail, tailLength - keep, tail, 0, keep);
            System.arraycopy(b, off, tail, keep, len);
            tailLength = keep + len;
        }
    }

    /** The first bytes as Latin-1 text. */
    public String headText() {
        return new String(head, 0, headLength, StandardCharsets.ISO_8859_1);
    }

    /** The first bytes. */
    public byte[] head() {
        return head;
    }

    /** How many first bytes were kept. */
    public int headLength() {
        return headLength;
    }

    /** The last bytes as UTF-8 text. */
    public String tailText() {
        return new String(tail, 0, tailLength, StandardCharsets.UTF_8);
    }

    /** How many bytes the stream held. */
    public long total() {
        return total;
    }
}

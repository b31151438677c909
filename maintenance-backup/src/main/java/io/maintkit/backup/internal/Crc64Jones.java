package io.maintkit.backup.internal;

/** CRC-64/Jones as Redis computes it over RDB files: reflected, polynomial 0xad93d23594c935a9, init 0, no final xor. */
public final class Crc64Jones {

    private static final long[][] TABLES = tables();

    private long crc;

    /** Adds bytes to the checksum. */
    public void update(byte[] b, int off, int len) {
        long c = crc;
        int i = off;
        int end = off + len;
        long[] t0 = TABLES[0];
        while (end - i >= 8) {
            c ^= (b[i] & 0xffL) | (b[i + 1] & 0xffL) << 8 | (b[i + 2] & 0xffL) << 16 | (b[i + 3] & 0xffL) << 24
                    | (b[i + 4] & 0xffL) << 32 | (b[i + 5] & 0xffL) << 40 | (b[i + 6] & 0xffL) << 48
                    | (b[i + 7] & 0xffL) << 56;
            c = TABLES[7][(int) (c & 0xff)] ^ TABLES[6][(int) ((c >>> 8) & 0xff)]
                    ^ TABLES[5][(int) ((c >>> 16) & 0xff)] ^ TABLES[4][(int) ((c >>> 24) & 0xff)]
                    ^ TABLES[3][(int) ((c >>> 32) & 0xff)] ^ TABLES[2][(int) ((c >>> 40) & 0xff)]
                    ^ TABLES[1][(int) ((c >>> 48) & 0xff)] ^ t0[(int) (c >>> 56)];
            i += 8;
        }
        while (i < end) {
            c = t0[(int) ((c ^ b[i++]) & 0xff)] ^ (c >>> 8);
        }
        crc = c;
    }

    /** The checksum so far. */
    public long value() {
        return crc;
    }

    private static long[][] tables() {
        long poly = Long.reverse(0xad93d23594c935a9L);
        long[][] t = new long[8][256];
        for (int n = 0; n < 256; n++) {
            long c = n;
            for (int k = 0; k < 8; k++) {
                c = (c & 1) != 0 ? (c >>> 1) ^ poly : c >>> 1;
            }
            t[0][n] = c;
        }
        for (int n = 0; n < 256; n++) {
            long c = t[0][n];
            for (int k = 1; k < 8; k++) {
                c = t[0][(int) (c & 0xff)] ^ (c >>> 8);
                t[k][n] = c;
            }
        }
        return t;
    }
}

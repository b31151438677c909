package io.maintkit.backup.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Walks a Redis RDB file: the {@code REDIS} magic and a four-digit version, then every byte through CRC-64/Jones,
 * which must equal the little-endian checksum in the last eight bytes, right after the {@code 0xFF} end marker.
 */
public final class RdbWalker {

    private static final int EOF_OPCODE = 0xff;
    private static final int FIRST_CHECKSUMMED_VERSION = 5;

    /**
     * What the walk saw.
     *
     * @param version the RDB version
     * @param bytes   the file's length
     */
    public record Result(int version, long bytes) {
    }

    private RdbWalker() {
    }

    /**
     * Walks the file.
     *
     * @throws CorruptBackupException     when the magic, end marker or checksum is wrong or the file is truncated
     * @throws UnsupportedBackupException when the file carries no checksum (version below 5, or written with
     *                                    {@code rdbchecksum no})
     */
    public static Result walk(ByteSource src) throws IOException {
        byte[] head = new byte[9];
        src.readFully(head, 0, 9, "the RDB header");
        String magic = new String(head, StandardCharsets.ISO_8859_1);
        if (!magic.startsWith("REDIS") || !magic.substring(5).chars().allMatch(Character::isDigit)) {
            throw new CorruptBackupException("format-invalid",
                    "not an RDB file: the header is not REDIS followed by four digits");
        }
        int version = Integer.parseInt(magic.substring(5));
        Crc64Jones crc = new Crc64Jones();
        crc.update(head, 0, head.length);
        byte[] last = new byte[9];
        int lastLength = 0;
        while (src.ensure()) {
            byte[] b = src.buffer();
            int off = src.offset();
            int n = src.available();
            src.consume(n);
            if (n >= 9) {
                crc.update(last, 0, lastLength);
                crc.update(b, off, n - 9);
                System.arraycopy(b, off + n - 9, last, 0, 9);
                lastLength = 9;
            } else {
                int total = lastLength + n;
                int spill = Math.max(0, total - 9);
                byte[] joined = new byte[total];
                System.arraycopy(last, 0, joined, 0, lastLength);
                System.arraycopy(b, off, joined, lastLength, n);
                crc.update(joined, 0, spill);
                System.arraycopy(joined, spill, last, 0, total - spill);
                lastLength = total - spill;
            }
        }
        long size = src.position();
        if (version == 0) {
            throw new CorruptBackupException("header-invalid", "the header states RDB version 0, which no Redis writes:"
                    + " the header is damaged");
        }
        if (version < FIRST_CHECKSUMMED_VERSION) {
            if (lastLength == 0 || (last[lastLength - 1] & 0xff) != EOF_OPCODE) {
                throw new CorruptBackupException("header-invalid", "the header states RDB version " + version
                        + ", whose files end with the end-of-file marker, but this one does not: the header is"
                        + " damaged or the file is cut");
            }
            throw new UnsupportedBackupException("checksum-absent", "RDB version " + version + " carries no checksum");
        }
        if (lastLength < 9) {
            throw new CorruptBackupException("truncated", "truncated: " + size + " bytes, too short for an RDB file");
        }
        if ((last[0] & 0xff) != EOF_OPCODE) {
            throw new CorruptBackupException("truncated",
                    "truncated or corrupt: no end-of-file marker before the checksum"
                    + " (byte " + (size - 9) + " is " + (last[0] & 0xff) + ")");
        }
        crc.update(last, 0, 1);
        long stored = 0;
        for (int i = 0; i < 8; i++) {
            stored |= (last[1 + i] & 0xffL) << (8 * i);
        }
        if (stored == 0) {
            throw new UnsupportedBackupException("checksum-absent",
                    "the RDB file carries no checksum (written with rdbchecksum no)");
        }
        if (stored != crc.value()) {
            throw new CorruptBackupException("checksum-mismatch",
                    String.format("CRC-64 mismatch (stored %016x, computed %016x)", stored,
                    crc.value()));
        }
        return new Result(version, size);
    }
}

package io.maintkit.backup.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

/**
 * Decodes the WAL records of one WAL range as PostgreSQL's xlogreader does, fed the range's pages in order: each
 * record from the range's start LSN up to its end LSN is followed across pages ({@code XLP_FIRST_IS_CONTRECORD},
 * {@code xlp_rem_len}), its {@code xl_tot_len} bounded, its {@code xl_prev} linked to the record before and its
 * {@code xl_crc} (CRC-32C over the record after the header, then over the header up to {@code xl_crc}) compared.
 * A record is held only as its header and a running CRC, so memory stays constant whatever its size. Decoding
 * stops at the first broken record, at a gap in the pages, and at the range's end.
 */
final class WalRecords {

    /** {@code SizeOfXLogRecord}. */
    private static final int RECORD_HEADER = 24;
    /** {@code offsetof(XLogRecord, xl_crc)}. */
    private static final int CRC_OFFSET = 20;
    /** {@code XLogRecordMaxSize}: the largest record PostgreSQL writes. */
    private static final long MAX_RECORD = 1020L << 20;
    private static final int XLP_FIRST_IS_CONTRECORD = 0x0001;
    private static final int XLP_LONG_HEADER = 0x0002;
    private static final int XLP_FIRST_IS_OVERWRITE_CONTRECORD = 0x0008;
    private static final int RM_XLOG_ID = 0;
    private static final int XLOG_SWITCH = 0x40;

    private final long end;
    private final long segmentSize;
    private final byte[] header = new byte[RECORD_HEADER];
    private final CRC32C crc = new CRC32C();
    private long next;
    private long expectedPage = -1;
    private long prev = -1;
    private boolean stopped;
    private int records;
    private long recordStart;
    private long totalLen;
    private long got;

    WalRecords(long start, long end, long segmentSize) {
        this.next = start;
        this.end = end;
        this.segmentSize = segmentSize;
    }

    /** How many records were verified. */
    int records() {
        return records;
    }

    /**
     * Ends the range once all its pages were fed.
     *
     * @return the record that runs past the range's end, or null
     */
    String finish() {
        if (!stopped && got > 0) {
            return runsPastEnd();
        }
        stopped = true;
        return null;
    }

    /** Stops decoding: the range cannot be read on (a broken page, a missing or cut segment). */
    void stop() {
        stopped = true;
    }

    /**
     * Decodes what the full page at {@code pageStart} holds of the range.
     *
     * @return the first record found broken, with its LSN, or null
     */
    String page(byte[] page, long pageStart) {
        if (stopped) {
            return null;
        }
        if (expectedPage >= 0 && pageStart != expectedPage) {
            stopped = true;
            return null;
        }
        expectedPage = pageStart + page.length;
        if (got == 0 && pageStart + page.length <= next) {
            return null;
        }
        ByteBuffer b = ByteBuffer.wrap(page).order(ByteOrder.LITTLE_ENDIAN);
        int info = b.getShort(2) & 0xffff;
        long remLen = b.getInt(16) & 0xffffffffL;
        int headerSize = (info & XLP_LONG_HEADER) != 0 ? 40 : 24;
        if (got > 0) {
            if ((info & XLP_FIRST_IS_OVERWRITE_CONTRECORD) != 0) {
                // the record was cut by a crash and abandoned; the page starts a new one
                got = 0;
                prev = -1;
                next = pageStart + headerSize;
                return records(page, pageStart, headerSize, info, remLen);
            }
            if ((info & XLP_FIRST_IS_CONTRECORD) == 0) {
                return fail("there is no contrecord flag on the page at " + WalSegments.format(pageStart));
            }
            if (remLen == 0 || remLen != totalLen - got) {
                return fail("invalid contrecord length " + remLen + " (expected " + (totalLen - got)
                        + ") on the page at " + WalSegments.format(pageStart));
            }
            String problem = consume(page, pageStart, headerSize);
            if (problem != null || got > 0) {
                return problem;
            }
        }
        return records(page, pageStart, headerSize, info, remLen);
    }

    /** Decodes the records starting on this page from {@link #next}. */
    private String records(byte[] page, long pageStart, int headerSize, int info, long remLen) {
        ByteBuffer b = ByteBuffer.wrap(page).order(ByteOrder.LITTLE_ENDIAN);
        while (!stopped && got == 0 && next < pageStart + page.length) {
            if (next >= end) {
                stopped = true;
                return null;
            }
            int offset = (int) (next - pageStart);
            if (offset < headerSize) {
                if ((info & XLP_FIRST_IS_CONTRECORD) == 0) {
                    next = pageStart + headerSize;
                } else if (prev < 0) {
                    // the range starts inside a record: skip to the first record that starts here, as pg_waldump
                    next = remLen > page.length - headerSize ? pageStart + page.length
                            : pageStart + headerSize + align(remLen);
                } else {
                    recordStart = next;
                    return fail("a record is expected, the page at " + WalSegments.format(pageStart)
                            + " continues one (contrecord is requested)");
                }
                continue;
            }
            recordStart = next;
            totalLen = b.getInt(offset) & 0xffffffffL;
            if (totalLen < RECORD_HEADER) {
                return fail("invalid record length: expected at least " + RECORD_HEADER + ", got " + totalLen);
            }
            if (totalLen > MAX_RECORD) {
                return fail("record length " + totalLen + " too long");
            }
            crc.reset();
            String problem = consume(page, pageStart, offset);
            if (problem != null) {
                return problem;
            }
        }
        return null;
    }

    /** Adds what the page holds of the current record from {@code pos}; finishes the record when it is complete. */
    private String consume(byte[] page, long pageStart, int pos) {
        int n = (int) Math.min(totalLen - got, page.length - pos);
        int toHeader = (int) Math.max(0, Math.min(n, RECORD_HEADER - got));
        if (toHeader > 0) {
            System.arraycopy(page, pos, header, (int) got, toHeader);
            if (got + toHeader == RECORD_HEADER) {
                String problem = checkHeader();
                if (problem != null) {
                    return problem;
                }
            }
        }
        crc.update(page, pos + toHeader, n - toHeader);
        got += n;
        if (got < totalLen) {
            return null;
        }
        long recordEnd = pageStart + pos + n;
        if (recordEnd > end) {
            return runsPastEnd();
        }
        crc.update(header, 0, CRC_OFFSET);
        int stored = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN).getInt(CRC_OFFSET);
        if ((int) crc.getValue() != stored) {
            return fail("incorrect resource manager data checksum (CRC-32C)");
        }
        records++;
        prev = recordStart;
        got = 0;
        next = align(recordEnd);
        if ((header[17] & 0xff) == RM_XLOG_ID && (header[16] & 0xf0) == XLOG_SWITCH) {
            next = (next + segmentSize - 1) / segmentSize * segmentSize;
        }
        return null;
    }

    private String checkHeader() {
        long xlPrev = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN).getLong(8);
        if (prev < 0 ? Long.compareUnsigned(xlPrev, recordStart) >= 0 : xlPrev != prev) {
            return fail("incorrect prev-link " + WalSegments.format(xlPrev)
                    + (prev < 0 ? "" : ", the record before is at " + WalSegments.format(prev)));
        }
        return null;
    }

    private String runsPastEnd() {
        return fail("its length " + totalLen + " runs past the range's end LSN " + WalSegments.format(end));
    }

    private String fail(String reason) {
        stopped = true;
        return "the WAL record at " + WalSegments.format(recordStart) + " is broken: " + reason;
    }

    private static long align(long lsn) {
        return (lsn + 7) & ~7L;
    }
}

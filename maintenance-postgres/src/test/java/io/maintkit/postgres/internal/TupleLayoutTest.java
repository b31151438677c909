package io.maintkit.postgres.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class TupleLayoutTest {

    @Test
    void fixedWidthColumnsArePaddedToTheirAlignmentInAttributeOrder() {
        // int at 0, smallint at 4, bigint aligned from 6 to 8: 16 data bytes after the 24-byte header
        TupleLayout layout = new TupleLayout(new long[] {4, 2, 8}, "isd", new double[] {4, 2, 8},
                new double[] {0, 0, 0});

        assertThat(layout.heapRowBytes()).isEqualTo(24 + 16 + 4);
        // the same columns in another order need no padding: bigint, int, smallint = 14, rounded to 16
        assertThat(new TupleLayout(new long[] {8, 4, 2}, "dis", new double[] {8, 4, 2}, new double[] {0, 0, 0})
                .heapRowBytes()).isEqualTo(24 + 16 + 4);
        // boolean then bigint: 7 bytes of padding
        assertThat(new TupleLayout(new long[] {1, 8}, "cd", new double[] {1, 8}, new double[] {0, 0})
                .heapRowBytes()).isEqualTo(24 + 16 + 4);
    }

    @Test
    void theQueriesLayoutIsReadInAttributeOrder() {
        // as the estimate queries send it, in no particular order: bigint, int, smallint once sorted
        TupleLayout layout = TupleLayout.parse("3 2 s 2 0,1 8 d 8 0,2 4 i 4 0");

        assertThat(layout.heapRowBytes()).isEqualTo(24 + 16 + 4);
        assertThat(TupleLayout.parse(null).heapRowBytes()).isEqualTo(24 + 4);
    }

    @Test
    void aNullBitmapBeyondEightColumnsGrowsTheHeaderForRowsWithNulls() {
        long[] ints = new long[9];
        double[] widths = new double[9];
        java.util.Arrays.fill(ints, 4);
        java.util.Arrays.fill(widths, 4);
        double[] noNulls = new double[9];
        double[] allRowsHaveANull = new double[9];
        allRowsHaveANull[8] = 1;

        // 36 data bytes round to 40; 23 + 2 bitmap bytes round to 32 instead of 24
        assertThat(new TupleLayout(ints, "iiiiiiiii", widths, noNulls).heapRowBytes()).isEqualTo(24 + 40 + 4);
        assertThat(new TupleLayout(ints, "iiiiiiiii", widths, allRowsHaveANull).heapRowBytes())
                .isEqualTo(32 + 32 + 4);
    }

    @Test
    void shortTextIsNotAlignedAndNullsWeighTheirBytes() {
        // bigint, then text of 33 stored bytes (md5 with its one-byte header) unaligned: 41 bytes, rounded to 48
        // for one length, less for lengths spread over the alignment; never the flat 3.5 bytes of old
        double md5 = new TupleLayout(new long[] {8, -1}, "di", new double[] {8, 33}, new double[] {0, 0})
                .heapRowBytes();
        assertThat(md5).isBetween(74.0, 76.0);
        // half the text values NULL: about half the text bytes
        double halfNull = new TupleLayout(new long[] {8, -1}, "di", new double[] {8, 33}, new double[] {0, 0.5})
                .heapRowBytes();
        assertThat(halfNull).isCloseTo(24 + 8 + 0.5 * 40 + 4, within(2.0));
    }

    @Test
    void pagesFollowTheFillfactorAndTheLimitOfRowsPerPage() {
        // 8168 usable bytes at fillfactor 100: 185 rows of 44 bytes per page
        assertThat(TupleLayout.heapPages(185 * 10, 44, 100, 8192)).isEqualTo(10);
        // fillfactor 70 keeps 2457 bytes free: 129 rows per page
        assertThat(TupleLayout.heapPages(129 * 10, 44, 70, 8192)).isEqualTo(10);
        // never more than 291 rows per 8 KiB page
        assertThat(TupleLayout.heapPages(291 * 10, 28, 100, 8192)).isEqualTo(10);
        assertThat(TupleLayout.heapPages(0, 44, 100, 8192)).isZero();
    }

    @Test
    void measuredRowsOfOneLengthAreRoundedUpAndVaryingOnesGetTheAveragePadding() {
        assertThat(TupleLayout.typicalPadding(10, 650)).isEqualTo(7);      // 65 bytes each: 72
        assertThat(TupleLayout.typicalPadding(10, 655)).isEqualTo(3.5);    // varying lengths
        assertThat(TupleLayout.typicalPadding(0, 0)).isZero();
    }
}

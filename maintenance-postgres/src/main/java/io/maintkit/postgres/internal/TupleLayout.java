package io.maintkit.postgres.internal;

import java.util.Arrays;
import java.util.Comparator;

/**
 * The space rows take in their pages, computed the way the server lays them out: a header, a NULL bitmap where a
 * row has NULLs, each present attribute in attribute order at its type's alignment ({@code typalign}), fixed-width
 * types at their length ({@code typlen}), variable-width ones at their average stored width from the statistics
 * ({@code avg_width}, which counts the short one-byte header of values below 127 bytes; such values are not
 * aligned), the whole row rounded up to {@code MAXALIGN}, plus its 4-byte line pointer.
 *
 * <p>Averages stand for every row: a column's NULL fraction weighs its bytes and its padding (the walk keeps the
 * probability of each offset modulo {@code MAXALIGN}, NULLs taken as independent), and the bitmap is counted with
 * the probability that a row has at least one NULL. The statistics do not say whether a variable-width column's
 * values share one length (hashes, codes) or spread over many (names, notes), which decides the padding after
 * them: half of each is assumed, which halves the worst error of either guess.
 */
public final class TupleLayout {

    /** {@code MAXALIGN} on the 64-bit platforms PostgreSQL runs on. */
    public static final int MAXALIGN = 8;
    /** An item identifier (line pointer) in the page's array. */
    public static final int LINE_POINTER = 4;
    /** The page header, {@code SizeOfPageHeaderData}. */
    public static final int PAGE_HEADER = 24;

    private static final int HEAP_HEADER = 23;
    private static final int INDEX_HEADER = 8;
    private static final int INDEX_NULL_BITMAP = 4;
    private static final int BTREE_SPECIAL = 16;
    private static final int SHORT_VARLENA_MAX = 127;

    private final int[] length;
    private final String align;
    private final double[] width;
    private final double[] nullFraction;

    /**
     * A layout of attributes in attribute order.
     *
     * @param length       {@code attlen} of each attribute: a byte count, {@code -1} variable-width,
     *                     {@code -2} C string
     * @param align        {@code attalign} of each attribute, one character each ({@code c}, {@code s}, {@code i},
     *                     {@code d})
     * @param width        {@code avg_width} of each attribute (used for variable-width ones), negative when unknown
     * @param nullFraction {@code null_frac} of each attribute (1 for a dropped column)
     */
    public TupleLayout(long[] length, String align, double[] width, double[] nullFraction) {
        if (length.length != align.length() || length.length != width.length || length.length != nullFraction.length) {
            throw new IllegalArgumentException("attribute arrays of different lengths");
        }
        this.length = new int[length.length];
        for (int i = 0; i < length.length; i++) {
            this.length[i] = (int) length[i];
        }
        this.align = align;
        this.width = width.clone();
        this.nullFraction = nullFraction.clone();
    }

    /**
     * The layout the estimate queries send: {@code "attnum attlen attalign avg_width null_frac"} per attribute,
     * comma-separated in any order ({@code avg_width} negative when unknown); empty or null for no attributes.
     */
    public static TupleLayout parse(String attributes) {
        if (attributes == null || attributes.isBlank()) {
            return new TupleLayout(new long[0], "", new double[0], new double[0]);
        }
        String[][] fields = Arrays.stream(attributes.split(",")).map(a -> a.trim().split(" "))
                .sorted(Comparator.comparingInt(f -> Integer.parseInt(f[0]))).toArray(String[][]::new);
        long[] length = new long[fields.length];
        StringBuilder align = new StringBuilder();
        double[] width = new double[fields.length];
        double[] nullFraction = new double[fields.length];
        for (int i = 0; i < fields.length; i++) {
            length[i] = Long.parseLong(fields[i][1]);
            align.append(fields[i][2].charAt(0));
            width[i] = Double.parseDouble(fields[i][3]);
            nullFraction[i] = Double.parseDouble(fields[i][4]);
        }
        return new TupleLayout(length, align.toString(), width, nullFraction);
    }

    /** The average bytes of a heap row in its page: {@code MAXALIGN}ed header and data, plus its line pointer. */
    public double heapRowBytes() {
        double bitmapHeader = alignUp(HEAP_HEADER + (length.length + 7) / 8, MAXALIGN);
        double header = alignUp(HEAP_HEADER, MAXALIGN)
                + anyNullProbability() * (bitmapHeader - alignUp(HEAP_HEADER, MAXALIGN));
        return header + alignedDataBytes() + LINE_POINTER;
    }

    /** The average bytes of a B-tree leaf entry in its page: header, data, its line pointer. */
    public double indexEntryBytes() {
        double header = INDEX_HEADER + anyNullProbability()
                * (alignUp(INDEX_HEADER + INDEX_NULL_BITMAP, MAXALIGN) - INDEX_HEADER);
        return header + alignedDataBytes() + LINE_POINTER;
    }

    /**
     * The average alignment padding of heap rows whose headers and data total {@code totalLength} bytes over
     * {@code count} rows: rows of one length (a total that is a multiple of the count) are rounded up to
     * {@code MAXALIGN}; rows of varying lengths get the average padding of lengths spread evenly over the
     * alignment, 3.5 bytes.
     */
    public static double typicalPadding(long count, long totalLength) {
        if (count <= 0) {
            return 0;
        }
        double average = (double) totalLength / count;
        return totalLength % count == 0 ? alignUp(average, MAXALIGN) - average : (MAXALIGN - 1) / 2.0;
    }

    /**
     * The pages {@code rows} heap rows of {@code rowBytes} each fill when packed at {@code fillfactor}: an insert
     * goes to a new page once the page's free space, less one line pointer, would drop below
     * {@code blockSize * (100 - fillfactor) / 100}; at most {@code MaxHeapTuplesPerPage} rows per page.
     */
    public static long heapPages(double rows, double rowBytes, long fillfactor, long blockSize) {
        if (rows <= 0) {
            return 0;
        }
        long reserved = blockSize * (100 - fillfactor) / 100;
        double usable = blockSize - PAGE_HEADER - reserved;
        long maxPerPage = (blockSize - PAGE_HEADER) / (alignUpInt(HEAP_HEADER, MAXALIGN) + LINE_POINTER);
        long perPage = Math.max(1, Math.min(maxPerPage, (long) Math.floor(usable / Math.max(rowBytes, 1))));
        return (long) Math.ceil(rows / perPage);
    }

    /**
     * The pages of a B-tree holding {@code entries} leaf entries of {@code entryBytes} each, its leaves filled to
     * {@code fillfactor} as CREATE INDEX fills them: the metapage, the leaves, and about one internal page per
     * 256 leaves.
     */
    public static long btreePages(double entries, double entryBytes, long fillfactor, long blockSize) {
        if (entries <= 0) {
            return 1;
        }
        double usable = (blockSize - PAGE_HEADER - BTREE_SPECIAL) * fillfactor / 100.0;
        long perPage = Math.max(1, (long) Math.floor(usable / Math.max(entryBytes, 1)));
        double leaves = Math.ceil(entries / perPage);
        return 1 + (long) Math.ceil(leaves * (1 + 1.0 / 256));
    }

    /** Whether every attribute has a known width: fixed-width, or variable with statistics. */
    public boolean widthsKnown() {
        for (int i = 0; i < length.length; i++) {
            if (length[i] < 0 && width[i] < 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * The average data bytes after the header, rounded up to {@code MAXALIGN}: present attributes at their alignment
     * in attribute order. The padding before an attribute depends on which earlier ones were NULL in that row, so
     * the walk keeps the probability of each offset modulo {@code MAXALIGN} (NULLs taken as independent, a
     * variable-width value at its average width).
     */
    double alignedDataBytes() {
        double[] residue = new double[MAXALIGN];
        residue[0] = 1;
        double bytes = 0;
        for (int i = 0; i < length.length; i++) {
            double present = 1 - clamp(nullFraction[i]);
            if (present <= 0) {
                continue;
            }
            int size = (int) (length[i] > 0 ? length[i] : Math.max(0, width[i]));
            boolean unaligned = length[i] == -1 && size < SHORT_VARLENA_MAX;
            int alignment = unaligned ? 1 : alignment(align.charAt(i));
            double[] next = new double[MAXALIGN];
            for (int r = 0; r < MAXALIGN; r++) {
                if (residue[r] == 0) {
                    continue;
                }
                int padding = (alignment - r % alignment) % alignment;
                next[r] += (1 - present) * residue[r];
                if (length[i] > 0) {
                    next[(r + padding + size) % MAXALIGN] += present * residue[r];
                    bytes += present * residue[r] * (padding + size);
                } else {
                    // half as values of one length (avg_width exact), half as lengths spread over every residue
                    // (avg_width is their mean truncated to whole bytes, so half a byte short)
                    next[(r + padding + size) % MAXALIGN] += present * residue[r] / 2;
                    for (int s = 0; s < MAXALIGN; s++) {
                        next[s] += present * residue[r] / 2 / MAXALIGN;
                    }
                    bytes += present * residue[r] * (padding + size + 0.25);
                }
            }
            residue = next;
        }
        for (int r = 1; r < MAXALIGN; r++) {
            bytes += residue[r] * (MAXALIGN - r);
        }
        return bytes;
    }

    private double anyNullProbability() {
        double none = 1;
        for (double f : nullFraction) {
            none *= 1 - clamp(f);
        }
        return 1 - none;
    }

    private static double clamp(double fraction) {
        return Math.max(0, Math.min(1, fraction));
    }

    private static int alignment(char typalign) {
        return switch (typalign) {
            case 'd' -> 8;
            case 'i' -> 4;
            case 's' -> 2;
            default -> 1;
        };
    }

    private static double alignUp(double offset, int alignment) {
        return Math.ceil(offset / alignment - 1e-9) * alignment;
    }

    private static long alignUpInt(long offset, int alignment) {
        return (offset + alignment - 1) / alignment * alignment;
    }
}

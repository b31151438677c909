package io.maintkit.core;

import io.maintkit.core.internal.LargestEntries;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Used space of the file system holding a path, against thresholds; optionally the largest entries under the path
 * ("what is growing?").
 *
 * <pre>{@code
 * DiskSpaceReport r = DiskSpaceCheck.on(Path.of("/var/lib/postgresql"))
 *         .thresholds(Threshold.above(Percent.of(80), Percent.of(95)))
 *         .largest(10)
 *         .inspect();
 * }</pre>
 *
 * <p>Used percent is computed as {@code df} does: used / (used + available to unprivileged users).
 */
public final class DiskSpaceCheck {

    /** The check's id. */
    public static final String ID = "core.disk-space";

    /** Runbook defaults: warning at 70 % used, critical at 90 %. */
    public static final Threshold<Percent> DEFAULT_THRESHOLDS = Threshold.above(Percent.of(70), Percent.of(90));

    private final Path path;
    private final Threshold<Percent> thresholds;
    private final int largest;

    private DiskSpaceCheck(Path path, Threshold<Percent> thresholds, int largest) {
        this.path = path;
        this.thresholds = thresholds;
        this.largest = largest;
    }

    /** A check of the file system holding {@code path}, with the default thresholds. */
    public static DiskSpaceCheck on(Path path) {
        return new DiskSpaceCheck(Objects.requireNonNull(path, "path"), DEFAULT_THRESHOLDS, 0);
    }

    /** Other thresholds for the used percent. */
    public DiskSpaceCheck thresholds(Threshold<Percent> usedPercent) {
        return new DiskSpaceCheck(path, Objects.requireNonNull(usedPercent, "usedPercent"), largest);
    }

    /** Also lists the {@code n} largest files and folders directly under the path, folders summed recursively. */
    public DiskSpaceCheck largest(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("largest must be at least 0, was " + n);
        }
        return new DiskSpaceCheck(path, thresholds, n);
    }

    /**
     * Measures.
     *
     * @throws IOException when the path's file store cannot be read
     */
    public DiskSpaceReport inspect() throws IOException {
        FileStore store = Files.getFileStore(path);
        long total = store.getTotalSpace();
        long used = total - store.getUnallocatedSpace();
        long available = store.getUsableSpace();
        Percent usedPercent = Percent.ratio(used, (double) used + available);
        List<DiskSpaceReport.Entry> entries = largest == 0 ? List.of() : LargestEntries.under(path, largest);
        return new DiskSpaceReport(path, store.name(), DataSize.ofBytes(total), DataSize.ofBytes(used),
                DataSize.ofBytes(available), usedPercent, thresholds.evaluate(usedPercent), entries);
    }

    /** This check as a {@link Check} with id {@value #ID}. */
    public Check asCheck() {
        return Check.of(ID, path.toString(), this::inspect);
    }
}

package io.maintkit.core;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What {@link DiskSpaceCheck} measured.
 *
 * @param path        the path checked
 * @param store       the file store's name
 * @param total       its size
 * @param used        space in use
 * @param available   space available to unprivileged users
 * @param usedPercent used / (used + available)
 * @param severity    the used percent against the thresholds
 * @param largest     the largest entries under the path, largest first; empty unless asked for
 */
public record DiskSpaceReport(Path path, String store, DataSize total, DataSize used, DataSize available,
                              Percent usedPercent, Severity severity, List<Entry> largest) implements Report {

    /** Copies the entries. */
    public DiskSpaceReport {
        largest = List.copyOf(largest);
    }

    /**
     * A file or folder and its size.
     *
     * @param path   the entry
     * @param size   its size; for a folder, the sum of the regular files below it
     * @param folder whether it is a folder
     */
    public record Entry(Path path, DataSize size, boolean folder) {
    }

    /** One finding for the path, carrying the largest entries as a detail. */
    @Override
    public List<Finding> findings() {
        Finding f = Finding.of(DiskSpaceCheck.ID, "disk-usage", path.toString(), severity,
                        usedPercent + " used (" + used + " of " + total + "), " + available + " available")
                .withMeasurements(Measurement.percent("used_percent", usedPercent),
                        Measurement.bytes("used_bytes", used), Measurement.bytes("available_bytes", available))
                .withDetail("file_store", store);
        if (!largest.isEmpty()) {
            f = f.withDetail("largest", largest.stream().map(e -> e.path() + (e.folder() ? "/" : "") + " "
                    + e.size()).collect(Collectors.joining(", ")));
        }
        return List.of(f);
    }
}

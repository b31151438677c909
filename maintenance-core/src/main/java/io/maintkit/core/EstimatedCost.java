package io.maintkit.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What an action is expected to cost and gain, estimated before it runs.
 *
 * @param reads     data the action reads or rewrites
 * @param extraDisk extra disk space it needs while running (a table rebuild needs room for a full copy)
 * @param frees     space it is expected to give back
 */
public record EstimatedCost(DataSize reads, DataSize extraDisk, DataSize frees) {

    /** Nothing read, needed or freed. */
    public static final EstimatedCost NONE = new EstimatedCost(DataSize.ZERO, DataSize.ZERO, DataSize.ZERO);

    /** Validates the parts. */
    public EstimatedCost {
        Objects.requireNonNull(reads, "reads");
        Objects.requireNonNull(extraDisk, "extraDisk");
        Objects.requireNonNull(frees, "frees");
    }

    /** An action that reads the given amount and needs no extra disk. */
    public static EstimatedCost reading(DataSize reads) {
        return new EstimatedCost(reads, DataSize.ZERO, DataSize.ZERO);
    }

    /** This cost, expecting to free the given space. */
    public EstimatedCost freeing(DataSize frees) {
        return new EstimatedCost(reads, extraDisk, frees);
    }

    /** This cost, needing the given extra disk while running. */
    public EstimatedCost needingExtraDisk(DataSize extra) {
        return new EstimatedCost(reads, extra, frees);
    }

    /** The sum of two costs. */
    public EstimatedCost plus(EstimatedCost other) {
        return new EstimatedCost(reads.plus(other.reads), extraDisk.plus(other.extraDisk), frees.plus(other.frees));
    }

    /** {@code reads 1.2 GiB, needs 800.0 MiB extra disk, frees ~400.0 MiB}, omitting zero parts. */
    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        if (reads.bytes() > 0) {
            parts.add("reads " + reads);
        }
        if (extraDisk.bytes() > 0) {
            parts.add("needs " + extraDisk + " extra disk");
        }
        if (frees.bytes() > 0) {
            parts.add("frees ~" + frees);
        }
        return parts.isEmpty() ? "negligible" : String.join(", ", parts);
    }
}

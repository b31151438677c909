package io.maintkit.postgres;

/** How far a bloat figure can be trusted; the reason travels with it in {@link RelationBloat#confidenceReason()}. */
public enum Confidence {
    /** Measured, or estimated from fresh and complete statistics. */
    HIGH,
    /** Estimated from statistics that are stale, missing or known not to fit the relation; never raised above INFO. */
    LOW
}

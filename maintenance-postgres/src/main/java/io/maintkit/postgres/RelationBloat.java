package io.maintkit.postgres;

import io.maintkit.core.DataSize;
import io.maintkit.core.Percent;
import io.maintkit.core.Severity;

import java.util.Objects;

/**
 * The bloat of one table or B-tree index.
 *
 * @param kind             table (including materialized views) or index
 * @param schema           the schema's name, unquoted
 * @param name             the relation's name, unquoted
 * @param subject          {@code schema.name} as an operator writes it (quoted where SQL needs quotes)
 * @param table            for an index its table's subject, for a table its own subject
 * @param size             the relation's size (main fork)
 * @param bloat            the space beyond what the live rows need at the relation's fillfactor
 * @param bloatPercent     {@code bloat} as a percentage of {@code size}
 * @param mode             how it was measured
 * @param confidence       how far the figure can be trusted
 * @param confidenceReason why
 * @param severity         what the thresholds make of it (a low-confidence estimate never above INFO)
 */
public record RelationBloat(Kind kind, String schema, String name, String subject, String table, DataSize size,
                            DataSize bloat, Percent bloatPercent, BloatMode mode, Confidence confidence,
                            String confidenceReason, Severity severity) {

    /** What kind of relation. */
    public enum Kind {
        /** A table or materialized view (heap). */
        TABLE,
        /** A B-tree index. */
        INDEX
    }

    /** Validates the fields. */
    public RelationBloat {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(size, "size");
        Objects.requireNonNull(bloat, "bloat");
        Objects.requireNonNull(bloatPercent, "bloatPercent");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(confidence, "confidence");
        Objects.requireNonNull(confidenceReason, "confidenceReason");
        Objects.requireNonNull(severity, "severity");
    }
}

package io.maintkit.postgres;

import io.maintkit.core.DataSize;
import io.maintkit.core.Percent;
import io.maintkit.core.Severity;

import java.util.Objects;

/**
 * The bloat of one table or B-tree index, or why it has no figure.
 *
 * <p>Bloat is the space beyond what the relation's live rows (or entries) need when packed at its fillfactor:
 * what a rewrite ({@code VACUUM FULL}, {@code pg_repack}, {@code REINDEX}) would give back. See
 * {@link BloatInspector} for how each {@link BloatMode} measures it.
 *
 * @param kind             table (including materialized views) or index
 * @param schema           the schema's name, unquoted
 * @param name             the relation's name, unquoted
 * @param subject          {@code schema.name} as an operator writes it (quoted where SQL needs quotes)
 * @param table            for an index its table's subject, for a table its own subject
 * @param size             the relation's size (main fork)
 * @param bloat            the space beyond what the live rows need at the relation's fillfactor; zero when the
 *                         relation has no figure ({@link #hasFigure()})
 * @param bloatPercent     {@code bloat} as a percentage of {@code size}
 * @param mode             how it was measured (for a relation without a figure: the mode asked for)
 * @param confidence       how far the figure can be trusted ({@link Confidence#LOW} without a figure)
 * @param confidenceReason why; for a relation without a figure, why it has none
 * @param severity         what the thresholds make of it (a low-confidence estimate never above INFO); without a
 *                         figure INFO where that is expected (never analyzed) and UNKNOWN where something kept
 *                         the inspector from looking
 * @param state            whether the figure was estimated or measured, or why there is none
 */
public record RelationBloat(Kind kind, String schema, String name, String subject, String table, DataSize size,
                            DataSize bloat, Percent bloatPercent, BloatMode mode, Confidence confidence,
                            String confidenceReason, Severity severity, State state) {

    /** What kind of relation. */
    public enum Kind {
        /** A table or materialized view (heap). */
        TABLE,
        /** A B-tree index. */
        INDEX
    }

    /** Whether the relation has a figure and where it came from, or why it has none. */
    public enum State {
        /** Estimated from the catalogs and statistics ({@link BloatMode#ESTIMATE}). */
        ESTIMATED,
        /** Measured with {@code pgstattuple}, {@code pgstattuple_approx} or {@code pgstatindex}. */
        MEASURED,
        /** No figure: the table was never analyzed, so there is no row count to estimate from. */
        NEVER_ANALYZED,
        /** No figure: the role may not read the table's column statistics (no SELECT privilege). */
        STATISTICS_HIDDEN,
        /** No figure: measuring was asked for but could not run (extension missing, measurement failed). */
        NOT_MEASURED;

        /** Whether a relation in this state has a bloat figure. */
        public boolean hasFigure() {
            return this == ESTIMATED || this == MEASURED;
        }
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
        Objects.requireNonNull(state, "state");
    }

    /**
     * A relation with a figure: {@link State#ESTIMATED} in {@link BloatMode#ESTIMATE}, {@link State#MEASURED}
     * otherwise.
     */
    public RelationBloat(Kind kind, String schema, String name, String subject, String table, DataSize size,
                         DataSize bloat, Percent bloatPercent, BloatMode mode, Confidence confidence,
                         String confidenceReason, Severity severity) {
        this(kind, schema, name, subject, table, size, bloat, bloatPercent, mode, confidence, confidenceReason,
                severity, mode == BloatMode.ESTIMATE ? State.ESTIMATED : State.MEASURED);
    }

    /** Whether this relation has a bloat figure (estimated or measured). */
    public boolean hasFigure() {
        return state.hasFigure();
    }
}

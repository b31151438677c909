package io.maintkit.postgres;

import io.maintkit.core.Finding;
import io.maintkit.core.Report;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link BloatInspector#inspect()} found.
 *
 * @param database  the database inspected
 * @param mode      the mode asked for
 * @param relations every inspected relation at or above the minimum size, with its {@link RelationBloat#state()}:
 *                  those with a figure first, most bloat bytes first, then those without one
 * @param findings  a finding per relation that crossed a threshold (or has no figure), and per thing that kept the
 *                  inspector from measuring, worst first
 */
public record BloatReport(String database, BloatMode mode, List<RelationBloat> relations, List<Finding> findings)
        implements Report {

    /** Validates and copies. */
    public BloatReport {
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(mode, "mode");
        relations = List.copyOf(relations);
        findings = List.copyOf(findings);
    }

    /** The tables and materialized views. */
    public List<RelationBloat> tables() {
        return relations.stream().filter(r -> r.kind() == RelationBloat.Kind.TABLE).toList();
    }

    /** The B-tree indexes. */
    public List<RelationBloat> indexes() {
        return relations.stream().filter(r -> r.kind() == RelationBloat.Kind.INDEX).toList();
    }

    /** The relations with a bloat figure, estimated or measured (what a planner acts on). */
    public List<RelationBloat> withFigure() {
        return relations.stream().filter(RelationBloat::hasFigure).toList();
    }

    /** The relations without a figure; each one's {@link RelationBloat#state()} says why. */
    public List<RelationBloat> withoutFigure() {
        return relations.stream().filter(r -> !r.hasFigure()).toList();
    }

    /** The inspected relation with that subject ({@code schema.name}), if any. */
    public Optional<RelationBloat> relation(String subject) {
        return relations.stream().filter(r -> r.subject().equals(subject)).findFirst();
    }
}

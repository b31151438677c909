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
 * @param relations every measured relation at or above the minimum size, most bloat bytes first
 * @param findings  a finding per relation that crossed a threshold (or could not be measured), worst first
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

    /** The measured relation with that subject ({@code schema.name}), if any. */
    public Optional<RelationBloat> relation(String subject) {
        return relations.stream().filter(r -> r.subject().equals(subject)).findFirst();
    }
}

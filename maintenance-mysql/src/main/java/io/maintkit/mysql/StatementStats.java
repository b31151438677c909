package io.maintkit.mysql;

import java.time.Duration;
import java.util.Objects;

/**
 * One statement shape and its cost since the statistics started.
 *
 * @param schema       the default schema it ran in; empty when none
 * @param statement    its normalised text (digest), or the slow log's text
 * @param calls        how many times it ran
 * @param total        its total time
 * @param mean         its mean time
 * @param rowsExamined rows it examined in all
 */
public record StatementStats(String schema, String statement, long calls, Duration total, Duration mean,
                             long rowsExamined) {

    /** Validates. */
    public StatementStats {
        Objects.requireNonNull(statement, "statement");
        Objects.requireNonNull(total, "total");
        Objects.requireNonNull(mean, "mean");
        schema = schema == null ? "" : schema;
    }
}

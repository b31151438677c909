package io.maintkit.redis;

import io.maintkit.core.Finding;
import io.maintkit.core.Percent;
import io.maintkit.core.Report;
import io.maintkit.redis.internal.Texts;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link HitRateCheck} read and found.
 *
 * @param node                 the node
 * @param hits                 {@code keyspace_hits} since start
 * @param misses               {@code keyspace_misses} since start
 * @param sinceStart           hits over lookups since start; empty without lookups
 * @param sinceLastCheck       hits over lookups since the previous run; empty on the first run or without lookups
 * @param lookupsSinceLastCheck lookups since the previous run; 0 on the first run
 * @param findings             what it found, worst first
 */
public record HitRateReport(String node, long hits, long misses, Optional<Percent> sinceStart,
                            Optional<Percent> sinceLastCheck, long lookupsSinceLastCheck, List<Finding> findings)
        implements Report {

    /** Validates and sorts the findings worst first. */
    public HitRateReport {
        Objects.requireNonNull(node, "node");
        findings = Texts.worstFirst(findings);
    }
}

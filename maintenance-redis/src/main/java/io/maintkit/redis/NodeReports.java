package io.maintkit.redis;

import io.maintkit.core.Finding;
import io.maintkit.core.Report;
import io.maintkit.redis.internal.Texts;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One check's reports over every node of a deployment (a cluster's primaries and replicas; a single server's one
 * report), and the nodes it could not read.
 *
 * @param reports     one report per node read, each naming its node
 * @param unreachable one {@code UNKNOWN} finding of kind {@value #NODE_UNREACHABLE} per node that could not be read
 * @param <R>         the check's report type
 */
public record NodeReports<R extends Report>(List<R> reports, List<Finding> unreachable) implements Report {

    /** The kind of the finding for a node that could not be read. */
    public static final String NODE_UNREACHABLE = "node-unreachable";

    /** Copies. */
    public NodeReports {
        reports = List.copyOf(reports);
        unreachable = List.copyOf(unreachable);
    }

    /** Every node's findings and the unreachable nodes', worst first. */
    @Override
    public List<Finding> findings() {
        List<Finding> all = new ArrayList<>(unreachable);
        reports.forEach(r -> all.addAll(r.findings()));
        return Texts.worstFirst(all);
    }

    /** The only report, when one node was read. */
    public Optional<R> single() {
        return reports.size() == 1 ? Optional.of(reports.get(0)) : Optional.empty();
    }
}

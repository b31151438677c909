package io.maintkit.postgres.internal;

import io.maintkit.postgres.internal.RetentionCatalog.Querier;
import io.maintkit.postgres.internal.RetentionCatalog.Target;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a retention run treats a partitioned table, found with two queries whatever the depth and number of
 * partitions: the server's own partition pruning tells which partitions can hold a row at or after the cutoff (or
 * with no value in the cutoff column); the others hold only older rows and are dropped whole, each at the highest
 * level where that holds. The remaining leaf partitions are trimmed row by row. Bounds are never parsed from text:
 * the server reads them from the catalog when it prunes.
 *
 * @param drops   the partitions to archive, detach and drop whole, highest first
 * @param leaves  the tables to trim row by row (the table itself when it is not partitioned)
 * @param skipped partitions that are not tables (foreign tables), whose rows a run cannot remove
 */
public record RetentionPartitions(List<Drop> drops, List<Target> leaves, List<String> skipped) {

    /**
     * A partition that holds only rows older than the cutoff.
     *
     * @param parent    the partitioned table it is attached to
     * @param partition the partition (a partitioned table itself, with all its partitions, or a leaf)
     * @param sizeBytes its size on disk with all its partitions, their indexes and TOAST tables
     */
    public record Drop(Target parent, Target partition, long sizeBytes) {
    }

    /** Validates and copies. */
    public RetentionPartitions {
        drops = List.copyOf(drops);
        leaves = List.copyOf(leaves);
        skipped = List.copyOf(skipped);
    }

    /** The partitions to drop, by subject, with their sizes. */
    public Map<String, Long> dropSizes() {
        Map<String, Long> sizes = new LinkedHashMap<>();
        drops.forEach(d -> sizes.put(d.partition().subject(), d.sizeBytes()));
        return sizes;
    }

    /**
     * Finds what to drop and what to trim under {@code root}.
     *
     * @param column the cutoff column, unquoted
     * @param cutoff the cutoff as an SQL expression of the column's type
     */
    public static RetentionPartitions of(Querier q, Target root, String column, String cutoff) throws SQLException {
        if (!root.partitioned()) {
            return new RetentionPartitions(List.of(), List.of(root), List.of());
        }
        String quoted = Identifiers.quote(column);
        String plan = q.query("EXPLAIN (VERBOSE, FORMAT JSON) SELECT 1 FROM " + root.qualified() + " WHERE " + quoted
                + " >= " + cutoff + " OR " + quoted + " IS NULL").get(0).text("QUERY PLAN");
        Map<Long, Node> nodes = new LinkedHashMap<>();
        for (Row r : q.query(Sql.load("retention-partitions"), plan, root.oid())) {
            Target t = root.partition(r.longValue("oid"), r.text("nspname"), r.text("relname"), r.text("subject"),
                    r.text("relkind"), r.doubleValue("reltuples"));
            nodes.put(t.oid(), new Node(t, r.longValue("parent"), r.bool("kept"), r.longValue("size_bytes")));
        }
        Map<Long, List<Node>> children = new HashMap<>();
        nodes.values().forEach(n -> children.computeIfAbsent(n.parent, p -> new ArrayList<>()).add(n));
        List<Drop> drops = new ArrayList<>();
        List<Target> leaves = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        walk(root, children, drops, leaves, skipped);
        return new RetentionPartitions(drops, leaves, skipped);
    }

    private static void walk(Target parent, Map<Long, List<Node>> children, List<Drop> drops, List<Target> leaves,
                             List<String> skipped) {
        for (Node n : children.getOrDefault(parent.oid(), List.of())) {
            Subtree s = subtree(n, children);
            if (s.leaves > 0 && s.keptLeaves == 0 && s.tablesOnly) {
                drops.add(new Drop(parent, n.target, s.bytes));
            } else if (n.target.partitioned()) {
                walk(n.target, children, drops, leaves, skipped);
            } else if ("r".equals(n.target.relkind())) {
                leaves.add(n.target);
            } else {
                skipped.add(n.target.subject());
            }
        }
    }

    /** The leaves under a node (the node itself when it is one), how many the pruning kept, and their size. */
    private static Subtree subtree(Node n, Map<Long, List<Node>> children) {
        if (!n.target.partitioned()) {
            return new Subtree(1, n.kept ? 1 : 0, n.bytes, "r".equals(n.target.relkind()));
        }
        Subtree sum = new Subtree(0, 0, n.bytes, true);
        for (Node c : children.getOrDefault(n.target.oid(), List.of())) {
            Subtree s = subtree(c, children);
            sum = new Subtree(sum.leaves + s.leaves, sum.keptLeaves + s.keptLeaves, sum.bytes + s.bytes,
                    sum.tablesOnly && s.tablesOnly);
        }
        return sum;
    }

    private record Node(Target target, long parent, boolean kept, long bytes) {
    }

    private record Subtree(int leaves, int keptLeaves, long bytes, boolean tablesOnly) {
    }
}

package io.maintkit.postgres.internal;

import io.maintkit.core.DataSize;
import io.maintkit.core.internal.Scope;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the index check and the schema lint both read about indexes, and how they judge it: the indexes in scope
 * (one query), the foreign keys that no index serves (one query), and which indexes repeat or overlap another of
 * their table.
 */
public final class IndexCatalog {

    private IndexCatalog() {
    }

    /**
     * Every index in scope, with its scan counters ({@code last_idx_scan} on PG16+), one query. An index is out of
     * scope when its name or its table's name matches an exclusion.
     */
    public static List<IndexDefinition> indexes(Session session, Scope scope) throws SQLException {
        String[] schemas = scope.schemaArray();
        String sql = Sql.load("indexes", Map.of("last_idx_scan",
                session.major() >= 16 ? "s.last_idx_scan" : "NULL::timestamptz"));
        List<IndexDefinition> indexes = new ArrayList<>();
        for (Row row : session.query(sql, schemas, schemas)) {
            String schema = row.text("nspname");
            if (!scope.excludes(schema, row.text("relname")) && !scope.excludes(schema, row.text("table_relname"))) {
                indexes.add(new IndexDefinition(row));
            }
        }
        return indexes;
    }

    /**
     * The foreign keys in scope whose columns lead no valid, non-partial index of their table, one query. A
     * partition's copy of its parent's foreign key is left out: the parent's is reported. Columns:
     * {@code subject} (the table), {@code nspname}, {@code relname}, {@code conname}, {@code definition},
     * {@code columns}.
     */
    public static List<Row> foreignKeysWithoutIndex(Session session, Scope scope) throws SQLException {
        String[] schemas = scope.schemaArray();
        List<Row> rows = new ArrayList<>();
        for (Row row : session.query(Sql.load("foreign-keys-without-index"), schemas, schemas)) {
            if (!scope.excludes(row.text("nspname"), row.text("relname"))) {
                rows.add(row);
            }
        }
        return rows;
    }

    /**
     * The valid indexes that repeat another of their table (same method, columns or expressions, operator classes,
     * collations, options and predicate) or whose key columns are a strict leftmost prefix of another B-tree's with
     * the same predicate. Of identical indexes the primary key, then a constraint's, then a unique one, then one a
     * partition inherits, then the first by name is kept; unique and constraint indexes are never called
     * overlapping.
     */
    public static List<Redundancy> redundancies(List<IndexDefinition> indexes) {
        Map<String, List<IndexDefinition>> byTable = new LinkedHashMap<>();
        for (IndexDefinition i : indexes) {
            if (i.valid()) {
                byTable.computeIfAbsent(i.table(), t -> new ArrayList<>()).add(i);
            }
        }
        Comparator<IndexDefinition> keepFirst = Comparator
                .comparing((IndexDefinition i) -> !i.row().bool("indisprimary"))
                .thenComparing(i -> !i.row().bool("backs_constraint"))
                .thenComparing(i -> !i.row().bool("indisunique"))
                .thenComparing(i -> !i.inherited())
                .thenComparing(IndexDefinition::subject);
        List<Redundancy> found = new ArrayList<>();
        for (List<IndexDefinition> onTable : byTable.values()) {
            if (onTable.size() < 2) {
                continue;
            }
            Map<String, List<IndexDefinition>> same = new LinkedHashMap<>();
            for (IndexDefinition i : onTable) {
                same.computeIfAbsent(i.signature, s -> new ArrayList<>()).add(i);
            }
            List<IndexDefinition> distinct = new ArrayList<>();
            for (List<IndexDefinition> group : same.values()) {
                group.sort(keepFirst);
                distinct.add(group.get(0));
                for (IndexDefinition extra : group.subList(1, group.size())) {
                    found.add(new Redundancy(extra, group.get(0), true));
                }
            }
            for (IndexDefinition a : distinct) {
                if (!a.btree || a.row().bool("indisunique") || a.row().bool("backs_constraint")) {
                    continue;
                }
                for (IndexDefinition b : distinct) {
                    if (a != b && b.btree && a.coveredBy(b)) {
                        found.add(new Redundancy(a, b, false));
                        break;
                    }
                }
            }
        }
        return found;
    }

    /**
     * An index that another of its table makes redundant.
     *
     * @param index     the index to drop
     * @param kept      the index that serves its queries
     * @param duplicate whether it is identical to {@code kept} (otherwise its columns lead {@code kept}'s)
     */
    public record Redundancy(IndexDefinition index, IndexDefinition kept, boolean duplicate) {

        /** One line for a human: which index to drop and why. */
        public String summary() {
            return duplicate ? "duplicate of index " + kept.subject() + " on " + index.table() + " (" + index.size()
                    + " to drop)"
                    : "overlaps index " + kept.subject() + " on " + index.table() + ": its columns lead that index,"
                    + " which can serve the same queries (" + index.size() + ")";
        }
    }

    /** One line for a human about an invalid index. */
    public static String invalidSummary(IndexDefinition index) {
        return "invalid index on " + index.table() + " (a failed CREATE INDEX CONCURRENTLY or REINDEX): it costs"
                + " writes and serves no query";
    }

    /** One line for a human about a row of {@link #foreignKeysWithoutIndex}. */
    public static String foreignKeySummary(Row foreignKey) {
        return "foreign key " + foreignKey.text("conname") + " (" + foreignKey.text("columns") + ") has no index"
                + " leading with its columns: deletes and updates of referenced rows scan the table";
    }

    /** One index as {@code indexes.sql} reads it, and what identifies its definition. */
    public static final class IndexDefinition {
        private final Row row;
        private final String subject;
        private final String table;
        private final DataSize size;
        private final boolean btree;
        private final String signature;
        private final long[] keys;
        private final long[] classes;
        private final long[] collations;
        private final long[] options;
        private final String pred;

        IndexDefinition(Row row) {
            this.row = row;
            this.subject = row.text("subject");
            this.table = row.text("table_subject");
            this.size = DataSize.ofBytes(row.longValue("size_bytes"));
            this.btree = "btree".equals(row.text("amname"));
            int n = (int) row.longValue("indnkeyatts");
            this.keys = head(row.longs("indkey"), n);
            this.classes = head(row.longs("indclass"), n);
            this.collations = head(row.longs("indcollation"), n);
            this.options = head(row.longs("indoption"), n);
            this.pred = String.valueOf(row.text("pred"));
            this.signature = row.text("amname") + "|" + Arrays.toString(row.longs("indkey")) + "|" + n + "|"
                    + Arrays.toString(row.longs("indclass")) + "|" + Arrays.toString(row.longs("indcollation")) + "|"
                    + Arrays.toString(row.longs("indoption")) + "|" + row.text("exprs") + "|" + pred;
        }

        private static long[] head(long[] a, int n) {
            return Arrays.copyOf(a, Math.min(n, a.length));
        }

        /** The row of {@code indexes.sql}. */
        public Row row() {
            return row;
        }

        /** The index's {@code schema.name}, quoted where needed. */
        public String subject() {
            return subject;
        }

        /** Its table's {@code schema.name}, quoted where needed. */
        public String table() {
            return table;
        }

        /** Its size from {@code pg_class}. */
        public DataSize size() {
            return size;
        }

        /** Whether it is valid. */
        public boolean valid() {
            return row.bool("indisvalid");
        }

        /** Whether it is a partition's copy of its partitioned table's index (reported on the parent). */
        public boolean inherited() {
            return row.bool("inherited");
        }

        /** Whether this index's key columns are a strict leftmost prefix of {@code other}'s, same predicate. */
        boolean coveredBy(IndexDefinition other) {
            if (keys.length >= other.keys.length || !pred.equals(other.pred) || row.text("exprs") != null) {
                return false;
            }
            for (int k = 0; k < keys.length; k++) {
                if (keys[k] == 0 || keys[k] != other.keys[k] || classes[k] != other.classes[k]
                        || collations[k] != other.collations[k] || options[k] != other.options[k]) {
                    return false;
                }
            }
            return true;
        }
    }
}

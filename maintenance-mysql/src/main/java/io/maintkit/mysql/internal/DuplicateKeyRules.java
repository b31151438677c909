package io.maintkit.mysql.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * pt-duplicate-key-checker's rules over one table's indexes and foreign keys, in its order: the primary (or
 * clustered) key against unique and plain keys, unique against plain keys, plain keys against each other (a key
 * whose column list is a leftmost prefix of another's, or equal to it, is redundant), FULLTEXT keys for exact
 * duplicates (column order ignored), a unique key made redundant by a stronger one, and on InnoDB a key ending
 * with the clustered key's columns (InnoDB appends them anyway). Duplicate foreign keys: same columns and same
 * referenced columns of the same table, in any order.
 *
 * <p>Two departures, each on purpose: every pair of keys of two different groups is compared (pt skips the keys
 * sorted before the current one, and so misses some left prefixes), and a key is compared only with keys of the
 * same index type. Which index a foreign key needs is judged by the caller.
 */
public final class DuplicateKeyRules {

    private DuplicateKeyRules() {
    }

    /**
     * One redundancy.
     *
     * @param key         the redundant key
     * @param duplicateOf the key that covers it
     * @param kind        {@code duplicate-index}, {@code redundant-index}, {@code redundant-unique-index} or
     *                    {@code clustered-key-suffix}
     * @param reason      pt-duplicate-key-checker's wording
     * @param shortened   for {@code clustered-key-suffix}, the key's columns without the clustered key's; else null
     */
    public record Dupe(KeyDefinition key, KeyDefinition duplicateOf, String kind, String reason, String shortened) {
    }

    /**
     * A duplicate foreign key.
     *
     * @param key         the duplicate
     * @param duplicateOf the one kept
     */
    public record DupeForeignKey(ForeignKeyDefinition key, ForeignKeyDefinition duplicateOf) {
    }

    /** The redundant keys of one table. */
    public static List<Dupe> keys(List<KeyDefinition> tableKeys, boolean innodb) {
        Map<String, KeyDefinition> byName = new LinkedHashMap<>();
        tableKeys.forEach(k -> byName.put(k.name, k));
        KeyDefinition clustered = innodb ? clusteredKey(tableKeys) : null;
        KeyDefinition primary = null;
        List<KeyDefinition> unique = new ArrayList<>();
        List<KeyDefinition> normal = new ArrayList<>();
        List<KeyDefinition> fulltext = new ArrayList<>();
        List<String> names = new ArrayList<>(byName.keySet());
        names.sort(Comparator.reverseOrder());
        for (String name : names) {
            KeyDefinition k = byName.get(name);
            if (k.primary() || k == clustered) {
                primary = k;
                continue;
            }
            if ("FULLTEXT".equals(k.type)) {
                String[] tokens = k.colnames.split(",");
                Arrays.sort(tokens);
                k.colnames = String.join(",", tokens);
                fulltext.add(k);
            } else if (k.unique) {
                unique.add(k);
            } else {
                normal.add(k);
            }
        }
        normal.addAll(unconstrain(primary, unique));
        List<Dupe> dupes = new ArrayList<>();
        if (primary != null) {
            dupes.addAll(prefixDuplicates(new ArrayList<>(List.of(primary)), unique, false));
            dupes.addAll(prefixDuplicates(new ArrayList<>(List.of(primary)), normal, false));
        }
        dupes.addAll(prefixDuplicates(unique, normal, false));
        dupes.addAll(prefixDuplicates(normal, normal, false));
        dupes.addAll(prefixDuplicates(fulltext, fulltext, true));
        if (clustered != null) {
            dupes.addAll(clusteredDuplicates(clustered, unique));
            dupes.addAll(clusteredDuplicates(clustered, normal));
        }
        return dupes;
    }

    /** InnoDB's clustered key: the primary key, else the first unique key whose columns are all NOT NULL. */
    private static KeyDefinition clusteredKey(List<KeyDefinition> keys) {
        KeyDefinition firstUnique = null;
        for (KeyDefinition k : keys) {
            if (k.primary()) {
                return k;
            }
            if (k.unique && !k.nullable && (firstUnique == null || k.name.compareTo(firstUnique.name) < 0)) {
                firstUnique = k;
            }
        }
        return firstUnique;
    }

    private static List<KeyDefinition> unconstrain(KeyDefinition primary, List<KeyDefinition> uniqueKeys) {
        Map<String, KeyDefinition> uniqueColumns = new HashMap<>();
        List<KeyDefinition> sets = new ArrayList<>();
        List<KeyDefinition> all = new ArrayList<>();
        if (primary != null) {
            all.add(primary);
        }
        all.addAll(uniqueKeys);
        for (KeyDefinition k : all) {
            if (k.columns.size() == 1) {
                String col = k.columns.get(0);
                if (!uniqueColumns.containsKey(col)) {
                    uniqueColumns.put(col, k);
                    k.uniqueColumn = true;
                } else {
                    k.exactDuplicate = true;
                    k.constrainingKey = uniqueColumns.get(col);
                }
            } else {
                sets.add(k);
            }
        }
        Map<String, KeyDefinition> weaker = new HashMap<>();
        for (KeyDefinition set : sets) {
            int n = 0;
            KeyDefinition constraining = null;
            for (String col : set.columns) {
                if (uniqueColumns.containsKey(col)) {
                    if (++n > 1) {
                        break;
                    }
                    constraining = uniqueColumns.get(col);
                }
            }
            if (n > 0 && !set.primary()) {
                weaker.put(set.name, constraining);
            }
        }
        List<KeyDefinition> moved = new ArrayList<>();
        for (KeyDefinition k : List.copyOf(uniqueKeys)) {
            if (weaker.containsKey(k.name)) {
                k.unconstrained = "stronger";
                k.constrainingKey = weaker.get(k.name);
            } else if (k.exactDuplicate) {
                k.unconstrained = "duplicate";
            } else {
                continue;
            }
            moved.add(k);
            uniqueKeys.remove(k);
        }
        return moved;
    }

    private static List<Dupe> prefixDuplicates(List<KeyDefinition> left, List<KeyDefinition> right,
                                               boolean exactOnly) {
        Comparator<KeyDefinition> byColumns = Comparator.comparing(k -> k.colnames.toLowerCase(Locale.ROOT));
        boolean same = left == right;
        left.sort(byColumns);
        if (same) {
            java.util.Collections.reverse(left);
        } else {
            right.sort(byColumns);
        }
        List<Dupe> dupes = new ArrayList<>();
        KeyDefinition[] l = left.toArray(KeyDefinition[]::new);
        KeyDefinition[] r = same ? l : right.toArray(KeyDefinition[]::new);
        for (int i = 0; i < l.length; i++) {
            if (l[i] == null) {
                continue;
            }
            for (int j = same ? i + 1 : 0; j < r.length; j++) {
                if (r[j] == null || !l[i].colnames.startsWith(r[j].colnames) || !l[i].type.equals(r[j].type)) {
                    continue;
                }
                boolean exact = r[j].colnames.length() >= l[i].colnames.length();
                if (exactOnly && !exact || r[j].uniqueColumn) {
                    continue;
                }
                String reason = (r[j].unconstrained == null ? "" : "Uniqueness of " + r[j].name + " ignored because "
                        + r[j].constrainingKey.name + " is a " + r[j].unconstrained + " constraint; ")
                        + r[j].name + (exact ? " is a duplicate of " : " is a left-prefix of ") + l[i].name;
                String kind = r[j].unconstrained != null ? "redundant-unique-index"
                        : exact ? "duplicate-index" : "redundant-index";
                dupes.add(new Dupe(r[j], l[i], kind, reason, null));
                r[j] = null;
            }
        }
        left.removeIf(k -> !contains(l, k));
        if (!same) {
            right.removeIf(k -> !contains(r, k));
        }
        return dupes;
    }

    private static boolean contains(KeyDefinition[] keys, KeyDefinition k) {
        for (KeyDefinition candidate : keys) {
            if (candidate == k) {
                return true;
            }
        }
        return false;
    }

    private static List<Dupe> clusteredDuplicates(KeyDefinition clustered, List<KeyDefinition> keys) {
        List<Dupe> dupes = new ArrayList<>();
        for (KeyDefinition k : List.copyOf(keys)) {
            if (k.colnames.endsWith(clustered.colnames)) {
                String shortened = k.colnames.equals(clustered.colnames) ? clustered.colnames
                        : k.colnames.substring(0, k.colnames.length() - clustered.colnames.length())
                        .replaceAll(",+$", "");
                dupes.add(new Dupe(k, clustered, "clustered-key-suffix", "Key " + k.name
                        + " ends with a prefix of the clustered index", shortened));
                keys.remove(k);
            }
        }
        return dupes;
    }

    /** The duplicate foreign keys of one table: same columns and referenced columns of the same table. */
    public static List<DupeForeignKey> foreignKeys(List<ForeignKeyDefinition> fks) {
        List<ForeignKeyDefinition> sorted = new ArrayList<>(fks);
        sorted.sort(Comparator.comparing(f -> f.name));
        List<DupeForeignKey> dupes = new ArrayList<>();
        boolean[] gone = new boolean[sorted.size()];
        for (int i = 0; i < sorted.size(); i++) {
            if (gone[i]) {
                continue;
            }
            ForeignKeyDefinition a = sorted.get(i);
            for (int j = i + 1; j < sorted.size(); j++) {
                ForeignKeyDefinition b = sorted.get(j);
                if (!gone[j] && a.referencedSchema.equals(b.referencedSchema)
                        && a.referencedTable.equals(b.referencedTable) && a.sortedColumns().equals(b.sortedColumns())
                        && a.sortedReferencedColumns().equals(b.sortedReferencedColumns())) {
                    dupes.add(new DupeForeignKey(b, a));
                    gone[j] = true;
                }
            }
        }
        return dupes;
    }
}

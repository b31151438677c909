package io.maintkit.postgres;

import io.maintkit.core.DataSize;
import io.maintkit.core.Finding;
import io.maintkit.core.Measurement;
import io.maintkit.core.Severity;
import io.maintkit.postgres.IndexReport.IndexProblem;
import io.maintkit.postgres.internal.Row;
import io.maintkit.postgres.internal.Session;
import io.maintkit.postgres.internal.Sql;
import io.maintkit.postgres.internal.Texts;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * {@code postgres.indexes}: invalid indexes (not those a running {@code CREATE INDEX CONCURRENTLY} is building),
 * unused indexes, duplicate indexes (same table, method, columns or expressions, operator classes, collations,
 * options and predicate), overlapping B-trees (one's key columns a leftmost prefix of another's, same predicate)
 * and foreign keys whose columns lead no index.
 *
 * <p>An index is called unused only when it has no scans since the statistics were reset and the statistics are
 * at least {@link #minimumStatisticsAge(Duration)} old; primary keys, unique and exclusion indexes and indexes
 * that back a constraint are never called unused. On PG16+ an index whose last scan is older than that age is
 * reported too, with the time of its last scan. Three queries whatever the number of indexes.
 */
public final class IndexCheck extends PostgresInspection<IndexCheck, IndexReport> {

    /** The check id. */
    public static final String ID = "postgres.indexes";
    /** Statistics younger than this do not show an index unused: 7 days. */
    public static final Duration DEFAULT_MINIMUM_STATISTICS_AGE = Duration.ofDays(7);

    private final Duration minimumStatisticsAge;

    private IndexCheck(Context context, Duration minimumStatisticsAge) {
        super(context);
        this.minimumStatisticsAge = Objects.requireNonNull(minimumStatisticsAge, "minimumStatisticsAge");
    }

    /** A check with the defaults. */
    public static IndexCheck on(DataSource dataSource) {
        return new IndexCheck(Context.of(dataSource), DEFAULT_MINIMUM_STATISTICS_AGE);
    }

    @Override
    IndexCheck with(Context changed) {
        return new IndexCheck(changed, minimumStatisticsAge);
    }

    @Override
    public String id() {
        return ID;
    }

    /** This check calling indexes unused only once the statistics are at least {@code age} old. */
    public IndexCheck minimumStatisticsAge(Duration age) {
        return new IndexCheck(context, age);
    }

    @Override
    public IndexReport inspect() throws SQLException {
        try (Session session = context.open()) {
            Found found = new Found();
            String[] schemas = context.scope().schemaArray();
            Row stats = session.one(Sql.load("statistics-age"));
            String sql = Sql.load("indexes", Map.of("last_idx_scan",
                    session.major() >= 16 ? "s.last_idx_scan" : "NULL::timestamptz"));
            List<Index> indexes = new ArrayList<>();
            for (Row row : session.query(sql, schemas, schemas)) {
                if (!context.scope().excludes(row.text("nspname"), row.text("relname"))) {
                    indexes.add(new Index(row));
                }
            }
            for (Index i : indexes) {
                if (!i.row.bool("indisvalid") && !i.row.bool("building")) {
                    found.add(IndexProblem.Type.INVALID, i, null, "invalid index on " + i.table
                            + " (a failed CREATE INDEX CONCURRENTLY or REINDEX): it costs writes and serves no query");
                }
            }
            unused(session, stats, indexes, found);
            duplicates(indexes, found);
            for (Row row : session.query(Sql.load("foreign-keys-without-index"), schemas, schemas)) {
                if (!context.scope().excludes(row.text("nspname"), row.text("relname"))) {
                    String table = row.text("subject");
                    found.problems.add(new IndexProblem(IndexProblem.Type.FOREIGN_KEY_WITHOUT_INDEX, table, table,
                            DataSize.ZERO, Optional.of(row.text("conname")), Severity.WARNING));
                    found.findings.add(Finding.of(ID, IndexProblem.Type.FOREIGN_KEY_WITHOUT_INDEX.kind(), table,
                                    Severity.WARNING, "foreign key " + row.text("conname") + " (" + row.text("columns")
                                    + ") has no index leading with its columns: deletes and updates of referenced"
                                    + " rows scan the table")
                            .withDetail("constraint", row.text("conname"))
                            .withDetail("definition", row.text("definition")));
                }
            }
            return new IndexReport(session.database(), session.versionNum(), found.problems, found.findings);
        }
    }

    private void unused(Session session, Row stats, List<Index> indexes, Found found) {
        Duration statsAge = stats.seconds("age_seconds");
        if (statsAge == null || statsAge.compareTo(minimumStatisticsAge) < 0) {
            return;
        }
        Instant reset = stats.instant("stats_reset");
        String since = reset != null ? "statistics reset at " + reset
                : "server start at " + stats.instant("started") + " (statistics never reset)";
        for (Index i : indexes) {
            Row r = i.row;
            if (!r.bool("indisvalid") || r.bool("partitioned") || r.bool("indisunique") || r.bool("indisprimary")
                    || r.bool("indisexclusion") || r.bool("backs_constraint") || r.isNull("idx_scan")) {
                continue;
            }
            long scans = r.longValue("idx_scan");
            Instant last = r.instant("last_idx_scan");
            String summary = null;
            if (scans == 0) {
                summary = "unused index on " + i.table + " (" + i.size + "): no scans in " + Texts.age(statsAge)
                        + ", since the " + since;
            } else if (session.major() >= 16 && last != null
                    && Duration.between(last, Instant.now()).compareTo(minimumStatisticsAge) >= 0) {
                summary = "index on " + i.table + " (" + i.size + ") not scanned for "
                        + Texts.age(Duration.between(last, Instant.now())) + ", last scan at " + last;
            }
            if (summary != null) {
                Finding f = Found.finding(IndexProblem.Type.UNUSED, i, null, summary)
                        .withMeasurements(Measurement.count("scans", scans),
                                Measurement.seconds("statistics_age", statsAge))
                        .withDetail("statistics_since", reset != null ? reset.toString()
                                : String.valueOf(stats.instant("started")));
                if (session.major() >= 16) {
                    f = f.withDetail("last_scan", last == null ? "never" : last.toString());
                }
                found.add(IndexProblem.Type.UNUSED, i, null, f);
            }
        }
    }

    private static void duplicates(List<Index> indexes, Found found) {
        Map<String, List<Index>> byTable = new LinkedHashMap<>();
        for (Index i : indexes) {
            if (i.row.bool("indisvalid")) {
                byTable.computeIfAbsent(i.table, t -> new ArrayList<>()).add(i);
            }
        }
        Comparator<Index> keepFirst = Comparator.comparing((Index i) -> !i.row.bool("indisprimary"))
                .thenComparing(i -> !i.row.bool("backs_constraint"))
                .thenComparing(i -> !i.row.bool("indisunique"))
                .thenComparing(i -> i.subject);
        for (List<Index> onTable : byTable.values()) {
            if (onTable.size() < 2) {
                continue;
            }
            Map<String, List<Index>> same = new LinkedHashMap<>();
            for (Index i : onTable) {
                same.computeIfAbsent(i.signature, s -> new ArrayList<>()).add(i);
            }
            List<Index> distinct = new ArrayList<>();
            for (List<Index> group : same.values()) {
                group.sort(keepFirst);
                distinct.add(group.get(0));
                for (Index extra : group.subList(1, group.size())) {
                    found.add(IndexProblem.Type.DUPLICATE, extra, group.get(0).subject, "duplicate of index "
                            + group.get(0).subject + " on " + extra.table + " (" + extra.size + " to drop)");
                }
            }
            for (Index a : distinct) {
                if (!a.btree || a.row.bool("indisunique") || a.row.bool("backs_constraint")) {
                    continue;
                }
                for (Index b : distinct) {
                    if (a != b && b.btree && a.coveredBy(b)) {
                        found.add(IndexProblem.Type.OVERLAPPING, a, b.subject, "overlaps index " + b.subject
                                + " on " + a.table + ": its columns lead that index, which can serve the same queries ("
                                + a.size + ")");
                        break;
                    }
                }
            }
        }
    }

    /** The problems and their findings, in step. */
    private static final class Found {
        final List<IndexProblem> problems = new ArrayList<>();
        final List<Finding> findings = new ArrayList<>();

        /** Adds a WARNING problem about index {@code i} with the finding {@link #finding} makes of it. */
        void add(IndexProblem.Type type, Index i, String related, String summary) {
            add(type, i, related, finding(type, i, related, summary));
        }

        /** Adds a WARNING problem about index {@code i} and its finding. */
        void add(IndexProblem.Type type, Index i, String related, Finding f) {
            problems.add(new IndexProblem(type, i.subject, i.table, i.size, Optional.ofNullable(related),
                    Severity.WARNING));
            findings.add(f);
        }

        /** The WARNING finding of a problem about index {@code i}, with its size, table and related index. */
        static Finding finding(IndexProblem.Type type, Index i, String related, String summary) {
            Finding f = Finding.of(ID, type.kind(), i.subject, Severity.WARNING, summary)
                    .withMeasurements(Measurement.bytes("size_bytes", i.size))
                    .withDetail("table", i.table);
            if (related != null) {
                f = f.withDetail(type == IndexProblem.Type.DUPLICATE ? "duplicate_of" : "covered_by", related);
            }
            return f;
        }
    }

    /** One index and what identifies its definition. */
    private static final class Index {
        final Row row;
        final String subject;
        final String table;
        final DataSize size;
        final boolean btree;
        final String signature;
        final long[] keys;
        final long[] classes;
        final long[] collations;
        final long[] options;
        final String pred;

        Index(Row row) {
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

        /** Whether this index's key columns are a strict leftmost prefix of {@code other}'s, same predicate. */
        boolean coveredBy(Index other) {
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

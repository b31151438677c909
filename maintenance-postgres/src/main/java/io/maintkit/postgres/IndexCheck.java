package io.maintkit.postgres;

import io.maintkit.core.DataSize;
import io.maintkit.core.Finding;
import io.maintkit.core.Measurement;
import io.maintkit.core.Severity;
import io.maintkit.postgres.IndexReport.IndexProblem;
import io.maintkit.postgres.internal.IndexCatalog;
import io.maintkit.postgres.internal.IndexCatalog.IndexDefinition;
import io.maintkit.postgres.internal.IndexCatalog.Redundancy;
import io.maintkit.postgres.internal.Row;
import io.maintkit.postgres.internal.Session;
import io.maintkit.postgres.internal.Sql;
import io.maintkit.postgres.internal.Texts;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
            Row stats = session.one(Sql.load("statistics-age"));
            List<IndexDefinition> indexes = IndexCatalog.indexes(session, context.scope());
            for (IndexDefinition i : indexes) {
                if (!i.valid() && !i.row().bool("building")) {
                    found.add(IndexProblem.Type.INVALID, i, null, IndexCatalog.invalidSummary(i));
                }
            }
            unused(session, stats, indexes, found);
            for (Redundancy r : IndexCatalog.redundancies(indexes)) {
                found.add(r.duplicate() ? IndexProblem.Type.DUPLICATE : IndexProblem.Type.OVERLAPPING, r.index(),
                        r.kept().subject(), r.summary());
            }
            for (Row row : IndexCatalog.foreignKeysWithoutIndex(session, context.scope())) {
                String table = row.text("subject");
                found.problems.add(new IndexProblem(IndexProblem.Type.FOREIGN_KEY_WITHOUT_INDEX, table, table,
                        DataSize.ZERO, Optional.of(row.text("conname")), Severity.WARNING));
                found.findings.add(Finding.of(ID, IndexProblem.Type.FOREIGN_KEY_WITHOUT_INDEX.kind(), table,
                                Severity.WARNING, IndexCatalog.foreignKeySummary(row))
                        .withDetail("constraint", row.text("conname"))
                        .withDetail("definition", row.text("definition")));
            }
            return new IndexReport(session.database(), session.versionNum(), found.problems, found.findings);
        }
    }

    private void unused(Session session, Row stats, List<IndexDefinition> indexes, Found found) {
        Duration statsAge = stats.seconds("age_seconds");
        if (statsAge == null || statsAge.compareTo(minimumStatisticsAge) < 0) {
            return;
        }
        Instant reset = stats.instant("stats_reset");
        String since = reset != null ? "statistics reset at " + reset
                : "server start at " + stats.instant("started") + " (statistics never reset)";
        for (IndexDefinition i : indexes) {
            Row r = i.row();
            if (!r.bool("indisvalid") || r.bool("partitioned") || r.bool("indisunique") || r.bool("indisprimary")
                    || r.bool("indisexclusion") || r.bool("backs_constraint") || r.isNull("idx_scan")) {
                continue;
            }
            long scans = r.longValue("idx_scan");
            Instant last = r.instant("last_idx_scan");
            String summary = null;
            if (scans == 0) {
                summary = "unused index on " + i.table() + " (" + i.size() + "): no scans in " + Texts.age(statsAge)
                        + ", since the " + since;
            } else if (session.major() >= 16 && last != null
                    && Duration.between(last, Instant.now()).compareTo(minimumStatisticsAge) >= 0) {
                summary = "index on " + i.table() + " (" + i.size() + ") not scanned for "
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

    /** The problems and their findings, in step. */
    private static final class Found {
        final List<IndexProblem> problems = new ArrayList<>();
        final List<Finding> findings = new ArrayList<>();

        /** Adds a WARNING problem about index {@code i} with the finding {@link #finding} makes of it. */
        void add(IndexProblem.Type type, IndexDefinition i, String related, String summary) {
            add(type, i, related, finding(type, i, related, summary));
        }

        /** Adds a WARNING problem about index {@code i} and its finding. */
        void add(IndexProblem.Type type, IndexDefinition i, String related, Finding f) {
            problems.add(new IndexProblem(type, i.subject(), i.table(), i.size(), Optional.ofNullable(related),
                    Severity.WARNING));
            findings.add(f);
        }

        /** The WARNING finding of a problem about index {@code i}, with its size, table and related index. */
        static Finding finding(IndexProblem.Type type, IndexDefinition i, String related, String summary) {
            Finding f = Finding.of(ID, type.kind(), i.subject(), Severity.WARNING, summary)
                    .withMeasurements(Measurement.bytes("size_bytes", i.size()))
                    .withDetail("table", i.table());
            if (related != null) {
                f = f.withDetail(type == IndexProblem.Type.DUPLICATE ? "duplicate_of" : "covered_by", related);
            }
            return f;
        }
    }
}

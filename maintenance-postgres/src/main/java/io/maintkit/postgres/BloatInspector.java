package io.maintkit.postgres;

import io.maintkit.core.DataSize;
import io.maintkit.core.Finding;
import io.maintkit.core.Measurement;
import io.maintkit.core.Percent;
import io.maintkit.core.Severity;
import io.maintkit.postgres.internal.Identifiers;
import io.maintkit.postgres.internal.Row;
import io.maintkit.postgres.internal.Session;
import io.maintkit.postgres.internal.Sql;
import io.maintkit.postgres.internal.Statements;
import io.maintkit.postgres.internal.TupleLayout;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * Table and B-tree index bloat.
 *
 * <pre>{@code
 * BloatReport r = BloatInspector.on(dataSource)
 *         .schemas("public")
 *         .minimumSize(DataSize.ofMegabytes(10))
 *         .thresholds(BloatThresholds.of(Percent.of(20), DataSize.ofMegabytes(100),
 *                                        Percent.of(50), DataSize.ofGigabytes(1)))
 *         .mode(BloatMode.ESTIMATE)
 *         .inspect();
 * }</pre>
 *
 * <p><b>What bloat is.</b> One definition for every mode: a table's bloat is its size less the pages its live rows
 * would fill if packed at its fillfactor, what {@code VACUUM FULL} or {@code pg_repack} would give back. Dead rows,
 * free space beyond the fillfactor's reserve, and the line pointers that VACUUM marks unused but leaves in the
 * pages all count (a rewrite returns them; only a later insert into the same page could reuse them). A row takes
 * its {@code MAXALIGN}ed header and data plus its 4-byte line pointer; a page takes at most as many rows as fit
 * below its fillfactor. {@link BloatMode#ESTIMATE} takes the live rows' count from {@code pg_class.reltuples} and
 * their size from the catalogs and statistics: the 23-byte header, a NULL bitmap for rows with NULLs, each column
 * in attribute order at its type's alignment, fixed-width types at their length and variable-width ones at their
 * average stored width. {@link BloatMode#EXACT} takes both from {@code pgstattuple}'s count and length of live
 * tuples, so the two modes differ only by the accuracy of the statistics. {@link BloatMode#APPROXIMATE} adds
 * {@code pgstattuple_approx}'s free and dead space, less the fillfactor's reserve: it cannot see unused line
 * pointers, so it may read a few points lower. An index's bloat is its size less the pages its entries would fill
 * at the leaf fillfactor (EXACT: from {@code pgstatindex}'s leaf density, empty and deleted pages).
 *
 * <p>{@link BloatMode#ESTIMATE} issues two catalog queries whatever the number of tables, each linear in the size
 * of the catalogs, and reads no table data.
 * Each estimate carries a {@link Confidence}: statistics that are missing, stale or known not to fit (TOAST-heavy
 * tables, {@code name} index keys, deduplicated B-trees) make it {@link Confidence#LOW}, and a low-confidence
 * estimate is never raised above {@link Severity#INFO} unless {@link #confirmEstimates(boolean) confirmed} with
 * {@code pgstattuple_approx}. {@link BloatMode#APPROXIMATE} and {@link BloatMode#EXACT} need the
 * {@code pgstattuple} extension; without it the report says so with an {@link Severity#UNKNOWN} finding, it never
 * falls back to an estimate.
 *
 * <p>Every inspected relation is in {@link BloatReport#relations()} with its {@link RelationBloat.State}: estimated,
 * measured, or why it has no figure (never analyzed, statistics hidden, not measured). Partitioned parents (no
 * storage), empty relations (and the indexes of analyzed empty tables), relations below the minimum size, other
 * sessions' temporary tables and system schemas are skipped; unlogged tables, partitions and materialized views
 * are inspected.
 *
 * <p>Finding kinds: {@code table-bloat}, {@code index-bloat} (a figure that crossed a threshold),
 * {@code never-analyzed} (INFO, no figure), {@code statistics-hidden} (UNKNOWN, no figure),
 * {@code pgstattuple-missing} and {@code measurement-failed} (UNKNOWN, on the database).
 */
public final class BloatInspector extends PostgresInspection<BloatInspector, BloatReport> {

    /** The check id. */
    public static final String ID = "postgres.table-bloat";
    /** Relations smaller than this are not reported: 10 MiB. */
    public static final DataSize DEFAULT_MINIMUM_SIZE = DataSize.ofMegabytes(10);
    /** The default mode. */
    public static final BloatMode DEFAULT_MODE = BloatMode.ESTIMATE;
    /** Modifications since the last analyze, as a fraction of the rows, beyond which statistics are stale: 0.2. */
    public static final double STALE_MODIFICATION_FRACTION = 0.2;

    private static final String EXTENSION = "pgstattuple";
    /** Column statistics from the catalog, by relation and attribute number: for roles that may read it. */
    private static final String CATALOG_STATISTICS = "(SELECT starelid, staattnum, stanullfrac AS null_frac,"
            + " stawidth AS avg_width, stadistinct AS n_distinct FROM pg_catalog.pg_statistic WHERE NOT stainherit) s"
            + " ON s.starelid = %s AND s.staattnum = %s";
    /** Column statistics from the view that hides what the role may not read, by names. */
    private static final String VIEW_STATISTICS = "pg_catalog.pg_stats s ON s.schemaname = %s AND s.tablename = %s"
            + " AND s.attname = %s AND NOT s.inherited";

    private final DataSize minimumSize;
    private final BloatThresholds thresholds;
    private final BloatMode mode;
    private final boolean confirm;
    private final boolean indexes;

    private BloatInspector(Context context, DataSize minimumSize, BloatThresholds thresholds, BloatMode mode,
                           boolean confirm, boolean indexes) {
        super(context);
        this.minimumSize = Objects.requireNonNull(minimumSize, "minimumSize");
        this.thresholds = Objects.requireNonNull(thresholds, "thresholds");
        this.mode = Objects.requireNonNull(mode, "mode");
        this.confirm = confirm;
        this.indexes = indexes;
    }

    /** An inspector with the defaults, borrowing connections from {@code dataSource}. */
    public static BloatInspector on(DataSource dataSource) {
        return new BloatInspector(Context.of(dataSource), DEFAULT_MINIMUM_SIZE, BloatThresholds.DEFAULT,
                DEFAULT_MODE, false, true);
    }

    @Override
    BloatInspector with(Context changed) {
        return new BloatInspector(changed, minimumSize, thresholds, mode, confirm, indexes);
    }

    @Override
    public String id() {
        return ID;
    }

    /** This inspector skipping relations smaller than {@code size} (default 10 MiB). */
    public BloatInspector minimumSize(DataSize size) {
        return new BloatInspector(context, size, thresholds, mode, confirm, indexes);
    }

    /** This inspector with other thresholds (default {@link BloatThresholds#DEFAULT}). */
    public BloatInspector thresholds(BloatThresholds limits) {
        return new BloatInspector(context, minimumSize, limits, mode, confirm, indexes);
    }

    /** This inspector measuring in another mode (default {@link BloatMode#ESTIMATE}). */
    public BloatInspector mode(BloatMode measuring) {
        return new BloatInspector(context, minimumSize, thresholds, measuring, confirm, indexes);
    }

    /**
     * In {@link BloatMode#ESTIMATE}: whether estimates that cross a threshold with low confidence, and relations
     * that have no estimate, are measured with {@code pgstattuple_approx} (tables) or {@code pgstatindex}
     * (indexes) before they are reported. Default false. Costs one query per kind, reading only those relations.
     */
    public BloatInspector confirmEstimates(boolean measureDoubtful) {
        return new BloatInspector(context, minimumSize, thresholds, mode, measureDoubtful, indexes);
    }

    /** Whether B-tree indexes are inspected besides tables (default true). */
    public BloatInspector includeIndexes(boolean inspectIndexes) {
        return new BloatInspector(context, minimumSize, thresholds, mode, confirm, inspectIndexes);
    }

    @Override
    public BloatReport inspect() throws SQLException {
        try (Session session = context.open()) {
            List<Finding> findings = new ArrayList<>();
            List<Candidate> candidates = new ArrayList<>();
            String[] schemas = context.scope().schemaArray();
            // pg_stats checks a privilege per attribute of the database: a superuser reads the catalog instead
            boolean catalog = session.superuser();
            String tableStats = catalog ? CATALOG_STATISTICS.formatted("a.attrelid", "a.attnum")
                    : VIEW_STATISTICS.formatted("r.nspname", "r.relname", "a.attname");
            for (Row row : session.query(Sql.load("bloat-tables-estimate", Map.of("stats_join", tableStats)),
                    schemas, schemas, minimumSize.bytes())) {
                addCandidate(candidates, tableCandidate(row));
            }
            if (indexes) {
                String indexStats = catalog ? CATALOG_STATISTICS.formatted("t.stats_relid", "t.stats_attnum")
                        : VIEW_STATISTICS.formatted("t.nspname", "t.stats_relname", "t.stats_attname");
                for (Row row : session.query(Sql.load("bloat-indexes-estimate", Map.of("stats_join", indexStats)),
                        schemas, schemas)) {
                    addCandidate(candidates, indexCandidate(row, session));
                }
            }
            String extensionSchema = null;
            if (mode != BloatMode.ESTIMATE || confirm) {
                List<Row> ext = session.query(Statements.EXTENSION_VERSION, EXTENSION);
                if (ext.isEmpty()) {
                    findings.add(Finding.of(ID, "pgstattuple-missing", session.database(), Severity.UNKNOWN,
                            "cannot measure bloat: the pgstattuple extension is not installed in database "
                                    + session.database() + " (" + (mode == BloatMode.ESTIMATE ? "confirming estimates"
                                    : mode + " mode") + " needs it: CREATE EXTENSION pgstattuple)"));
                } else {
                    extensionSchema = ext.get(0).text("nspname");
                }
            }
            Map<Long, RelationBloat> results = new LinkedHashMap<>();
            List<Candidate> toMeasure = new ArrayList<>();
            for (Candidate c : candidates) {
                if (mode != BloatMode.ESTIMATE) {
                    toMeasure.add(c);
                } else if (c.estimate == null) {
                    if (confirm) {
                        toMeasure.add(c);
                    }
                } else {
                    results.put(c.oid, c.estimate);
                    if (confirm && c.estimate.confidence() == Confidence.LOW
                            && thresholds.evaluate(c.estimate.bloatPercent(), c.estimate.bloat()) != Severity.OK) {
                        toMeasure.add(c);
                    }
                }
            }
            if (!toMeasure.isEmpty() && extensionSchema != null) {
                measure(session, extensionSchema, toMeasure, mode == BloatMode.EXACT, results, findings);
            }
            for (Candidate c : candidates) {
                if (!results.containsKey(c.oid)) {
                    RelationBloat none = noFigure(c);
                    results.put(c.oid, none);
                    if (none.state() != RelationBloat.State.NOT_MEASURED) {
                        findings.add(noFigureFinding(c, none));
                    }
                }
            }
            Comparator<RelationBloat> order = Comparator.comparing((RelationBloat r) -> !r.hasFigure())
                    .thenComparingLong(r -> -r.bloat().bytes())
                    .thenComparing(RelationBloat::subject);
            List<RelationBloat> relations = results.values().stream().sorted(order).toList();
            relations.stream().filter(r -> r.hasFigure() && r.severity() != Severity.OK).map(this::finding)
                    .forEach(findings::add);
            findings.sort(Comparator.comparing((Finding f) -> -f.severity().rank()).thenComparing(Finding::subject));
            return new BloatReport(session.database(), mode, relations, findings);
        }
    }

    private void addCandidate(List<Candidate> candidates, Candidate c) {
        if (c != null && !context.scope().excludes(c.schema, c.name) && c.size.bytes() > 0
                && c.size.compareTo(minimumSize) >= 0) {
            candidates.add(c);
        }
    }

    private Candidate tableCandidate(Row row) {
        String subject = row.text("subject");
        DataSize size = DataSize.ofBytes(row.longValue("size_bytes"));
        double reltuples = row.doubleValue("reltuples");
        long relpages = row.longValue("relpages");
        long natts = row.longValue("natts");
        long nstats = row.longValue("nstats");
        Candidate c = new Candidate(row.longValue("oid"), RelationBloat.Kind.TABLE, row.text("nspname"),
                row.text("relname"), subject, subject, size, row.longValue("fillfactor"), row.longValue("bs"));
        if (reltuples < 0 || (reltuples == 0 && relpages == 0)) {
            c.noFigure(RelationBloat.State.NEVER_ANALYZED, "never analyzed: no row count to estimate from");
            return c;
        }
        if (natts > 0 && nstats == 0 && !row.bool("can_select")) {
            c.noFigure(RelationBloat.State.STATISTICS_HIDDEN,
                    "column statistics are hidden: no SELECT privilege on " + subject);
            return c;
        }
        List<String> doubts = new ArrayList<>(staleness(row, reltuples));
        if (nstats < natts) {
            doubts.add((natts - nstats) + " of " + natts + " columns have no statistics");
        }
        long toastPages = row.longValue("toast_pages");
        if (toastPages > relpages) {
            doubts.add("TOAST-heavy (" + DataSize.ofBytes(toastPages * c.blockSize) + " of TOAST, not estimated)");
        }
        double rowBytes = layout(row).heapRowBytes();
        long expectedPages = TupleLayout.heapPages(reltuples, rowBytes, c.fillfactor, c.blockSize);
        c.estimate = estimate(c, relpages, expectedPages, doubts);
        return c;
    }

    private Candidate indexCandidate(Row row, Session session) {
        DataSize size = DataSize.ofBytes(row.longValue("size_bytes"));
        double reltuples = row.doubleValue("reltuples");
        long relpages = row.longValue("relpages");
        long natts = row.longValue("natts");
        long nstats = row.longValue("nstats");
        Candidate c = new Candidate(row.longValue("oid"), RelationBloat.Kind.INDEX, row.text("nspname"),
                row.text("relname"), row.text("subject"), row.text("table_subject"), size,
                row.longValue("fillfactor"), row.longValue("bs"));
        if (reltuples == 0 && relpages <= 1 && row.doubleValue("table_reltuples") >= 0) {
            return null;    // the index of an empty table (analyzed, or on PG13 possibly not): nothing to estimate
        }
        if (reltuples < 0 || row.doubleValue("table_reltuples") < 0) {
            c.noFigure(RelationBloat.State.NEVER_ANALYZED, "never analyzed: no entry count to estimate from");
            return c;
        }
        if (natts > 0 && nstats == 0 && !row.bool("can_select")) {
            c.noFigure(RelationBloat.State.STATISTICS_HIDDEN,
                    "column statistics are hidden: no SELECT privilege on " + c.table);
            return c;
        }
        List<String> doubts = new ArrayList<>(staleness(row, reltuples));
        if (nstats < natts) {
            doubts.add((natts - nstats) + " of " + natts + " columns have no statistics");
        }
        if (row.bool("has_name_type")) {
            doubts.add("keys of type name are stored as shorter C strings");
        }
        if (session.major() >= 13 && !row.bool("indisunique") && !row.bool("has_include")
                && !"off".equalsIgnoreCase(row.text("dedup")) && !row.isNull("lead_distinct")) {
            double nd = row.doubleValue("lead_distinct");
            boolean duplicates = nd > 0 ? nd < 0.5 * reltuples : nd > -0.5;
            if (duplicates) {
                doubts.add("B-tree deduplication packs repeated keys tighter than estimated");
            }
        }
        double entryBytes = layout(row).indexEntryBytes();
        long expectedPages = TupleLayout.btreePages(reltuples, entryBytes, c.fillfactor, c.blockSize);
        c.estimate = estimate(c, relpages, expectedPages, doubts);
        return c;
    }

    private static TupleLayout layout(Row row) {
        return TupleLayout.parse(row.text("attributes"));
    }

    private static List<String> staleness(Row row, double reltuples) {
        List<String> doubts = new ArrayList<>();
        if (row.isNull("last_analyze") && row.isNull("last_autoanalyze")) {
            doubts.add("no analyze recorded since the statistics were reset");
        }
        long modified = row.longValue("n_mod_since_analyze");
        if (modified > STALE_MODIFICATION_FRACTION * Math.max(reltuples, 1)) {
            doubts.add(modified + " rows modified since the last analyze ("
                    + Percent.ratio(modified, Math.max(reltuples, 1)) + " of the table)");
        }
        return doubts;
    }

    private RelationBloat estimate(Candidate c, long relpages, long expectedPages, List<String> doubts) {
        long bloatPages = Math.max(0, relpages - expectedPages);
        DataSize bloat = DataSize.ofBytes(bloatPages * c.blockSize);
        Percent percent = Percent.ratio(bloatPages, relpages);
        Confidence confidence = doubts.isEmpty() ? Confidence.HIGH : Confidence.LOW;
        String reason = doubts.isEmpty()
                ? "statistics are fresh and cover every column"
                : String.join("; ", doubts);
        return new RelationBloat(c.kind, c.schema, c.name, c.subject, c.table, c.size, bloat, percent,
                BloatMode.ESTIMATE, confidence, reason, severity(percent, bloat, confidence),
                RelationBloat.State.ESTIMATED);
    }

    private Severity severity(Percent percent, DataSize bloat, Confidence confidence) {
        Severity s = thresholds.evaluate(percent, bloat);
        return confidence == Confidence.LOW && s.isWorseThan(Severity.INFO) ? Severity.INFO : s;
    }

    private void measure(Session session, String extensionSchema, List<Candidate> candidates, boolean exact,
                         Map<Long, RelationBloat> results, List<Finding> findings) throws SQLException {
        Map<String, String> fragments = Map.of("ext", Identifiers.quote(extensionSchema));
        Map<Long, Candidate> byOid = new HashMap<>();
        candidates.forEach(c -> byOid.put(c.oid, c));
        long[] tables = candidates.stream().filter(c -> c.kind == RelationBloat.Kind.TABLE)
                .mapToLong(c -> c.oid).toArray();
        long[] idx = candidates.stream().filter(c -> c.kind == RelationBloat.Kind.INDEX)
                .mapToLong(c -> c.oid).toArray();
        if (tables.length > 0) {
            String function = exact ? "pgstattuple" : "pgstattuple_approx";
            Session.Attempt a = session.attempt(Sql.load(exact ? "bloat-tables-exact" : "bloat-tables-approximate",
                    fragments), (Object) tables);
            if (!a.succeeded()) {
                findings.add(Finding.of(ID, "measurement-failed", session.database(), Severity.UNKNOWN,
                        "cannot measure table bloat with " + function + ": " + a.reason()));
            }
            for (Row row : a.rows()) {
                Candidate c = byOid.get(row.longValue("oid"));
                long len = row.longValue("table_len");
                long waste = exact ? unpackedBytes(c, len, row) : approximateWaste(c, len, row);
                results.put(c.oid, measured(c, DataSize.ofBytes(len), waste, exact ? BloatMode.EXACT
                        : BloatMode.APPROXIMATE, "measured by " + function));
            }
        }
        if (idx.length > 0) {
            Session.Attempt a = session.attempt(Sql.load("bloat-indexes-exact", fragments), (Object) idx);
            if (!a.succeeded()) {
                findings.add(Finding.of(ID, "measurement-failed", session.database(), Severity.UNKNOWN,
                        "cannot measure index bloat with pgstatindex: " + a.reason()));
            }
            for (Row row : a.rows()) {
                Candidate c = byOid.get(row.longValue("oid"));
                long size = row.longValue("index_size");
                double density = row.doubleValue("avg_leaf_density", 100);
                double wastedLeaf = Double.isNaN(density) ? 0
                        : row.longValue("leaf_pages") * Math.max(0, 1 - density / c.fillfactor);
                double wastePages = wastedLeaf + row.longValue("empty_pages") + row.longValue("deleted_pages");
                results.put(c.oid, measured(c, DataSize.ofBytes(size), Math.round(wastePages * c.blockSize),
                        BloatMode.EXACT, "measured by pgstatindex (leaf density against fillfactor "
                                + c.fillfactor + ")"));
            }
        }
    }

    /**
     * The bytes beyond the pages {@code pgstattuple}'s live tuples would fill packed at the fillfactor: the same
     * computation as the estimate's, from counted rows and lengths instead of statistics. Their alignment padding
     * is their share of what {@code pgstattuple} counts neither as tuples, line pointers of tuples, page headers nor
     * free space: the padding and, where rows were updated or deleted, unused line pointers, so then never more
     * than the typical padding for their lengths.
     */
    private static long unpackedBytes(Candidate c, long tableLen, Row row) {
        long count = row.longValue("tuple_count");
        long length = row.longValue("tuple_len");
        long deadCount = row.longValue("dead_tuple_count");
        long pages = tableLen / c.blockSize;
        double rowBytes = 0;
        if (count > 0) {
            double unaccounted = tableLen - pages * (TupleLayout.PAGE_HEADER + TupleLayout.LINE_POINTER) - length
                    - row.longValue("dead_tuple_len") - TupleLayout.LINE_POINTER * (double) (count + deadCount)
                    - row.longValue("free_space");
            double share = Math.max(0, unaccounted) / (count + deadCount);
            double limit = row.longValue("removed") == 0 && deadCount == 0 ? TupleLayout.MAXALIGN - 1
                    : TupleLayout.typicalPadding(count, length);
            rowBytes = (double) length / count + Math.min(limit, share) + TupleLayout.LINE_POINTER;
        }
        long needed = TupleLayout.heapPages(count, rowBytes, c.fillfactor, c.blockSize);
        return Math.max(0, pages - needed) * c.blockSize;
    }

    /**
     * {@code pgstattuple_approx}'s free space and the space dead tuples hold (their data, line pointers and
     * alignment padding, which VACUUM frees with them), less the fillfactor's reserve.
     */
    private static long approximateWaste(Candidate c, long tableLen, Row row) {
        long deadLen = row.longValue("dead_tuple_len");
        long deadCount = row.longValue("dead_tuple_count");
        double dead = deadLen
                + deadCount * (TupleLayout.typicalPadding(deadCount, deadLen) + TupleLayout.LINE_POINTER);
        double reserved = tableLen * (100 - c.fillfactor) / 100.0;
        return Math.max(0, Math.round(row.longValue("free_space") + dead - reserved));
    }

    private RelationBloat measured(Candidate c, DataSize size, long wasteBytes, BloatMode used, String reason) {
        DataSize bloat = DataSize.ofBytes(Math.min(wasteBytes, size.bytes()));
        Percent percent = Percent.ratio(bloat.bytes(), size.bytes());
        return new RelationBloat(c.kind, c.schema, c.name, c.subject, c.table, size, bloat, percent, used,
                Confidence.HIGH, reason, severity(percent, bloat, Confidence.HIGH), RelationBloat.State.MEASURED);
    }

    private RelationBloat noFigure(Candidate c) {
        RelationBloat.State state = c.noFigureState;
        String reason = c.noFigureReason;
        if (mode != BloatMode.ESTIMATE || state == null) {
            state = RelationBloat.State.NOT_MEASURED;
            reason = "not measured: " + (mode == BloatMode.ESTIMATE ? "confirming estimates" : mode + " mode")
                    + " could not run (see the database's finding)";
        }
        Severity severity = state == RelationBloat.State.NEVER_ANALYZED ? Severity.INFO : Severity.UNKNOWN;
        return new RelationBloat(c.kind, c.schema, c.name, c.subject, c.table, c.size, DataSize.ZERO,
                Percent.of(0), mode, Confidence.LOW, reason, severity, state);
    }

    private static Finding noFigureFinding(Candidate c, RelationBloat r) {
        String kind = r.state() == RelationBloat.State.NEVER_ANALYZED ? "never-analyzed" : "statistics-hidden";
        String what = c.kind == RelationBloat.Kind.TABLE ? "table" : "index";
        return Finding.of(ID, kind, c.subject, r.severity(), "no bloat estimate for this " + what + " ("
                        + c.size + "): " + r.confidenceReason())
                .withMeasurements(Measurement.bytes("size_bytes", c.size))
                .withDetail("relation", what)
                .withDetail("table", c.table);
    }

    private Finding finding(RelationBloat r) {
        String how = switch (r.mode()) {
            case ESTIMATE -> "estimate";
            case APPROXIMATE -> "approximate";
            case EXACT -> "exact";
        };
        String summary = String.format(Locale.ROOT, "%s bloat (%s of %s), %s, %s confidence", r.bloatPercent(),
                r.bloat(), r.size(), how, r.confidence().name().toLowerCase(Locale.ROOT));
        if (r.confidence() == Confidence.LOW) {
            summary += ": " + r.confidenceReason() + "; not raised above INFO until confirmed";
        }
        boolean table = r.kind() == RelationBloat.Kind.TABLE;
        return Finding.of(ID, table ? "table-bloat" : "index-bloat", r.subject(), r.severity(), summary)
                .withMeasurements(Measurement.percent("bloat_percent", r.bloatPercent()),
                        Measurement.bytes("bloat_bytes", r.bloat()),
                        Measurement.bytes("size_bytes", r.size()))
                .withDetail("relation", table ? "table" : "index")
                .withDetail("table", r.table())
                .withDetail("mode", r.mode().name())
                .withDetail("confidence", r.confidence().name())
                .withDetail("confidence_reason", r.confidenceReason());
    }

    /** A relation found in the catalogs, with its estimate or why it has none. */
    private static final class Candidate {
        final long oid;
        final RelationBloat.Kind kind;
        final String schema;
        final String name;
        final String subject;
        final String table;
        final DataSize size;
        final long fillfactor;
        final long blockSize;
        RelationBloat estimate;
        RelationBloat.State noFigureState;
        String noFigureReason;

        Candidate(long oid, RelationBloat.Kind kind, String schema, String name, String subject, String table,
                  DataSize size, long fillfactor, long blockSize) {
            this.oid = oid;
            this.kind = kind;
            this.schema = schema;
            this.name = name;
            this.subject = subject;
            this.table = table;
            this.size = size;
            this.fillfactor = fillfactor;
            this.blockSize = blockSize;
        }

        void noFigure(RelationBloat.State state, String reason) {
            this.noFigureState = state;
            this.noFigureReason = reason;
        }
    }
}

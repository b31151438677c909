package io.maintkit.postgres;

import io.maintkit.core.DataSize;
import io.maintkit.core.EstimatedCost;
import io.maintkit.core.Finding;
import io.maintkit.core.LockImpact;
import io.maintkit.core.MaintenanceAction;
import io.maintkit.core.MaintenancePlan;
import io.maintkit.core.MaintenanceWindow;
import io.maintkit.core.Measurement;
import io.maintkit.core.Severity;
import io.maintkit.postgres.internal.Guard;
import io.maintkit.postgres.internal.Identifiers;
import io.maintkit.postgres.internal.RepackStep;
import io.maintkit.postgres.internal.Row;
import io.maintkit.postgres.internal.Session;
import io.maintkit.postgres.internal.Sql;
import io.maintkit.postgres.internal.VacuumStep;

import java.sql.SQLException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * Plans VACUUM, ANALYZE, REINDEX and table rebuilds from what the inspections of this package measure.
 *
 * <pre>{@code
 * MaintenancePlan plan = VacuumPlanner.on(dataSource)
 *         .window(MaintenanceWindow.weekly(DayOfWeek.SUNDAY, LocalTime.of(2, 0), Duration.ofHours(2), zone))
 *         .allowTableRebuild(true)
 *         .plan();
 * System.out.println(plan.describe());
 * ExecutionReport done = plan.execute(ExecutionOptions.builder().window(sundayNight).build());
 * }</pre>
 *
 * <p>Actions, most urgent first (then worst severity, then largest figure):
 * <ol>
 * <li>{@code VACUUM (FREEZE, ANALYZE)} for tables a {@link WraparoundCheck} warns about;</li>
 * <li>{@code VACUUM (ANALYZE)} where {@link VacuumCheck} finds more dead tuples than the table's autovacuum trigger
 * (times {@link #minimumDeadTupleRatio(double)});</li>
 * <li>{@code ANALYZE} for tables {@link AnalyzeCheck} finds never analyzed or stale;</li>
 * <li>{@code DROP INDEX CONCURRENTLY} for invalid {@code _ccnew}/{@code _ccold} leftovers of a failed
 * {@code REINDEX CONCURRENTLY}, and {@code REINDEX INDEX CONCURRENTLY} for other invalid indexes ({@link IndexCheck})
 * and for indexes {@link BloatInspector} rates WARNING or worse;</li>
 * <li>a table rebuild for tables {@link BloatInspector} rates WARNING or worse, planned only with
 * {@link #allowTableRebuild(boolean)}: {@code pg_repack --table} (online) when the extension {@code pg_repack} is
 * installed in the database, a client is configured with {@link #repack(PgRepack)} and the table has a primary key
 * or a unique index on NOT NULL columns; otherwise {@code VACUUM (FULL, ANALYZE)}, planned only with a
 * {@link #window(MaintenanceWindow)} and run only while that window is open, its reason saying why pg_repack was not
 * used. A pg_repack needs no window; given one, it runs only while the window is open.</li>
 * </ol>
 * A table gets one vacuum at most: a FREEZE covers a plain VACUUM, a VACUUM (ANALYZE) covers an ANALYZE, and a
 * rebuild (VACUUM (FULL, ANALYZE) or pg_repack, which analyzes too) covers a plain VACUUM, an ANALYZE and the REINDEX
 * of a bloated index of the same table. Healthy tables get nothing.
 *
 * <p>Every action runs in autocommit on a borrowed connection with its own {@code lock_timeout} (default 1 s),
 * retried after a lock timeout with a doubling pause while attempts and the window last, and a
 * {@code statement_timeout} that ends no later than the window; progress from the {@code pg_stat_progress_*} views
 * reaches the execution's listener; cancelling the execution cancels the running statement. Each action reports its
 * relation's size before and after. Planning again after an interruption inspects again, so it plans only what is
 * still needed.
 *
 * <p>Immutable: each configuration method returns a new planner.
 */
public final class VacuumPlanner {

    /** The default {@code lock_timeout} of each attempt: 1 s. */
    public static final Duration DEFAULT_LOCK_TIMEOUT = Duration.ofSeconds(1);
    /** The default number of attempts of a statement that meets lock timeouts: 5. */
    public static final int DEFAULT_MAX_ATTEMPTS = 5;
    /** The default pause after the first lock timeout, doubling up to 30 s: 1 s. */
    public static final Duration DEFAULT_RETRY_BACKOFF = Duration.ofSeconds(1);
    /** The default longest run of one statement when no window ends it earlier: 6 h. */
    public static final Duration DEFAULT_STATEMENT_TIMEOUT = Duration.ofHours(6);
    /** The default interval at which progress is read: 1 s. */
    public static final Duration DEFAULT_PROGRESS_INTERVAL = Duration.ofSeconds(1);

    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    private static final Pattern LEFTOVER = Pattern.compile(".*_cc(new|old)[0-9]*");
    /** ANALYZE reads at most 300 x default_statistics_target (100) pages. */
    private static final long ANALYZE_SAMPLE_PAGES = 30_000;

    private final DataSource dataSource;
    private BloatInspector bloat;
    private VacuumCheck vacuum;
    private AnalyzeCheck analyze;
    private WraparoundCheck wraparound;
    private IndexCheck indexes;
    private MaintenanceWindow window;
    private boolean allowRebuild;
    private double minimumDeadTupleRatio = 1.0;
    private Guard guard;
    private PgRepack repack;

    private VacuumPlanner(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.bloat = BloatInspector.on(dataSource);
        this.vacuum = VacuumCheck.on(dataSource);
        this.analyze = AnalyzeCheck.on(dataSource);
        this.wraparound = WraparoundCheck.on(dataSource);
        this.indexes = IndexCheck.on(dataSource);
        this.guard = new Guard(DEFAULT_LOCK_TIMEOUT, DEFAULT_MAX_ATTEMPTS, DEFAULT_RETRY_BACKOFF, MAX_BACKOFF,
                DEFAULT_STATEMENT_TIMEOUT, DEFAULT_PROGRESS_INTERVAL, SessionSettings.DEFAULT_APPLICATION_NAME);
    }

    private VacuumPlanner copy() {
        VacuumPlanner p = new VacuumPlanner(dataSource);
        p.bloat = bloat;
        p.vacuum = vacuum;
        p.analyze = analyze;
        p.wraparound = wraparound;
        p.indexes = indexes;
        p.window = window;
        p.allowRebuild = allowRebuild;
        p.minimumDeadTupleRatio = minimumDeadTupleRatio;
        p.guard = guard;
        p.repack = repack;
        return p;
    }

    /** A planner with the defaults, borrowing connections from {@code dataSource}. */
    public static VacuumPlanner on(DataSource dataSource) {
        return new VacuumPlanner(dataSource);
    }

    /**
     * The window table rebuilds must run in: without one no {@code VACUUM FULL} is planned; a pg_repack (see
     * {@link #repack(PgRepack)}) needs none, but runs inside it when one is given.
     */
    public VacuumPlanner window(MaintenanceWindow maintenanceWindow) {
        VacuumPlanner p = copy();
        p.window = Objects.requireNonNull(maintenanceWindow, "maintenanceWindow");
        return p;
    }

    /**
     * Whether bloated tables may be rebuilt, default false: with pg_repack (see {@link #repack(PgRepack)}), or with
     * {@code VACUUM FULL}, which blocks reads and writes of the table while it runs and is planned only with a
     * {@link #window(MaintenanceWindow)} too.
     */
    public VacuumPlanner allowTableRebuild(boolean allow) {
        VacuumPlanner p = copy();
        p.allowRebuild = allow;
        return p;
    }

    /**
     * Rebuilds bloated tables online with the {@code pg_repack} client described by {@code client} wherever the
     * database has the extension {@code pg_repack} and the table has a primary key or a unique index on NOT NULL
     * columns. Like {@code VACUUM FULL} it is planned only with {@link #allowTableRebuild(boolean)}, but it needs no
     * window.
     *
     * <p>Its lock impact is {@link LockImpact#NONE}, as for {@code REINDEX CONCURRENTLY}: reads and writes go on
     * while the table is copied; the client holds an exclusive lock only twice and briefly, to install its trigger
     * at the start and to swap the copy in at the end. It asks for each with a lock timeout of at most 1 s, retried
     * until its {@code --wait-timeout}, and gives up rather than kill other sessions ({@code --no-kill-backend}).
     * It holds a SHARE UPDATE EXCLUSIVE lock throughout, which blocks only VACUUM and DDL. Its reason says so.
     */
    public VacuumPlanner repack(PgRepack client) {
        VacuumPlanner p = copy();
        p.repack = Objects.requireNonNull(client, "client");
        return p;
    }

    /**
     * Dead tuples as a multiple of the table's autovacuum trigger from which a VACUUM is planned; default 1 (as soon
     * as the trigger is passed).
     */
    public VacuumPlanner minimumDeadTupleRatio(double ratio) {
        if (!(ratio > 0)) {
            throw new IllegalArgumentException("ratio must be positive, was " + ratio);
        }
        VacuumPlanner p = copy();
        p.minimumDeadTupleRatio = ratio;
        return p;
    }

    /** Every inspection limited to these schemas (default: every non-system schema). */
    public VacuumPlanner schemas(String... names) {
        VacuumPlanner p = copy();
        p.bloat = bloat.schemas(names);
        p.vacuum = vacuum.schemas(names);
        p.analyze = analyze.schemas(names);
        p.wraparound = wraparound.schemas(names);
        p.indexes = indexes.schemas(names);
        return p;
    }

    /** Every inspection skipping relations matching these patterns (see {@link PostgresInspection#exclude}). */
    public VacuumPlanner exclude(String... patterns) {
        VacuumPlanner p = copy();
        p.bloat = bloat.exclude(patterns);
        p.vacuum = vacuum.exclude(patterns);
        p.analyze = analyze.exclude(patterns);
        p.wraparound = wraparound.exclude(patterns);
        p.indexes = indexes.exclude(patterns);
        return p;
    }

    /** This planner with the bloat inspection adjusted (sizes, thresholds, mode). */
    public VacuumPlanner bloat(UnaryOperator<BloatInspector> change) {
        VacuumPlanner p = copy();
        p.bloat = change.apply(bloat);
        return p;
    }

    /** This planner with the vacuum check adjusted. */
    public VacuumPlanner vacuum(UnaryOperator<VacuumCheck> change) {
        VacuumPlanner p = copy();
        p.vacuum = change.apply(vacuum);
        return p;
    }

    /** This planner with the analyze check adjusted. */
    public VacuumPlanner analyze(UnaryOperator<AnalyzeCheck> change) {
        VacuumPlanner p = copy();
        p.analyze = change.apply(analyze);
        return p;
    }

    /** This planner with the wraparound check adjusted. */
    public VacuumPlanner wraparound(UnaryOperator<WraparoundCheck> change) {
        VacuumPlanner p = copy();
        p.wraparound = change.apply(wraparound);
        return p;
    }

    /** This planner with the index check adjusted. */
    public VacuumPlanner indexes(UnaryOperator<IndexCheck> change) {
        VacuumPlanner p = copy();
        p.indexes = change.apply(indexes);
        return p;
    }

    /** The {@code lock_timeout} of each attempt of a planned statement (default 1 s). */
    public VacuumPlanner lockTimeout(Duration timeout) {
        return guarded(new Guard(timeout, guard.maxAttempts(), guard.initialBackoff(), guard.maxBackoff(),
                guard.statementTimeout(), guard.progressInterval(), guard.applicationName()));
    }

    /**
     * How often a statement is tried when it meets lock timeouts (default 5), and the pause after the first lock
     * timeout, doubling each time up to 30 s (default 1 s). Retries also stop when the window would close first.
     */
    public VacuumPlanner lockRetries(int maxAttempts, Duration initialBackoff) {
        return guarded(new Guard(guard.lockTimeout(), maxAttempts, initialBackoff, MAX_BACKOFF,
                guard.statementTimeout(), guard.progressInterval(), guard.applicationName()));
    }

    /** The longest a planned statement may run when no window ends it earlier (default 6 h). */
    public VacuumPlanner statementTimeout(Duration timeout) {
        return guarded(new Guard(guard.lockTimeout(), guard.maxAttempts(), guard.initialBackoff(),
                guard.maxBackoff(), timeout, guard.progressInterval(), guard.applicationName()));
    }

    /** How often the progress of a running statement is read (default 1 s). */
    public VacuumPlanner progressInterval(Duration interval) {
        return guarded(new Guard(guard.lockTimeout(), guard.maxAttempts(), guard.initialBackoff(),
                guard.maxBackoff(), guard.statementTimeout(), interval, guard.applicationName()));
    }

    /** The {@code application_name} of the inspections and the maintenance sessions (default {@code maintkit}). */
    public VacuumPlanner applicationName(String name) {
        VacuumPlanner p = guarded(new Guard(guard.lockTimeout(), guard.maxAttempts(), guard.initialBackoff(),
                guard.maxBackoff(), guard.statementTimeout(), guard.progressInterval(), name));
        SessionSettings s = SessionSettings.DEFAULTS.withApplicationName(name);
        p.bloat = bloat.session(s);
        p.vacuum = vacuum.session(s);
        p.analyze = analyze.session(s);
        p.wraparound = wraparound.session(s);
        p.indexes = indexes.session(s);
        return p;
    }

    private VacuumPlanner guarded(Guard g) {
        VacuumPlanner p = copy();
        p.guard = g;
        return p;
    }

    /**
     * Inspects (bloat, vacuum, analyze, wraparound, indexes: each a fixed number of catalog queries) and plans.
     *
     * @throws SQLException when the server cannot be reached
     */
    public MaintenancePlan plan() throws SQLException {
        return plan(bloat.inspect(), wraparound.inspect(), vacuum.inspect(), analyze.inspect(), indexes.inspect());
    }

    /**
     * Plans from reports the caller already has: a {@link BloatReport} and any of the {@link HealthReport}s of
     * {@link WraparoundCheck}, {@link VacuumCheck}, {@link AnalyzeCheck} and {@link IndexCheck} (others are
     * ignored). Reads the named relations' current sizes in one catalog query.
     *
     * @throws SQLException when the server cannot be reached
     */
    public MaintenancePlan plan(BloatReport bloatReport, HealthReport... healthReports) throws SQLException {
        Needs needs = new Needs();
        for (RelationBloat r : bloatReport.relations()) {
            if (r.severity().isWorseThan(Severity.INFO)) {
                (r.kind() == RelationBloat.Kind.TABLE ? needs.rebuild : needs.bloatedIndex).put(r.subject(), r);
            }
        }
        for (HealthReport report : healthReports) {
            for (Finding f : report.findings()) {
                switch (report.checkId()) {
                    case WraparoundCheck.ID -> {
                        String kind = f.details().getOrDefault("kind", "");
                        if (f.severity().isWorseThan(Severity.INFO) && !kind.equals("database")) {
                            needs.freeze.computeIfAbsent(f.subject(), s -> new ArrayList<>()).add(f);
                        }
                    }
                    case VacuumCheck.ID -> {
                        var dead = f.measurement("dead_tuples");
                        var trigger = f.measurement("autovacuum_trigger");
                        if (dead.isPresent() && trigger.isPresent()
                                && dead.get().value() >= minimumDeadTupleRatio * Math.max(1, trigger.get().value())) {
                            needs.vacuum.computeIfAbsent(f.subject(), s -> new ArrayList<>()).add(f);
                        }
                    }
                    case AnalyzeCheck.ID -> needs.analyze.computeIfAbsent(f.subject(), s -> new ArrayList<>()).add(f);
                    case IndexCheck.ID -> needs.indexFindings.add(f.subject());
                    default -> { }
                }
            }
        }
        Set<String> subjects = needs.subjects();
        Map<String, Row> relations = new HashMap<>();
        String database = bloatReport.database();
        String currentDatabase = database;
        String repackVersion = null;
        if (!subjects.isEmpty()) {
            try (Session session = Session.open(dataSource, SessionSettings.DEFAULT_STATEMENT_TIMEOUT,
                    SessionSettings.DEFAULT_LOCK_TIMEOUT, guard.applicationName())) {
                for (Row r : session.query(Sql.load("planning-relations"), (Object) subjects.toArray(String[]::new))) {
                    relations.put(r.text("subject"), r);
                }
                if (allowRebuild && !needs.rebuild.isEmpty()) {
                    Row r = session.query("SELECT pg_catalog.current_database() AS db, (SELECT e.extversion"
                            + " FROM pg_catalog.pg_extension e WHERE e.extname = 'pg_repack') AS repack").get(0);
                    currentDatabase = r.text("db");
                    repackVersion = r.text("repack");
                }
            }
        }
        Map<String, Planned> rebuildActions = new LinkedHashMap<>();
        if (allowRebuild) {
            Optional<Path> client = repack == null ? Optional.empty() : repack.resolveExecutable();
            for (var e : needs.rebuild.entrySet()) {
                Optional<Row> t = table(relations, e.getKey());
                if (t.isEmpty()) {
                    continue;
                }
                String notRepack = whyNotRepack(t.get(), repackVersion, client);
                if (notRepack == null) {
                    rebuildActions.put(e.getKey(), repackAction(t.get(), e.getValue(), client.get(), currentDatabase));
                } else if (window != null) {
                    rebuildActions.put(e.getKey(), rebuild(t.get(), e.getValue(), notRepack));
                }
            }
        }
        Set<String> rebuilt = rebuildActions.keySet();
        List<Planned> planned = new ArrayList<>();
        needs.freeze.forEach((subject, findings) -> table(relations, subject).ifPresent(r -> planned.add(
                vacuumAction(r, 0, "VACUUM (FREEZE, ANALYZE) ", "wraparound: ", findings, "xid_age"))));
        needs.vacuum.forEach((subject, findings) -> {
            if (!needs.freeze.containsKey(subject) && !rebuilt.contains(subject)) {
                table(relations, subject).ifPresent(r -> planned.add(
                        vacuumAction(r, 1, "VACUUM (ANALYZE) ", "", findings, "dead_tuples")));
            }
        });
        needs.analyze.forEach((subject, findings) -> {
            if (!needs.freeze.containsKey(subject) && !needs.vacuum.containsKey(subject) && !rebuilt.contains(subject)) {
                table(relations, subject).ifPresent(r -> planned.add(analyzeAction(r, findings)));
            }
        });
        Set<String> indexSubjects = new LinkedHashSet<>(needs.indexFindings);
        indexSubjects.addAll(needs.bloatedIndex.keySet());
        for (String subject : indexSubjects) {
            Row r = relations.get(subject);
            if (r == null || !"i".equals(r.text("relkind"))) {
                continue;
            }
            boolean invalid = !r.bool("indisvalid");
            RelationBloat b = needs.bloatedIndex.get(subject);
            if (invalid && LEFTOVER.matcher(r.text("relname")).matches()) {
                planned.add(dropLeftover(r));
            } else if (invalid || (b != null && !rebuilt.contains(b.table()))) {
                planned.add(reindex(r, invalid, b));
            }
        }
        planned.addAll(rebuildActions.values());
        planned.sort(Comparator.comparingInt(Planned::tier).thenComparingInt(p -> -p.severity().rank())
                .thenComparingDouble(p -> -p.magnitude()).thenComparing(p -> p.action().target()));
        return new MaintenancePlan("vacuum " + database, planned.stream().map(Planned::action).toList());
    }

    private static java.util.Optional<Row> table(Map<String, Row> relations, String subject) {
        Row r = relations.get(subject);
        return r != null && !"i".equals(r.text("relkind")) ? java.util.Optional.of(r) : java.util.Optional.empty();
    }

    private static String[] names(Row r) {
        return new String[] {r.text("nspname"), r.text("relname")};
    }

    private static String[] tableNames(Row r) {
        return new String[] {r.text("table_schema"), r.text("table_name")};
    }

    private static String qualified(String[] names) {
        return Identifiers.qualified(names[0], names[1]);
    }

    private static Severity worst(List<Finding> findings) {
        return Severity.worst(findings.stream().map(Finding::severity).toList());
    }

    private static String reasons(List<Finding> findings) {
        return String.join("; ", findings.stream().map(Finding::summary).distinct().toList());
    }

    private static double largest(List<Finding> findings, String measurement) {
        return findings.stream().flatMap(f -> f.measurement(measurement).stream()).mapToDouble(Measurement::value)
                .max().orElse(0);
    }

    private Planned vacuumAction(Row r, int tier, String verb, String prefix, List<Finding> findings,
                                 String measurement) {
        String sql = verb + qualified(names(r));
        DataSize size = DataSize.ofBytes(r.longValue("size_bytes"));
        MaintenanceAction a = MaintenanceAction.builder(r.text("subject"), sql)
                .reason(prefix + reasons(findings))
                .lockImpact(LockImpact.NONE)
                .cost(EstimatedCost.reading(size))
                .step(new VacuumStep(dataSource, guard, sql, names(r), names(r), false, null))
                .build();
        return new Planned(tier, worst(findings), largest(findings, measurement), a);
    }

    private Planned analyzeAction(Row r, List<Finding> findings) {
        String sql = "ANALYZE " + qualified(names(r));
        long sample = Math.min(r.longValue("size_bytes"), ANALYZE_SAMPLE_PAGES * 8192);
        MaintenanceAction a = MaintenanceAction.builder(r.text("subject"), sql)
                .reason(reasons(findings))
                .lockImpact(LockImpact.NONE)
                .cost(EstimatedCost.reading(DataSize.ofBytes(sample)))
                .step(new VacuumStep(dataSource, guard, sql, names(r), names(r), false, null))
                .build();
        return new Planned(2, worst(findings), largest(findings, "modified_since_analyze"), a);
    }

    private Planned dropLeftover(Row r) {
        String sql = "DROP INDEX CONCURRENTLY " + qualified(names(r));
        DataSize size = DataSize.ofBytes(r.longValue("size_bytes"));
        MaintenanceAction a = MaintenanceAction.builder(r.text("subject"), sql)
                .reason("invalid index left by a failed REINDEX CONCURRENTLY on " + qualified(tableNames(r))
                        + ": it slows every write and serves no query")
                .lockImpact(LockImpact.NONE)
                .cost(EstimatedCost.NONE.freeing(size))
                .step(new VacuumStep(dataSource, guard, sql, names(r), tableNames(r), false, null))
                .build();
        return new Planned(3, Severity.WARNING, size.bytes(), a);
    }

    private Planned reindex(Row r, boolean invalid, RelationBloat b) {
        String sql = "REINDEX INDEX CONCURRENTLY " + qualified(names(r));
        DataSize size = DataSize.ofBytes(r.longValue("size_bytes"));
        DataSize bloatBytes = b == null ? DataSize.ZERO : b.bloat();
        List<String> why = new ArrayList<>();
        if (invalid) {
            why.add("invalid index (a failed CREATE INDEX CONCURRENTLY or REINDEX): it slows every write and serves"
                    + " no query");
        }
        if (b != null) {
            why.add(bloatSummary(b));
        }
        MaintenanceAction a = MaintenanceAction.builder(r.text("subject"), sql)
                .reason(String.join("; ", why) + "; rebuilt without blocking reads or writes")
                .lockImpact(LockImpact.NONE)
                .cost(new EstimatedCost(DataSize.ofBytes(r.longValue("table_size_bytes")),
                        DataSize.ofBytes(Math.max(0, size.bytes() - bloatBytes.bytes())), bloatBytes))
                .step(new VacuumStep(dataSource, guard, sql, names(r), tableNames(r), true, null))
                .build();
        return new Planned(invalid ? 3 : 4, invalid ? Severity.WARNING : b.severity(), bloatBytes.bytes(), a);
    }

    /** Why a table is not rebuilt with pg_repack ("" when there is nothing to say), or null when it is. */
    private String whyNotRepack(Row r, String repackVersion, Optional<Path> client) {
        if (repackVersion == null) {
            return repack == null ? "" : "pg_repack is not used: the extension is not installed in this database";
        }
        if (repack == null) {
            return "pg_repack is not used: the extension is installed but no client is configured"
                    + " (VacuumPlanner.repack(PgRepack))";
        }
        if (client.isEmpty()) {
            return "pg_repack is not used: the client " + repack.executableName() + " was not found";
        }
        if (!r.bool("repack_key")) {
            return "pg_repack is not used: the table has no primary key or unique index on NOT NULL columns";
        }
        return null;
    }

    private Planned repackAction(Row r, RelationBloat b, Path client, String database) {
        String table = qualified(names(r));
        List<String> args = new ArrayList<>(List.of(client.toString()));
        if (repack.host() != null) {
            args.addAll(List.of("--host=" + repack.host(), "--port=" + repack.port(), "--username=" + repack.user()));
        }
        args.addAll(List.of("--dbname=" + database, "--table=" + table, "--no-kill-backend"));
        List<String> shown = new ArrayList<>(args);
        shown.add(RepackStep.waitTimeoutArgument(repack.waitTimeout()));
        long total = r.longValue("total_bytes");
        DataSize extra = DataSize.ofBytes(Math.max(0, total - b.bloat().bytes()));
        MaintenanceAction a = MaintenanceAction.builder(r.text("subject"), shellLine(shown))
                .reason(bloatSummary(b) + "; rebuilds the table and its indexes online with pg_repack, needing "
                        + extra + " of free disk for the copy and its change log; reads and writes go on, but for two"
                        + " brief exclusive locks (start and swap), each asked for with a lock timeout of at most 1 s"
                        + " and never by killing other sessions"
                        + (window == null ? "" : "; only inside the window " + window))
                .lockImpact(LockImpact.NONE)
                .cost(new EstimatedCost(DataSize.ofBytes(total), extra, b.bloat()))
                .step(new RepackStep(dataSource, guard, args, repack.passwordFile(), repack.secret(), names(r),
                        repack.waitTimeout(), window))
                .build();
        return new Planned(5, b.severity(), b.bloat().bytes(), a);
    }

    /** The arguments as a POSIX shell would take them. */
    private static String shellLine(List<String> args) {
        return String.join(" ", args.stream().map(s -> s.matches("[A-Za-z0-9_./=:@%+,-]+") ? s
                : "'" + s.replace("'", "'\\''") + "'").toList());
    }

    private Planned rebuild(Row r, RelationBloat b, String notRepack) {
        String sql = "VACUUM (FULL, ANALYZE) " + qualified(names(r));
        long total = r.longValue("total_bytes");
        DataSize extra = DataSize.ofBytes(Math.max(0, total - b.bloat().bytes()));
        MaintenanceAction a = MaintenanceAction.builder(r.text("subject"), sql)
                .reason(bloatSummary(b) + "; rewrites the table and its indexes, needing " + extra
                        + " of free disk for the copy; only inside the window " + window
                        + (notRepack.isEmpty() ? "" : "; " + notRepack))
                .lockImpact(LockImpact.BLOCKS_READS_AND_WRITES)
                .cost(new EstimatedCost(DataSize.ofBytes(total), extra, b.bloat()))
                .step(new VacuumStep(dataSource, guard, sql, names(r), names(r), false, window))
                .build();
        return new Planned(5, b.severity(), b.bloat().bytes(), a);
    }

    private static String bloatSummary(RelationBloat b) {
        return (b.kind() == RelationBloat.Kind.TABLE ? "table" : "index") + " bloat " + b.bloatPercent() + " ("
                + b.bloat() + " of " + b.size() + ", " + b.mode().name().toLowerCase(java.util.Locale.ROOT) + ", "
                + b.confidence().name().toLowerCase(java.util.Locale.ROOT) + " confidence)";
    }

    /** What the reports ask for, by subject. */
    private static final class Needs {
        final Map<String, List<Finding>> freeze = new LinkedHashMap<>();
        final Map<String, List<Finding>> vacuum = new LinkedHashMap<>();
        final Map<String, List<Finding>> analyze = new LinkedHashMap<>();
        final Set<String> indexFindings = new LinkedHashSet<>();
        final Map<String, RelationBloat> bloatedIndex = new LinkedHashMap<>();
        final Map<String, RelationBloat> rebuild = new LinkedHashMap<>();

        Set<String> subjects() {
            Set<String> all = new LinkedHashSet<>(freeze.keySet());
            all.addAll(vacuum.keySet());
            all.addAll(analyze.keySet());
            all.addAll(indexFindings);
            all.addAll(bloatedIndex.keySet());
            all.addAll(rebuild.keySet());
            return all;
        }
    }

    /** An action with what orders it: tier, then severity, then size of the problem. */
    private record Planned(int tier, Severity severity, double magnitude, MaintenanceAction action) {
    }
}

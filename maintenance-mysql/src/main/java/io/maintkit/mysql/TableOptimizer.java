package io.maintkit.mysql;

import io.maintkit.core.DataSize;
import io.maintkit.core.EstimatedCost;
import io.maintkit.core.Finding;
import io.maintkit.core.LockImpact;
import io.maintkit.core.MaintenanceAction;
import io.maintkit.core.MaintenancePlan;
import io.maintkit.core.Percent;
import io.maintkit.core.Severity;
import io.maintkit.core.Threshold;
import io.maintkit.mysql.internal.GuardedStatement;
import io.maintkit.mysql.internal.Identifiers;
import io.maintkit.mysql.internal.Row;
import io.maintkit.mysql.internal.Session;
import io.maintkit.mysql.internal.Sql;
import io.maintkit.mysql.internal.TableFileNames;
import io.maintkit.mysql.internal.Texts;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import javax.sql.DataSource;

/**
 * Plans table rebuilds for fragmented tables (by {@link FragmentationCheck}'s rule), {@code ANALYZE TABLE} for
 * InnoDB tables whose statistics are stale and for the tables the caller names, and {@code CHECK TABLE} only when
 * explicitly asked for (it can take a server down on a corrupt page). Nothing runs until the plan is executed.
 *
 * <pre>{@code
 * MaintenancePlan plan = TableOptimizer.on(dataSource).schemas("shop").plan();
 * System.out.println(plan.describe());
 * plan.execute(ExecutionOptions.defaults().window(sundayNight));
 * }</pre>
 *
 * <p>An InnoDB table is rebuilt online with {@code ALTER TABLE ... FORCE, ALGORITHM=INPLACE, LOCK=NONE}, asked
 * for explicitly so the server refuses instead of silently locking; such a rebuild still takes an exclusive
 * metadata lock at its start and end, so each attempt waits at most {@link #lockTimeout(Duration)} (1 s) for it, and
 * is retried while the window lasts, so no queue of application queries builds up behind it. A table with a
 * FULLTEXT index cannot be rebuilt without blocking writes ({@code LOCK=SHARED}), and a MyISAM or Aria table is
 * rebuilt with {@code OPTIMIZE TABLE}, which blocks reads and writes (planned, but run only inside a window).
 * Pre-flight: free disk at least the table's size where the data directory is visible to this JVM, and on a
 * Galera node no rebuild without {@link #allowGalera(boolean)} (DDL in total-order isolation stalls the cluster).
 * Cancelling the execution kills the running statement ({@code KILL QUERY}).
 *
 * <p>Statistics are stale when the rows InnoDB counted as changed since it last computed them
 * ({@code MODIFIED_COUNTER}) reach both a share of the table's rows and a number of rows
 * ({@link #staleStatistics(Percent, long)}). InnoDB recomputes them itself at 10 % unless
 * {@code STATS_AUTO_RECALC} is off for the table or the server, which is where a planned {@code ANALYZE} matters.
 * The counter lives in memory: a table not opened since the server started has none, and is not planned.
 */
public final class TableOptimizer {

    /** The default wait for a metadata lock per attempt: 1 s, the shortest the server takes. */
    public static final Duration DEFAULT_LOCK_TIMEOUT = Duration.ofSeconds(1);
    /** The default pause between attempts that found the metadata lock busy: 1 s. */
    public static final Duration DEFAULT_RETRY_PAUSE = Duration.ofSeconds(1);
    /** How long attempts are retried when no maintenance window bounds them: 5 min. */
    public static final Duration DEFAULT_LONGEST_WAIT = Duration.ofMinutes(5);
    /** The default share of a table's rows changed since its statistics that makes them stale: 10 %, InnoDB's. */
    public static final Percent DEFAULT_STALE_SHARE = Percent.of(10);
    /** The default number of changed rows below which statistics are never called stale: 1,000. */
    public static final long DEFAULT_STALE_ROWS = 1_000;

    private final Context context;
    private final Settings settings;

    private TableOptimizer(Context context, Settings settings) {
        this.context = Objects.requireNonNull(context, "context");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /** An optimizer with the defaults. */
    public static TableOptimizer on(DataSource dataSource) {
        return new TableOptimizer(Context.of(dataSource), new Settings(FragmentationCheck.DEFAULT_THRESHOLDS,
                DEFAULT_STALE_SHARE, DEFAULT_STALE_ROWS, List.of(), List.of(), true, false, DEFAULT_LOCK_TIMEOUT,
                DEFAULT_RETRY_PAUSE, DEFAULT_LONGEST_WAIT));
    }

    /** This optimizer naming its target so in the plan (e.g. {@code db-1}); never put credentials here. */
    public TableOptimizer target(String name) {
        return new TableOptimizer(context.withTarget(name), settings);
    }

    /** This optimizer limited to these schemas (default: every schema but the server's own). */
    public TableOptimizer schemas(String... names) {
        return new TableOptimizer(context.withScope(context.scope().withSchemas(names)), settings);
    }

    /** This optimizer skipping tables matching these patterns (see {@link MysqlInspection#exclude}). */
    public TableOptimizer exclude(String... patterns) {
        return new TableOptimizer(context.withScope(context.scope().excluding(patterns)), settings);
    }

    /** This optimizer rebuilding the tables these limits call fragmented (default: MySQLTuner's rule). */
    public TableOptimizer thresholds(Threshold.Both<DataSize, Percent> limits) {
        return new TableOptimizer(context, settings.thresholds(limits));
    }

    /**
     * This optimizer calling an InnoDB table's statistics stale, and planning its {@code ANALYZE TABLE}, when the
     * rows changed since they were computed reach both {@code share} of its rows and {@code minimumRows}
     * (defaults: {@link #DEFAULT_STALE_SHARE}, {@link #DEFAULT_STALE_ROWS}). {@code Long.MAX_VALUE} rows turns it
     * off.
     */
    public TableOptimizer staleStatistics(Percent share, long minimumRows) {
        if (minimumRows < 1) {
            throw new IllegalArgumentException("minimumRows must be at least 1: " + minimumRows);
        }
        return new TableOptimizer(context, settings.stale(Objects.requireNonNull(share, "share"), minimumRows));
    }

    /** This optimizer also planning {@code ANALYZE TABLE} for these tables of {@code schema}. */
    public TableOptimizer analyze(String schema, String... tables) {
        return new TableOptimizer(context, settings.analyze(plus(settings.analyze(), schema, tables)));
    }

    /**
     * This optimizer also planning {@code CHECK TABLE} for these tables of {@code schema}: never part of a
     * default plan, since a check can take a server down on a corrupt page.
     */
    public TableOptimizer checkTables(String schema, String... tables) {
        return new TableOptimizer(context, settings.check(plus(settings.check(), schema, tables)));
    }

    /**
     * Whether replicas repeat the work (default true). False adds {@code NO_WRITE_TO_BINLOG} to {@code OPTIMIZE}
     * and {@code ANALYZE}, and runs a rebuild with {@code sql_log_bin = 0} (which needs a binlog-admin privilege).
     */
    public TableOptimizer writeToBinlog(boolean write) {
        return new TableOptimizer(context, settings.writeToBinlog(write));
    }

    /** Whether rebuilds are planned on a Galera node, where DDL in total-order isolation stalls every node. */
    public TableOptimizer allowGalera(boolean allow) {
        return new TableOptimizer(context, settings.allowGalera(allow));
    }

    /**
     * How long each attempt waits for its metadata lock, the session's {@code lock_wait_timeout} (whole seconds, at
     * least 1; default 1 s).
     */
    public TableOptimizer lockTimeout(Duration timeout) {
        return new TableOptimizer(context, settings.lockWait(timeout));
    }

    /** How long attempts are retried when no maintenance window bounds them (default 5 min). */
    public TableOptimizer longestWait(Duration longest) {
        return new TableOptimizer(context, settings.longestWait(longest));
    }

    /** This optimizer pausing so long between attempts that found the metadata lock busy (default 1 s). */
    public TableOptimizer retryPause(Duration pause) {
        return new TableOptimizer(context, settings.retryPause(pause));
    }

    private static List<String[]> plus(List<String[]> list, String schema, String... tables) {
        List<String[]> all = new ArrayList<>(list);
        for (String t : tables) {
            all.add(new String[]{Objects.requireNonNull(schema, "schema"), Objects.requireNonNull(t, "table")});
        }
        return all;
    }

    /** The plan alone; see {@link #inspect()} for what was left out and why. */
    public MaintenancePlan plan() throws SQLException {
        return inspect().plan();
    }

    /** Looks at the tables (read-only) and decides: the plan, and a finding for each table left out. */
    public OptimizeReport inspect() throws SQLException {
        List<MaintenanceAction> actions = new ArrayList<>();
        List<Finding> skipped = new ArrayList<>();
        try (Session session = context.open()) {
            FragmentationReport fragmentation = FragmentationCheck.on(context.dataSource()).with(context)
                    .thresholds(settings.thresholds()).inspect(session);
            Set<String> fulltext = new HashSet<>();
            for (Row r : session.query(Sql.load("fulltext-tables"))) {
                fulltext.add(r.text("table_schema") + "." + r.text("table_name"));
            }
            boolean galera = Texts.isOn(session.variable("wsrep_on"));
            DataSize freeDisk = freeDisk(session.variable("datadir"));
            Set<String> rebuilt = new HashSet<>();
            for (TableFragmentation t : fragmentation.fragmented()) {
                String why = galera && !settings.allowGalera() ? "a Galera node: a rebuild runs in total-order"
                        + " isolation and stalls every node's writes; allow it with allowGalera(true)"
                        : freeDisk != null && freeDisk.compareTo(t.size()) < 0 ? "needs " + t.size()
                        + " free for its copy, the data directory's disk has " + freeDisk : null;
                if (why != null) {
                    skipped.add(Finding.of(FragmentationCheck.ID, "rebuild-skipped", t.subject(), Severity.INFO,
                            "rebuild of " + t.subject() + " (" + t.free() + " reclaimable) not planned: " + why));
                } else {
                    actions.add(rebuild(t, fulltext.contains(t.subject()), freeDisk));
                }
                rebuilt.add(t.subject());
            }
            for (Row r : session.attempt(Sql.load(session.server().isMariaDb() ? "modified-tables-mariadb"
                    : "modified-tables-mysql")).rows()) {
                // A '#' in an internal name marks a partition (#P#) or a temporary table (#sql): not analysable.
                String[] t = r.text("name").contains("#") ? null : TableFileNames.split(r.text("name"));
                long rows = Math.max(0, r.longValue("num_rows", 0));
                long modified = r.longValue("modified", 0);
                if (t == null || rebuilt.contains(t[0] + "." + t[1]) || !context.scope().includes(t[0], t[1])
                        || modified < settings.staleRows()
                        || Percent.ratio(modified, Math.max(1, rows)).compareTo(settings.staleShare()) < 0) {
                    continue;
                }
                actions.add(admin(t, "ANALYZE", LockImpact.BLOCKS_WRITES, "statistics stale: " + modified
                        + " row changes since they were computed, against " + rows + " rows ("
                        + Percent.ratio(modified, Math.max(1, rows)) + "); it reads a sample of pages and takes a"
                        + " brief read lock"));
            }
        }
        for (String[] t : settings.analyze()) {
            actions.add(admin(t, "ANALYZE", LockImpact.BLOCKS_WRITES, "statistics refresh asked for; it reads a"
                    + " sample of pages and takes a brief read lock"));
        }
        for (String[] t : settings.check()) {
            actions.add(admin(t, "CHECK", LockImpact.BLOCKS_WRITES, "integrity check asked for explicitly; it"
                    + " blocks writes while it reads the table, and a corrupt page can take the server down"));
        }
        return new OptimizeReport(new MaintenancePlan("optimize " + context.target(), actions), skipped);
    }

    private static DataSize freeDisk(String datadir) {
        try {
            Path dir = datadir == null ? null : Path.of(datadir);
            if (dir == null || !Files.isDirectory(dir)) {
                return null;
            }
            return DataSize.ofBytes(Files.getFileStore(dir).getUsableSpace());
        } catch (IOException | InvalidPathException | SecurityException e) {
            return null;
        }
    }

    private MaintenanceAction rebuild(TableFragmentation t, boolean hasFulltext, DataSize freeDisk) {
        String table = Identifiers.qualified(t.schema(), t.table());
        boolean innodb = "InnoDB".equalsIgnoreCase(t.engine());
        String sql;
        LockImpact impact;
        String locks;
        if (innodb && !hasFulltext) {
            sql = "ALTER TABLE " + table + " FORCE, ALGORITHM=INPLACE, LOCK=NONE";
            impact = LockImpact.NONE;
            locks = "online rebuild: reads and writes go on, but it takes an exclusive metadata lock at its start and"
                    + " end, waiting at most " + lockWaitSeconds() + " s per attempt behind long transactions";
        } else if (innodb) {
            sql = "ALTER TABLE " + table + " FORCE, ALGORITHM=INPLACE, LOCK=SHARED";
            impact = LockImpact.BLOCKS_WRITES;
            locks = "FULLTEXT index: the rebuild cannot be online, writes wait until it ends";
        } else {
            sql = "OPTIMIZE " + (settings.writeToBinlog() ? "" : "NO_WRITE_TO_BINLOG ") + "TABLE " + table;
            impact = LockImpact.BLOCKS_READS_AND_WRITES;
            locks = t.engine() + " table: OPTIMIZE locks it for reads and writes while it runs";
        }
        String disk = freeDisk == null ? "; free disk not verified (data directory not visible from this host)"
                : "; " + freeDisk + " free for a copy of " + t.size();
        return MaintenanceAction.builder(t.subject(), sql)
                .reason(t.free() + " reclaimable (" + t.freeRatio() + " of the table); " + locks + disk
                        + (settings.writeToBinlog() ? "; replicas repeat it" : "; not written to the binary log"))
                .lockImpact(impact)
                .cost(EstimatedCost.reading(t.size()).needingExtraDisk(t.size()).freeing(t.free()))
                .step(new GuardedStatement(context.dataSource(), sql, lockWaitSeconds(), settings.retryPause(),
                        settings.longestWait(), settings.writeToBinlog() || !innodb)::run)
                .build();
    }

    private MaintenanceAction admin(String[] t, String verb, LockImpact impact, String reason) {
        String sql = verb + (settings.writeToBinlog() || verb.equals("CHECK") ? "" : " NO_WRITE_TO_BINLOG") + " TABLE "
                + Identifiers.qualified(t[0], t[1]);
        return MaintenanceAction.builder(t[0] + "." + t[1], sql)
                .reason(reason)
                .lockImpact(impact)
                .step(new GuardedStatement(context.dataSource(), sql, lockWaitSeconds(), settings.retryPause(),
                        settings.longestWait(), true)::run)
                .build();
    }

    private long lockWaitSeconds() {
        return Math.max(1, (settings.lockWait().toMillis() + 999) / 1000);
    }

    /** The optimizer's configuration; each method returns a changed copy. */
    private record Settings(Threshold.Both<DataSize, Percent> thresholds, Percent staleShare, long staleRows,
                            List<String[]> analyze, List<String[]> check, boolean writeToBinlog, boolean allowGalera,
                            Duration lockWait, Duration retryPause, Duration longestWait) {

        Settings {
            Objects.requireNonNull(thresholds, "thresholds");
            analyze = List.copyOf(analyze);
            check = List.copyOf(check);
            Objects.requireNonNull(lockWait, "lockWait");
            Objects.requireNonNull(retryPause, "retryPause");
            Objects.requireNonNull(longestWait, "longestWait");
        }

        Settings thresholds(Threshold.Both<DataSize, Percent> t) {
            return new Settings(t, staleShare, staleRows, analyze, check, writeToBinlog, allowGalera, lockWait,
                    retryPause, longestWait);
        }

        Settings stale(Percent share, long rows) {
            return new Settings(thresholds, share, rows, analyze, check, writeToBinlog, allowGalera, lockWait,
                    retryPause, longestWait);
        }

        Settings analyze(List<String[]> tables) {
            return new Settings(thresholds, staleShare, staleRows, tables, check, writeToBinlog, allowGalera,
                    lockWait, retryPause, longestWait);
        }

        Settings check(List<String[]> tables) {
            return new Settings(thresholds, staleShare, staleRows, analyze, tables, writeToBinlog, allowGalera,
                    lockWait, retryPause, longestWait);
        }

        Settings writeToBinlog(boolean write) {
            return new Settings(thresholds, staleShare, staleRows, analyze, check, write, allowGalera, lockWait,
                    retryPause, longestWait);
        }

        Settings allowGalera(boolean allow) {
            return new Settings(thresholds, staleShare, staleRows, analyze, check, writeToBinlog, allow, lockWait,
                    retryPause, longestWait);
        }

        Settings lockWait(Duration wait) {
            return new Settings(thresholds, staleShare, staleRows, analyze, check, writeToBinlog, allowGalera, wait,
                    retryPause, longestWait);
        }

        Settings retryPause(Duration pause) {
            return new Settings(thresholds, staleShare, staleRows, analyze, check, writeToBinlog, allowGalera,
                    lockWait, pause, longestWait);
        }

        Settings longestWait(Duration longest) {
            return new Settings(thresholds, staleShare, staleRows, analyze, check, writeToBinlog, allowGalera,
                    lockWait, retryPause, longest);
        }
    }
}

package io.maintkit.postgres;

import io.maintkit.core.ActionStep;
import io.maintkit.core.DataSize;
import io.maintkit.core.LockImpact;
import io.maintkit.core.MaintenanceAction;
import io.maintkit.core.MaintenancePlan;
import io.maintkit.core.MaintenanceWindow;
import io.maintkit.postgres.internal.Guard;
import io.maintkit.postgres.internal.RepackStep;
import io.maintkit.postgres.internal.Row;
import io.maintkit.postgres.internal.Session;
import io.maintkit.postgres.internal.Sql;
import io.maintkit.postgres.internal.VacuumStep;

import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;

/**
 * Plans VACUUM, ANALYZE, REINDEX and table rebuilds from what the inspections of this package measure.
 *
 * <pre>{@code
 * MaintenancePlan plan = VacuumPlanner.on(dataSource)
 *         .health(h -> h.schemas("public", "billing"))
 *         .window(MaintenanceWindow.weekly(DayOfWeek.SUNDAY, LocalTime.of(2, 0), Duration.ofHours(2), zone))
 *         .allowTableRebuild(true)
 *         .plan();
 * System.out.println(plan.describe());
 * ExecutionReport done = plan.execute(ExecutionOptions.defaults().window(sundayNight));
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
 * <p>The inspections are those of a {@link PostgresHealth}, configured with {@link #health(UnaryOperator)}; the
 * planner reads their typed reports. Immutable: each configuration method returns a new planner.
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
    /** The default dead tuples as a multiple of the autovacuum trigger from which a VACUUM is planned: 1. */
    public static final double DEFAULT_MINIMUM_DEAD_TUPLE_RATIO = 1.0;

    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private final DataSource dataSource;
    private final Config config;

    /** The planner's configuration; each wither returns a new one. */
    private record Config(PostgresHealth health, MaintenanceWindow window, boolean allowRebuild,
                          double minimumDeadTupleRatio, Guard guard, PgRepack repack) {

        Config withHealth(PostgresHealth h) {
            return new Config(h, window, allowRebuild, minimumDeadTupleRatio, guard, repack);
        }

        Config withWindow(MaintenanceWindow w) {
            return new Config(health, w, allowRebuild, minimumDeadTupleRatio, guard, repack);
        }

        Config withAllowRebuild(boolean allow) {
            return new Config(health, window, allow, minimumDeadTupleRatio, guard, repack);
        }

        Config withMinimumDeadTupleRatio(double ratio) {
            return new Config(health, window, allowRebuild, ratio, guard, repack);
        }

        Config withGuard(Guard g) {
            return new Config(health, window, allowRebuild, minimumDeadTupleRatio, g, repack);
        }

        Config withRepack(PgRepack r) {
            return new Config(health, window, allowRebuild, minimumDeadTupleRatio, guard, r);
        }
    }

    private VacuumPlanner(DataSource dataSource, Config config) {
        this.dataSource = dataSource;
        this.config = config;
    }

    /** A planner with the defaults, borrowing connections from {@code dataSource}. */
    public static VacuumPlanner on(DataSource dataSource) {
        Objects.requireNonNull(dataSource, "dataSource");
        return new VacuumPlanner(dataSource, new Config(PostgresHealth.on(dataSource), null, false,
                DEFAULT_MINIMUM_DEAD_TUPLE_RATIO, new Guard(DEFAULT_LOCK_TIMEOUT, DEFAULT_MAX_ATTEMPTS,
                DEFAULT_RETRY_BACKOFF, MAX_BACKOFF, DEFAULT_STATEMENT_TIMEOUT, DEFAULT_PROGRESS_INTERVAL,
                SessionSettings.DEFAULT_APPLICATION_NAME), null));
    }

    private VacuumPlanner with(Config changed) {
        return new VacuumPlanner(dataSource, changed);
    }

    /**
     * This planner with its inspections adjusted: the bloat, vacuum, analyze, wraparound and index checks of the
     * {@link PostgresHealth} it holds (schemas, exclusions, session limits, each check's thresholds).
     */
    public VacuumPlanner health(UnaryOperator<PostgresHealth> change) {
        return with(config.withHealth(Objects.requireNonNull(change.apply(config.health()), "health")));
    }

    /**
     * The window table rebuilds must run in: without one no {@code VACUUM FULL} is planned; a pg_repack (see
     * {@link #repack(PgRepack)}) needs none, but runs inside it when one is given.
     */
    public VacuumPlanner window(MaintenanceWindow maintenanceWindow) {
        return with(config.withWindow(Objects.requireNonNull(maintenanceWindow, "maintenanceWindow")));
    }

    /**
     * Whether bloated tables may be rebuilt, default false: with pg_repack (see {@link #repack(PgRepack)}), or with
     * {@code VACUUM FULL}, which blocks reads and writes of the table while it runs and is planned only with a
     * {@link #window(MaintenanceWindow)} too.
     */
    public VacuumPlanner allowTableRebuild(boolean allow) {
        return with(config.withAllowRebuild(allow));
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
        return with(config.withRepack(Objects.requireNonNull(client, "client")));
    }

    /**
     * Dead tuples as a multiple of the table's autovacuum trigger from which a VACUUM is planned; default 1 (as soon
     * as the trigger is passed).
     */
    public VacuumPlanner minimumDeadTupleRatio(double ratio) {
        if (!(ratio > 0)) {
            throw new IllegalArgumentException("ratio must be positive, was " + ratio);
        }
        return with(config.withMinimumDeadTupleRatio(ratio));
    }

    /** The {@code lock_timeout} of each attempt of a planned statement (default 1 s). */
    public VacuumPlanner lockTimeout(Duration timeout) {
        Guard g = config.guard();
        return with(config.withGuard(new Guard(timeout, g.maxAttempts(), g.initialBackoff(), g.maxBackoff(),
                g.statementTimeout(), g.progressInterval(), g.applicationName())));
    }

    /**
     * How often a statement is tried when it meets lock timeouts (default 5), and the pause after the first lock
     * timeout, doubling each time up to 30 s (default 1 s). Retries also stop when the window would close first.
     */
    public VacuumPlanner lockRetries(int maxAttempts, Duration initialBackoff) {
        Guard g = config.guard();
        return with(config.withGuard(new Guard(g.lockTimeout(), maxAttempts, initialBackoff, MAX_BACKOFF,
                g.statementTimeout(), g.progressInterval(), g.applicationName())));
    }

    /** The longest a planned statement may run when no window ends it earlier (default 6 h). */
    public VacuumPlanner statementTimeout(Duration timeout) {
        Guard g = config.guard();
        return with(config.withGuard(new Guard(g.lockTimeout(), g.maxAttempts(), g.initialBackoff(), g.maxBackoff(),
                timeout, g.progressInterval(), g.applicationName())));
    }

    /** How often the progress of a running statement is read (default 1 s). */
    public VacuumPlanner progressInterval(Duration interval) {
        Guard g = config.guard();
        return with(config.withGuard(new Guard(g.lockTimeout(), g.maxAttempts(), g.initialBackoff(), g.maxBackoff(),
                g.statementTimeout(), interval, g.applicationName())));
    }

    /** The {@code application_name} of the inspections and the maintenance sessions (default {@code maintkit}). */
    public VacuumPlanner applicationName(String name) {
        Guard g = config.guard();
        return with(config.withGuard(new Guard(g.lockTimeout(), g.maxAttempts(), g.initialBackoff(), g.maxBackoff(),
                        g.statementTimeout(), g.progressInterval(), name))
                .withHealth(config.health().applicationName(name)));
    }

    /**
     * Inspects (bloat, vacuum, analyze, wraparound, indexes: each a fixed number of catalog queries), reads the
     * named relations' sizes in one more query, and plans.
     *
     * @throws SQLException when the server cannot be reached
     */
    public MaintenancePlan plan() throws SQLException {
        PostgresHealth h = config.health();
        BloatReport bloat = h.bloat().inspect();
        VacuumPlanRules.Needs needs = VacuumPlanRules.needs(config.minimumDeadTupleRatio(), bloat,
                h.wraparound().inspect(), h.vacuum().inspect(), h.analyze().inspect(), h.indexes().inspect());
        Map<String, VacuumPlanRules.Relation> relations = new HashMap<>();
        long blockSize = 8192;
        String database = bloat.database();
        String repackVersion = null;
        Set<String> subjects = needs.subjects();
        if (!subjects.isEmpty()) {
            try (Session session = Session.open(dataSource, SessionSettings.DEFAULT_STATEMENT_TIMEOUT,
                    SessionSettings.DEFAULT_LOCK_TIMEOUT, config.guard().applicationName())) {
                Row server = session.one("SELECT pg_catalog.current_database() AS db,"
                        + " pg_catalog.current_setting('block_size')::bigint AS block_size, (SELECT e.extversion"
                        + " FROM pg_catalog.pg_extension e WHERE e.extname = 'pg_repack') AS repack");
                database = server.text("db");
                blockSize = server.longValue("block_size");
                repackVersion = server.text("repack");
                for (Row r : session.query(Sql.load("planning-relations"), (Object) subjects.toArray(String[]::new))) {
                    relations.put(r.text("subject"), relation(r));
                }
            }
        }
        Optional<Path> client = config.repack() == null || !config.allowRebuild() || needs.bloatedTable().isEmpty()
                ? Optional.empty() : config.repack().resolveExecutable();
        String repackInstalled = repackVersion;
        VacuumPlanRules.Rebuilds rebuilds = new VacuumPlanRules.Rebuilds(config.allowRebuild(),
                config.window() != null, t -> whyNotRepack(t, repackInstalled, client));
        List<MaintenanceAction> actions = new ArrayList<>();
        for (VacuumPlanRules.Draft d : VacuumPlanRules.drafts(needs, relations, blockSize, rebuilds)) {
            actions.add(action(d, database, client));
        }
        return new MaintenancePlan("vacuum " + database, actions);
    }

    private static VacuumPlanRules.Relation relation(Row r) {
        boolean index = "i".equals(r.text("relkind"));
        return new VacuumPlanRules.Relation(r.text("subject"), r.text("nspname"), r.text("relname"), index,
                !index || r.bool("indisvalid"), DataSize.ofBytes(r.longValue("size_bytes")),
                DataSize.ofBytes(r.longValue("total_bytes")),
                index ? r.text("table_schema") : r.text("nspname"), index ? r.text("table_name") : r.text("relname"),
                DataSize.ofBytes(r.longValue("table_size_bytes", 0)), r.bool("repack_key"));
    }

    /** Why a table is not rebuilt with pg_repack ("" when there is nothing to say), or null when it is. */
    private String whyNotRepack(VacuumPlanRules.Relation t, String repackVersion, Optional<Path> client) {
        PgRepack repack = config.repack();
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
        if (!t.repackKey()) {
            return "pg_repack is not used: the table has no primary key or unique index on NOT NULL columns";
        }
        return null;
    }

    /** The draft with its step. */
    private MaintenanceAction action(VacuumPlanRules.Draft d, String database, Optional<Path> client) {
        VacuumPlanRules.Relation r = d.relation();
        String[] names = {r.schema(), r.name()};
        String[] table = {r.tableSchema(), r.tableName()};
        MaintenanceWindow window = config.window();
        String command = d.verb().sql(r);
        String reason = d.reason();
        ActionStep step;
        switch (d.verb()) {
            case REPACK -> {
                PgRepack repack = config.repack();
                List<String> args = new ArrayList<>(List.of(client.orElseThrow().toString()));
                if (repack.host() != null) {
                    args.addAll(List.of("--host=" + repack.host(), "--port=" + repack.port(),
                            "--username=" + repack.user()));
                }
                args.addAll(List.of("--dbname=" + database, "--table=" + r.qualified(), "--no-kill-backend"));
                List<String> shown = new ArrayList<>(args);
                shown.add(RepackStep.waitTimeoutArgument(repack.waitTimeout()));
                command = shellLine(shown);
                reason += window == null ? "" : "; only inside the window " + window;
                step = new RepackStep(dataSource, config.guard(), args, repack.passwordFile(), repack.secret(), names,
                        repack.waitTimeout(), window);
            }
            case VACUUM_FULL -> {
                reason += "; only inside the window " + window;
                step = new VacuumStep(dataSource, config.guard(), command, names, names, false, window);
            }
            default -> step = new VacuumStep(dataSource, config.guard(), command, names, table,
                    d.verb() == VacuumPlanRules.Verb.REINDEX, null);
        }
        return MaintenanceAction.builder(r.subject(), command)
                .reason(reason)
                .lockImpact(d.lock())
                .cost(d.cost())
                .step(step)
                .build();
    }

    /** The arguments as a POSIX shell would take them. */
    private static String shellLine(List<String> args) {
        return String.join(" ", args.stream().map(s -> s.matches("[A-Za-z0-9_./=:@%+,-]+") ? s
                : "'" + s.replace("'", "'\\''") + "'").toList());
    }
}

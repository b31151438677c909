package io.maintkit.mysql;

import io.maintkit.core.ActionExecution;
import io.maintkit.core.ArchiveSink;
import io.maintkit.core.DataSize;
import io.maintkit.core.Durations;
import io.maintkit.core.EstimatedCost;
import io.maintkit.core.ExecutionOptions;
import io.maintkit.core.ExecutionReport;
import io.maintkit.core.LockImpact;
import io.maintkit.core.MaintenanceAction;
import io.maintkit.core.MaintenancePlan;
import io.maintkit.core.Measurement;
import io.maintkit.core.Outcome;
import io.maintkit.core.StepResult;
import io.maintkit.core.internal.BatchPause;
import io.maintkit.mysql.internal.Identifiers;
import io.maintkit.mysql.internal.RetentionRunner;
import io.maintkit.mysql.internal.RetentionSpec;
import io.maintkit.mysql.internal.RetentionTally;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * Removes a MariaDB/MySQL table's old rows in batches, archiving each batch durably before its removal commits, so
 * that after any interruption (connection killed, process killed, disk full) every removed row is in the archive
 * exactly once.
 *
 * <pre>{@code
 * TableRetention retention = TableRetention.on(dataSource)
 *         .table("shop", "audit_events")
 *         .olderThan("created_at", Duration.ofDays(365))
 *         .archiveTo(ArchiveSink.gzipCsvFiles(Path.of("/var/archive/audit")))
 *         .pauseWhileReplicasLag(Duration.ofSeconds(10), replicaDataSource);
 * System.out.println(retention.plan().describe());                  // dry run: rows and bytes that would go
 * RetentionRun run = retention.execute(ExecutionOptions.defaults()
 *         .allowDestructive(true).window(nightly));
 * }</pre>
 *
 * <p>Removing rows is destructive, so it follows the rule of every {@link MaintenancePlan}: it runs only with
 * {@link ExecutionOptions#allowDestructive(boolean) allowDestructive(true)}, starts only while the window is open,
 * stops when it closes or the caller cancels. {@link #execute} returns the typed {@link RetentionRun};
 * {@link #plan()} and {@link #asAction()} give the action for a larger plan, {@link #estimate()} what it would
 * remove now.
 *
 * <p><b>Batches.</b> The run walks the table's single-column primary key from the lowest to the highest key of the
 * rows older than the cutoff; each batch is the range of the next {@link #batchSize(int)} keys (found by reading the
 * primary key, never by a {@code LIMIT} over the age predicate), and removes the range's rows older than the cutoff.
 * On MariaDB (10.0.5 and later) a batch streams exactly the rows it removes with {@code DELETE ... RETURNING}; on
 * MySQL, which has no {@code RETURNING}, it reads the range's old rows with {@code SELECT ... FOR UPDATE} under
 * REPEATABLE READ (which locks them and the gaps between them), archives them, and deletes the same range in the
 * same transaction, checking that the delete removed as many rows as were archived. After each batch the run
 * pauses in proportion to the time it took ({@link #pauseRatio(double)}); before each batch it waits while a watched
 * replica lags ({@link #pauseWhileReplicasLag}).
 *
 * <p><b>Exactly once.</b> pt-archiver commits the archive and then the delete, on two connections, and does not
 * sync its file: a crash in between archives rows twice, a crash of the machine can lose archived rows. Here each
 * batch transaction first inserts a <em>marker row</em> into a marker table ({@link #markerTable}, by default
 * {@value #DEFAULT_MARKER_TABLE} in the table's schema, created by the first run); the marker's id is the archive
 * batch's transaction id. The rows go to the {@link ArchiveSink}, which makes them durable (written, flushed,
 * synced) as a pending batch; only then does the transaction commit, and the batch is made final after. The marker
 * row commits with the removal or not at all, so the next run settles every pending batch by asking the server
 * whether its marker row exists: there, the rows are gone and the batch is made final; absent, the rows are still
 * in the table and the batch is removed. The lookup is a locking read, so a transaction the server still holds open
 * (its client died without closing the socket) is waited for instead of guessed at. XA transactions would answer
 * the same question but leave prepared transactions holding locks after a crash, and a GTID exists only once the
 * transaction committed and only with binary logging: a row in the same transaction is the simplest marker the
 * server can answer about. Two runs on one table exclude each other with a user-level lock ({@code GET_LOCK}).
 *
 * <p>The cutoff column must be {@code DATETIME}, {@code TIMESTAMP} or {@code DATE}; the run's session time zone is
 * UTC, so {@code DATETIME} and {@code DATE} values are read as UTC and {@code TIMESTAMP} values are archived in UTC.
 * Only InnoDB tables with a single-column primary key are trimmed; others are refused with the reason before
 * anything changes. Identifiers are quoted; no SQL text comes from the caller. Immutable: each configuration method
 * returns a new instance.
 */
public final class TableRetention {

    /** Primary-key values per batch range by default: 10,000. */
    public static final int DEFAULT_BATCH_SIZE = 10_000;
    /** The default fixed pause between batches: none. */
    public static final Duration DEFAULT_PAUSE = Duration.ZERO;
    /** The default pause after each batch as a share of the time the batch took: a tenth. */
    public static final double DEFAULT_PAUSE_RATIO = 0.1;
    /** The default {@code innodb_lock_wait_timeout} and {@code lock_wait_timeout} of a batch: 1 s. */
    public static final Duration DEFAULT_LOCK_TIMEOUT = Duration.ofSeconds(1);
    /** The default time limit of each statement of a batch: 5 min. */
    public static final Duration DEFAULT_STATEMENT_TIMEOUT = Duration.ofMinutes(5);
    /** How often a batch that meets a lock wait timeout or a deadlock is tried by default: 5. */
    public static final int DEFAULT_MAX_ATTEMPTS = 5;
    /** The marker table's default name, in the trimmed table's schema. */
    public static final String DEFAULT_MARKER_TABLE = "maintkit_retention_batches";

    private final DataSource dataSource;
    private final Config config;

    /** The configuration; each wither returns a new one. Null parts are those not named yet. */
    private record Config(String schema, String table, String column, Duration olderThan, ArchiveSink sink,
                          int batchSize, BatchPause pause, Duration lockTimeout, Duration statementTimeout,
                          int maxAttempts, String markerSchema, String markerTable, boolean returning,
                          RetentionSpec.ReplicaGate replicas, String replicaLimit, Clock clock) {

        Builder edit() {
            return new Builder(this);
        }
    }

    /** A mutable copy of a {@link Config}, local to one wither. */
    private static final class Builder {
        String schema;
        String table;
        String column;
        Duration olderThan;
        ArchiveSink sink;
        int batchSize;
        BatchPause pause;
        Duration lockTimeout;
        Duration statementTimeout;
        int maxAttempts;
        String markerSchema;
        String markerTable;
        boolean returning;
        RetentionSpec.ReplicaGate replicas;
        String replicaLimit;
        Clock clock;

        Builder(Config c) {
            schema = c.schema();
            table = c.table();
            column = c.column();
            olderThan = c.olderThan();
            sink = c.sink();
            batchSize = c.batchSize();
            pause = c.pause();
            lockTimeout = c.lockTimeout();
            statementTimeout = c.statementTimeout();
            maxAttempts = c.maxAttempts();
            markerSchema = c.markerSchema();
            markerTable = c.markerTable();
            returning = c.returning();
            replicas = c.replicas();
            replicaLimit = c.replicaLimit();
            clock = c.clock();
        }

        Config done() {
            return new Config(schema, table, column, olderThan, sink, batchSize, pause, lockTimeout,
                    statementTimeout, maxAttempts, markerSchema, markerTable, returning, replicas, replicaLimit,
                    clock);
        }
    }

    private TableRetention(DataSource dataSource, Config config) {
        this.dataSource = dataSource;
        this.config = config;
    }

    /** A retention borrowing connections from {@code dataSource}; name the table, the age and the archive next. */
    public static TableRetention on(DataSource dataSource) {
        return new TableRetention(Objects.requireNonNull(dataSource, "dataSource"), new Config(null, null, null,
                null, null, DEFAULT_BATCH_SIZE, new BatchPause(DEFAULT_PAUSE, DEFAULT_PAUSE_RATIO),
                DEFAULT_LOCK_TIMEOUT, DEFAULT_STATEMENT_TIMEOUT, DEFAULT_MAX_ATTEMPTS, null, DEFAULT_MARKER_TABLE,
                true, RetentionSpec.ReplicaGate.NONE, null, Clock.systemUTC()));
    }

    private TableRetention with(java.util.function.Consumer<Builder> change) {
        Builder b = config.edit();
        change.accept(b);
        return new TableRetention(dataSource, b.done());
    }

    /** The table, by its unquoted catalog names. */
    public TableRetention table(String schemaName, String tableName) {
        Objects.requireNonNull(schemaName, "schemaName");
        Objects.requireNonNull(tableName, "tableName");
        return with(b -> {
            b.schema = schemaName;
            b.table = tableName;
        });
    }

    /** Rows whose {@code columnName} is older than {@code age} go. */
    public TableRetention olderThan(String columnName, Duration age) {
        Objects.requireNonNull(columnName, "columnName");
        Objects.requireNonNull(age, "age");
        if (age.isNegative()) {
            throw new IllegalArgumentException("age must not be negative, was " + age);
        }
        return with(b -> {
            b.column = columnName;
            b.olderThan = age;
        });
    }

    /** Where removed rows are archived. */
    public TableRetention archiveTo(ArchiveSink archive) {
        Objects.requireNonNull(archive, "archive");
        return with(b -> b.sink = archive);
    }

    /** Primary-key values per batch range (default 10,000): a batch removes at most that many rows. */
    public TableRetention batchSize(int keys) {
        if (keys < 1) {
            throw new IllegalArgumentException("keys must be positive, was " + keys);
        }
        return with(b -> b.batchSize = keys);
    }

    /** A fixed pause after each batch (default none), added to the pause of {@link #pauseRatio(double)}. */
    public TableRetention pauseBetweenBatches(Duration p) {
        BatchPause pause = new BatchPause(p, config.pause().ratio());
        return with(b -> b.pause = pause);
    }

    /**
     * A pause after each batch in proportion to the time it took (default 0.1: a batch of 200 ms is followed by
     * 20 ms of rest), so a run yields more where it weighs more.
     */
    public TableRetention pauseRatio(double ratio) {
        BatchPause pause = new BatchPause(config.pause().fixed(), ratio);
        return with(b -> b.pause = pause);
    }

    /** The {@code innodb_lock_wait_timeout} and {@code lock_wait_timeout} of a batch, whole seconds (default 1 s). */
    public TableRetention lockTimeout(Duration timeout) {
        if (timeout.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("the servers count lock waits in whole seconds: at least 1 s");
        }
        return with(b -> b.lockTimeout = timeout);
    }

    /** How often a batch that meets a lock wait timeout or a deadlock is tried (default 5). */
    public TableRetention lockRetries(int maxAttempts) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be positive, was " + maxAttempts);
        }
        return with(b -> b.maxAttempts = maxAttempts);
    }

    /** The time limit of each statement of a batch, shortened to the window's remaining time (default 5 min). */
    public TableRetention statementTimeout(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        return with(b -> b.statementTimeout = timeout);
    }

    /**
     * The table that holds the batches' marker rows (default {@value #DEFAULT_MARKER_TABLE} in the trimmed table's
     * schema), created by the first run when missing; it must not be dropped while archive batches are pending.
     */
    public TableRetention markerTable(String schemaName, String tableName) {
        Objects.requireNonNull(schemaName, "schemaName");
        Objects.requireNonNull(tableName, "tableName");
        return with(b -> {
            b.markerSchema = schemaName;
            b.markerTable = tableName;
        });
    }

    /**
     * Before each batch, waits while any channel of any of {@code replicas} lags more than {@code limit}, or its lag
     * is unknown (its SQL thread stopped), read with {@code SHOW REPLICA STATUS} or {@code SHOW SLAVE STATUS}
     * (needs {@code REPLICA MONITOR} or {@code REPLICATION CLIENT} there). The window's end stops the wait.
     */
    public TableRetention pauseWhileReplicasLag(Duration limit, DataSource... replicas) {
        Objects.requireNonNull(limit, "limit");
        List<DataSource> list = List.of(replicas);
        if (list.isEmpty()) {
            throw new IllegalArgumentException("name at least one replica");
        }
        RetentionSpec.ReplicaGate gate = new ReplicaLagGate(limit, list);
        String text = list.size() + " replica(s) lag over " + Durations.humanize(limit);
        return with(b -> {
            b.replicas = gate;
            b.replicaLimit = text;
        });
    }

    /** The clock the cutoff is computed from (default the system clock). */
    public TableRetention clock(Clock c) {
        Objects.requireNonNull(c, "c");
        return with(b -> b.clock = c);
    }

    /** The MySQL way (a locking read, then a delete of the same range) also on MariaDB, for tests of that path. */
    TableRetention withoutReturning() {
        return with(b -> b.returning = false);
    }

    /** The run's specification; fails before anything touches the database, naming every part not given. */
    private RetentionSpec spec() {
        List<String> missing = new ArrayList<>();
        if (config.table() == null) {
            missing.add("the table (table(schema, table))");
        }
        if (config.column() == null) {
            missing.add("the age (olderThan(column, age))");
        }
        if (config.sink() == null) {
            missing.add("the archive (archiveTo(sink))");
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("table retention is missing " + String.join(", ", missing));
        }
        return new RetentionSpec(config.schema(), config.table(), config.column(), config.sink(), config.batchSize(),
                config.pause(), config.lockTimeout().getSeconds(), config.statementTimeout(), config.maxAttempts(),
                config.markerSchema() != null ? config.markerSchema() : config.schema(), config.markerTable(),
                config.returning(), config.replicas());
    }

    private Instant cutoffNow() {
        return config.clock().instant().minus(config.olderThan()).truncatedTo(ChronoUnit.MICROS);
    }

    /**
     * The dry run's figures: counts the rows that would go now (one read of the table, through the cutoff column's
     * index where there is one) and estimates their size. Changes nothing.
     *
     * @throws SQLException when the table or column is missing, the table is refused (not InnoDB, no single-column
     *                      primary key, a cutoff column that is not a date or time) or the server cannot be reached
     */
    public RetentionEstimate estimate() throws SQLException {
        return estimate(spec(), cutoffNow());
    }

    private RetentionEstimate estimate(RetentionSpec s, Instant cutoff) throws SQLException {
        RetentionRunner.Estimate e = RetentionRunner.estimate(dataSource, s, cutoff);
        return new RetentionEstimate(e.target().subject(), cutoff, e.rows(),
                DataSize.ofBytes(e.rows() * e.target().avgRowLength()), e.target().key(), e.target().indexed());
    }

    /**
     * The dry run as a plan: the destructive action that removes exactly the rows older than the cutoff computed
     * now, its reason and cost giving the {@link #estimate()}'s figures; an empty plan when nothing would go.
     * Changes nothing.
     *
     * @throws SQLException as {@link #estimate()}
     */
    public MaintenancePlan plan() throws SQLException {
        RetentionSpec s = spec();
        RetentionEstimate e = estimate(s, cutoffNow());
        String reason = String.format(Locale.ROOT, "%,d", e.rows()) + " row(s) (about " + e.rowBytes()
                + ") older than " + e.cutoff() + ", in ranges of primary key " + Identifiers.quote(e.primaryKey())
                + (e.indexed() ? "" : "; no index leads with " + Identifiers.quote(s.column())
                + ": the run's first read of the key span scans the table");
        MaintenanceAction action = action(s, e.table(), e::cutoff, "older than " + e.cutoff(), reason,
                EstimatedCost.reading(e.rowBytes()), null);
        return new MaintenancePlan("retention " + e.table(), e.isEmpty() ? List.of() : List.of(action));
    }

    /**
     * The removal as an action for a {@link MaintenancePlan}, its cutoff computed when it runs. Destructive: it runs
     * only with {@code allowDestructive(true)}.
     */
    public MaintenanceAction asAction() {
        RetentionSpec s = spec();
        String age = Durations.humanize(config.olderThan());
        return action(s, s.subject(), this::cutoffNow, "older than " + age,
                "rows of " + s.subject() + " older than " + age + " at run time", EstimatedCost.NONE, null);
    }

    /**
     * Runs the removal under {@code options}: a one-action plan, so it runs only with
     * {@code allowDestructive(true)} and only while the window is open, and stops when the window closes or the
     * caller cancels. Never throws for a failed run: the result says what was done and why it ended.
     */
    public RetentionRun execute(ExecutionOptions options) {
        RetentionSpec s = spec();
        RetentionTally tally = new RetentionTally();
        String age = Durations.humanize(config.olderThan());
        MaintenanceAction a = action(s, s.subject(), this::cutoffNow, "older than " + age, "rows older than " + age,
                EstimatedCost.NONE, tally);
        ExecutionReport report = new MaintenancePlan("retention " + s.subject(), List.of(a)).execute(options);
        ActionExecution e = report.executions().get(0);
        Outcome outcome = e.outcome();
        String detail = e.detail();
        if (outcome == Outcome.FAILED) {
            detail = detail + " (committed before the failure: " + tally.summary() + ")";
        }
        return new RetentionRun(s.subject(), outcome, detail, tally.cutoff, tally.batches, tally.rows, tally.bytes,
                tally.longestBatch, tally.confirmedPending, tally.discardedPending, tally.replicaWait, e.duration());
    }

    private MaintenanceAction action(RetentionSpec s, String subject, Supplier<Instant> cutoff, String age,
                                     String reason, EstimatedCost cost, RetentionTally shared) {
        String command = "DELETE FROM " + s.qualified() + " WHERE " + Identifiers.quote(s.column()) + " " + age
                + ", in primary-key ranges of " + String.format(Locale.ROOT, "%,d", s.batchSize())
                + ", each archived to " + s.sink() + " before it commits (marker rows in " + s.markers() + ")"
                + (config.replicaLimit() == null ? "" : ", paused while " + config.replicaLimit());
        return MaintenanceAction.builder(subject, command)
                .reason(reason)
                .lockImpact(LockImpact.BLOCKS_WRITES)
                .destructive(true)
                .cost(cost)
                .step(context -> {
                    RetentionTally tally = shared != null ? shared : new RetentionTally();
                    new RetentionRunner(dataSource, s, context.clock().instant()).run(context, cutoff.get(), tally);
                    return new StepResult(tally.summary(), List.of(
                            Measurement.count("rows_removed", tally.rows),
                            Measurement.bytes("archived_bytes", DataSize.ofBytes(tally.bytes)),
                            Measurement.count("batches", tally.batches),
                            Measurement.seconds("longest_batch", tally.longestBatch)));
                })
                .build();
    }
}

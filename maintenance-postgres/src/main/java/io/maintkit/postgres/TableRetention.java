package io.maintkit.postgres;

import io.maintkit.core.ActionExecution;
import io.maintkit.core.DataSize;
import io.maintkit.core.EstimatedCost;
import io.maintkit.core.ExecutionOptions;
import io.maintkit.core.ExecutionReport;
import io.maintkit.core.LockImpact;
import io.maintkit.core.MaintenanceAction;
import io.maintkit.core.MaintenancePlan;
import io.maintkit.core.Measurement;
import io.maintkit.core.Outcome;
import io.maintkit.core.StepResult;
import io.maintkit.postgres.internal.BatchPause;
import io.maintkit.postgres.internal.Guard;
import io.maintkit.postgres.internal.Identifiers;
import io.maintkit.postgres.internal.RetentionCatalog;
import io.maintkit.postgres.internal.RetentionPartitions;
import io.maintkit.postgres.internal.RetentionRunner;
import io.maintkit.postgres.internal.RetentionSpec;
import io.maintkit.postgres.internal.RetentionTally;
import io.maintkit.postgres.internal.Row;
import io.maintkit.postgres.internal.Session;
import io.maintkit.postgres.internal.Sql;
import io.maintkit.postgres.internal.Texts;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * Removes a table's old rows in batches, archiving each batch durably before it is removed.
 *
 * <pre>{@code
 * TableRetention retention = TableRetention.on(dataSource)
 *         .table("public", "audit_events")
 *         .olderThan("created_at", Duration.ofDays(90))
 *         .archiveTo(ArchiveSink.gzipCsvFiles(Path.of("/var/archive/audit")))
 *         .batchSize(10_000);
 * System.out.println(retention.plan().describe());                  // dry run: rows and bytes that would go
 * RetentionEstimate now = retention.estimate();                      // the same figures, typed
 * RetentionRun run = retention.execute(ExecutionOptions.builder()
 *         .allowDestructive(true).window(nightly).build());
 * }</pre>
 *
 * <p>Removing rows is destructive, so it follows the rule of every {@link MaintenancePlan}: it runs only with
 * {@link ExecutionOptions.Builder#allowDestructive(boolean) allowDestructive(true)}, starts only while the window
 * is open, stops when it closes or the caller cancels. {@link #execute} runs it as a one-action plan and returns the
 * typed {@link RetentionRun}; {@link #plan()} and {@link #asAction()} give the action for a larger plan, and
 * {@link #estimate()} what it would remove now.
 *
 * <p>Each batch is one transaction: {@code COPY (WITH d AS (DELETE ... RETURNING ...) SELECT * FROM d) TO STDOUT}
 * streams exactly the removed rows to the {@link ArchiveSink}, which makes them durable (written, flushed, synced)
 * as a pending batch recording the transaction's id before the transaction commits; the batch is made final after
 * the commit. A later run first settles pending batches by their transaction's fate ({@code txid_status}):
 * committed ones are made final, rolled back ones removed. So after any interruption every removed row is archived
 * exactly once. Two runs on one table exclude each other with an advisory lock.
 *
 * <p>Of a range-partitioned table (on the cutoff column), partitions wholly older than the cutoff are archived,
 * detached and dropped, each in one transaction; the others are handled row by row. After a large removal (a tenth
 * of a relation's rows) the relation gets {@code VACUUM (ANALYZE)}. The cutoff column must be a
 * {@code timestamptz}, {@code timestamp} or {@code date} column; {@code timestamp} and {@code date} values are read
 * as UTC, and the archive writes {@code timestamptz} values in UTC. Identifiers are quoted; no SQL text comes from
 * the caller. Immutable: each configuration method returns a new instance.
 */
public final class TableRetention {

    /** Rows per batch by default: 10,000. */
    public static final int DEFAULT_BATCH_SIZE = 10_000;
    /** The default fixed pause between batches: none. */
    public static final Duration DEFAULT_PAUSE = Duration.ZERO;
    /** The default pause after each batch as a share of the time the batch took: a tenth. */
    public static final double DEFAULT_PAUSE_RATIO = 0.1;
    /** The default {@code lock_timeout} of a batch: 1 s. */
    public static final Duration DEFAULT_LOCK_TIMEOUT = Duration.ofSeconds(1);
    /** The default {@code statement_timeout} of a batch (also of a partition's archive copy): 5 min. */
    public static final Duration DEFAULT_STATEMENT_TIMEOUT = Duration.ofMinutes(5);
    /** How often a batch that meets lock timeouts is tried by default: 5. */
    public static final int DEFAULT_MAX_ATTEMPTS = 5;

    private final DataSource dataSource;
    private String schema;
    private String table;
    private String column;
    private Duration olderThan;
    private ArchiveSink sink;
    private int batchSize = DEFAULT_BATCH_SIZE;
    private BatchPause pause = new BatchPause(DEFAULT_PAUSE, DEFAULT_PAUSE_RATIO);
    private Guard guard = new Guard(DEFAULT_LOCK_TIMEOUT, DEFAULT_MAX_ATTEMPTS, Duration.ofSeconds(1),
            Duration.ofSeconds(30), DEFAULT_STATEMENT_TIMEOUT, Duration.ofSeconds(1),
            SessionSettings.DEFAULT_APPLICATION_NAME);
    private boolean vacuumAfter = true;
    private Clock clock = Clock.systemUTC();

    private TableRetention(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    private TableRetention copy() {
        TableRetention t = new TableRetention(dataSource);
        t.schema = schema;
        t.table = table;
        t.column = column;
        t.olderThan = olderThan;
        t.sink = sink;
        t.batchSize = batchSize;
        t.pause = pause;
        t.guard = guard;
        t.vacuumAfter = vacuumAfter;
        t.clock = clock;
        return t;
    }

    /** A retention borrowing connections from {@code dataSource}; name the table, the age and the archive next. */
    public static TableRetention on(DataSource dataSource) {
        return new TableRetention(dataSource);
    }

    /** The table, by its unquoted catalog names. */
    public TableRetention table(String schemaName, String tableName) {
        TableRetention t = copy();
        t.schema = Objects.requireNonNull(schemaName, "schemaName");
        t.table = Objects.requireNonNull(tableName, "tableName");
        return t;
    }

    /** Rows whose {@code columnName} is older than {@code age} go. */
    public TableRetention olderThan(String columnName, Duration age) {
        Objects.requireNonNull(age, "age");
        if (age.isNegative()) {
            throw new IllegalArgumentException("age must not be negative, was " + age);
        }
        TableRetention t = copy();
        t.column = Objects.requireNonNull(columnName, "columnName");
        t.olderThan = age;
        return t;
    }

    /** Where removed rows are archived. */
    public TableRetention archiveTo(ArchiveSink archive) {
        TableRetention t = copy();
        t.sink = Objects.requireNonNull(archive, "archive");
        return t;
    }

    /** Rows per batch transaction (default 10,000). */
    public TableRetention batchSize(int rows) {
        if (rows < 1) {
            throw new IllegalArgumentException("rows must be positive, was " + rows);
        }
        TableRetention t = copy();
        t.batchSize = rows;
        return t;
    }

    /**
     * A fixed pause after each batch (default none), added to the pause of {@link #pauseRatio(double)}: both leave
     * room to the application and to replicas.
     */
    public TableRetention pauseBetweenBatches(Duration p) {
        TableRetention t = copy();
        t.pause = new BatchPause(p, pause.ratio());
        return t;
    }

    /**
     * A pause after each batch in proportion to the time it took (default 0.1: a batch of 200 ms is followed by
     * 20 ms of rest), so a run yields more where it weighs more.
     */
    public TableRetention pauseRatio(double ratio) {
        TableRetention t = copy();
        t.pause = new BatchPause(pause.fixed(), ratio);
        return t;
    }

    /** The {@code lock_timeout} of each batch (default 1 s). */
    public TableRetention lockTimeout(Duration timeout) {
        return guarded(new Guard(timeout, guard.maxAttempts(), guard.initialBackoff(), guard.maxBackoff(),
                guard.statementTimeout(), guard.progressInterval(), guard.applicationName()));
    }

    /** How often a batch that meets lock timeouts is tried (default 5) and the first pause, doubling (default 1 s). */
    public TableRetention lockRetries(int maxAttempts, Duration initialBackoff) {
        return guarded(new Guard(guard.lockTimeout(), maxAttempts, initialBackoff, guard.maxBackoff(),
                guard.statementTimeout(), guard.progressInterval(), guard.applicationName()));
    }

    /** The {@code statement_timeout} of each batch, shortened to the window's remaining time (default 5 min). */
    public TableRetention statementTimeout(Duration timeout) {
        return guarded(new Guard(guard.lockTimeout(), guard.maxAttempts(), guard.initialBackoff(), guard.maxBackoff(),
                timeout, guard.progressInterval(), guard.applicationName()));
    }

    /** The {@code application_name} of the run's sessions (default {@code maintkit}). */
    public TableRetention applicationName(String name) {
        return guarded(new Guard(guard.lockTimeout(), guard.maxAttempts(), guard.initialBackoff(), guard.maxBackoff(),
                guard.statementTimeout(), guard.progressInterval(), name));
    }

    /** Whether a large removal is followed by {@code VACUUM (ANALYZE)} (default true). */
    public TableRetention vacuumAfter(boolean vacuum) {
        TableRetention t = copy();
        t.vacuumAfter = vacuum;
        return t;
    }

    /** The clock the cutoff is computed from (default the system clock). */
    public TableRetention clock(Clock c) {
        TableRetention t = copy();
        t.clock = Objects.requireNonNull(c, "c");
        return t;
    }

    private TableRetention guarded(Guard g) {
        TableRetention t = copy();
        t.guard = g;
        return t;
    }

    private RetentionSpec spec() {
        if (schema == null || column == null || sink == null) {
            throw new IllegalStateException("name the table, the age (olderThan) and the archive (archiveTo) first");
        }
        return new RetentionSpec(schema, table, column, sink, batchSize, pause, guard, vacuumAfter);
    }

    private Instant cutoffNow() {
        return clock.instant().minus(olderThan).truncatedTo(ChronoUnit.MICROS);
    }

    /**
     * The dry run's figures: counts the rows that would go and their size (reading them through the cutoff column's
     * index where there is one), and lists the partitions that would be dropped. Changes nothing.
     *
     * @throws SQLException when the table or column is missing, or the server cannot be reached
     */
    public RetentionEstimate estimate() throws SQLException {
        spec();
        return estimate(cutoffNow());
    }

    private RetentionEstimate estimate(Instant cutoff) throws SQLException {
        try (Session session = Session.open(dataSource, guard.statementTimeout(), guard.lockTimeout(),
                guard.applicationName())) {
            RetentionCatalog.Target t = RetentionCatalog.resolve(session::query, schema, table, column);
            String cut = RetentionCatalog.cutoffSql(t.typeOid(), cutoff);
            Row count = session.one(Sql.load("retention-estimate", Map.of("relation", t.qualified(),
                    "column", Identifiers.quote(column), "cutoff", cut)));
            Map<String, DataSize> partitions = new LinkedHashMap<>();
            RetentionPartitions.of(session::query, t, column, cut).dropSizes()
                    .forEach((p, size) -> partitions.put(p, DataSize.ofBytes(size)));
            return new RetentionEstimate(t.subject(), cutoff, count.longValue("row_count"),
                    DataSize.ofBytes(count.longValue("row_bytes")), partitions, t.indexed());
        }
    }

    /**
     * The dry run as a plan: the destructive action that removes exactly the rows older than the cutoff computed
     * now, its reason and cost giving the {@link #estimate()}'s figures; an empty plan when nothing would go.
     * Changes nothing.
     *
     * @throws SQLException when the table or column is missing, or the server cannot be reached
     */
    public MaintenancePlan plan() throws SQLException {
        RetentionSpec s = spec();
        RetentionEstimate e = estimate(cutoffNow());
        String reason = Texts.count(e.rows()) + " row(s) (" + e.rowBytes() + ") older than " + e.cutoff()
                + (e.partitions().isEmpty() ? "" : ", of them in partitions wholly older, to be dropped: "
                + String.join(", ", e.partitions().keySet()))
                + (e.indexed() ? "" : "; no index leads with " + Identifiers.quote(column)
                + ": every batch scans the table");
        DataSize frees = e.partitions().values().stream().reduce(DataSize.ZERO, DataSize::plus);
        MaintenanceAction action = action(s, e.table(), e::cutoff, "older than " + e.cutoff(), reason,
                EstimatedCost.reading(e.rowBytes()).freeing(frees), null);
        return new MaintenancePlan("retention " + e.table(), e.isEmpty() ? List.of() : List.of(action));
    }

    /**
     * The removal as an action for a {@link MaintenancePlan}, its cutoff computed when it runs. Destructive: it runs
     * only with {@code allowDestructive(true)}.
     */
    public MaintenanceAction asAction() {
        RetentionSpec s = spec();
        return action(s, Identifiers.qualified(schema, table), this::cutoffNow, "older than "
                        + io.maintkit.core.Durations.humanize(olderThan),
                "rows of " + Identifiers.qualified(schema, table) + " older than "
                        + io.maintkit.core.Durations.humanize(olderThan) + " at run time", EstimatedCost.NONE, null);
    }

    /**
     * Runs the removal under {@code options}: a one-action plan, so it runs only with
     * {@code allowDestructive(true)} and only while the window is open, and stops when the window closes or the
     * caller cancels. Never throws for a failed run: the result says what was done and why it ended.
     */
    public RetentionRun execute(ExecutionOptions options) {
        RetentionSpec s = spec();
        RetentionTally tally = new RetentionTally();
        String subject = Identifiers.qualified(schema, table);
        MaintenanceAction a = action(s, subject, this::cutoffNow, "older than "
                + io.maintkit.core.Durations.humanize(olderThan), "rows older than "
                + io.maintkit.core.Durations.humanize(olderThan), EstimatedCost.NONE, tally);
        ExecutionReport report = new MaintenancePlan("retention " + subject, List.of(a)).execute(options);
        ActionExecution e = report.executions().get(0);
        Outcome outcome = e.outcome();
        String detail = e.detail();
        if (outcome == Outcome.FAILED) {
            detail = detail + " (committed before the failure: " + tally.summary() + ")";
        }
        return new RetentionRun(tally.subject != null ? tally.subject : subject, outcome, detail, tally.cutoff,
                tally.batches, tally.rows, tally.bytes, tally.longestBatch, tally.partitionsDropped,
                tally.confirmedPending, tally.discardedPending, tally.vacuumed, e.duration());
    }

    private MaintenanceAction action(RetentionSpec s, String subject, Supplier<Instant> cutoff, String age,
                                     String reason, EstimatedCost cost, RetentionTally shared) {
        String command = "DELETE FROM " + s.qualified() + " WHERE " + Identifiers.quote(s.column()) + " " + age
                + ", in batches of " + Texts.count(s.batchSize()) + ", each archived to " + s.sink()
                + " before it commits";
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
                            Measurement.seconds("longest_batch", tally.longestBatch),
                            Measurement.count("partitions_dropped", tally.partitionsDropped.size())));
                })
                .build();
    }
}

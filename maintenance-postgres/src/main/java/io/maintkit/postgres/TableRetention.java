package io.maintkit.postgres;

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
import java.util.ArrayList;
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
 * RetentionRun run = retention.execute(ExecutionOptions.defaults()
 *         .allowDestructive(true).window(nightly));
 * }</pre>
 *
 * <p>Removing rows is destructive, so it follows the rule of every {@link MaintenancePlan}: it runs only with
 * {@link ExecutionOptions#allowDestructive(boolean) allowDestructive(true)}, starts only while the window
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
    private final Config config;

    /** The configuration; each wither returns a new one. Null parts are those not named yet. */
    private record Config(String schema, String table, String column, Duration olderThan, ArchiveSink sink,
                          int batchSize, BatchPause pause, Guard guard, boolean vacuumAfter, Clock clock) {

        Config withTable(String s, String t) {
            return new Config(s, t, column, olderThan, sink, batchSize, pause, guard, vacuumAfter, clock);
        }

        Config withAge(String c, Duration age) {
            return new Config(schema, table, c, age, sink, batchSize, pause, guard, vacuumAfter, clock);
        }

        Config withSink(ArchiveSink k) {
            return new Config(schema, table, column, olderThan, k, batchSize, pause, guard, vacuumAfter, clock);
        }

        Config withBatchSize(int rows) {
            return new Config(schema, table, column, olderThan, sink, rows, pause, guard, vacuumAfter, clock);
        }

        Config withPause(BatchPause p) {
            return new Config(schema, table, column, olderThan, sink, batchSize, p, guard, vacuumAfter, clock);
        }

        Config withGuard(Guard g) {
            return new Config(schema, table, column, olderThan, sink, batchSize, pause, g, vacuumAfter, clock);
        }

        Config withVacuumAfter(boolean v) {
            return new Config(schema, table, column, olderThan, sink, batchSize, pause, guard, v, clock);
        }

        Config withClock(Clock c) {
            return new Config(schema, table, column, olderThan, sink, batchSize, pause, guard, vacuumAfter, c);
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
                new Guard(DEFAULT_LOCK_TIMEOUT, DEFAULT_MAX_ATTEMPTS, Duration.ofSeconds(1), Duration.ofSeconds(30),
                        DEFAULT_STATEMENT_TIMEOUT, Duration.ofSeconds(1), SessionSettings.DEFAULT_APPLICATION_NAME),
                true, Clock.systemUTC()));
    }

    private TableRetention with(Config changed) {
        return new TableRetention(dataSource, changed);
    }

    /** The table, by its unquoted catalog names. */
    public TableRetention table(String schemaName, String tableName) {
        return with(config.withTable(Objects.requireNonNull(schemaName, "schemaName"),
                Objects.requireNonNull(tableName, "tableName")));
    }

    /** Rows whose {@code columnName} is older than {@code age} go. */
    public TableRetention olderThan(String columnName, Duration age) {
        Objects.requireNonNull(age, "age");
        if (age.isNegative()) {
            throw new IllegalArgumentException("age must not be negative, was " + age);
        }
        return with(config.withAge(Objects.requireNonNull(columnName, "columnName"), age));
    }

    /** Where removed rows are archived. */
    public TableRetention archiveTo(ArchiveSink archive) {
        return with(config.withSink(Objects.requireNonNull(archive, "archive")));
    }

    /** Rows per batch transaction (default 10,000). */
    public TableRetention batchSize(int rows) {
        if (rows < 1) {
            throw new IllegalArgumentException("rows must be positive, was " + rows);
        }
        return with(config.withBatchSize(rows));
    }

    /**
     * A fixed pause after each batch (default none), added to the pause of {@link #pauseRatio(double)}: both leave
     * room to the application and to replicas.
     */
    public TableRetention pauseBetweenBatches(Duration p) {
        return with(config.withPause(new BatchPause(p, config.pause().ratio())));
    }

    /**
     * A pause after each batch in proportion to the time it took (default 0.1: a batch of 200 ms is followed by
     * 20 ms of rest), so a run yields more where it weighs more.
     */
    public TableRetention pauseRatio(double ratio) {
        return with(config.withPause(new BatchPause(config.pause().fixed(), ratio)));
    }

    /** The {@code lock_timeout} of each batch (default 1 s). */
    public TableRetention lockTimeout(Duration timeout) {
        Guard g = config.guard();
        return with(config.withGuard(new Guard(timeout, g.maxAttempts(), g.initialBackoff(), g.maxBackoff(),
                g.statementTimeout(), g.progressInterval(), g.applicationName())));
    }

    /** How often a batch that meets lock timeouts is tried (default 5) and the first pause, doubling (default 1 s). */
    public TableRetention lockRetries(int maxAttempts, Duration initialBackoff) {
        Guard g = config.guard();
        return with(config.withGuard(new Guard(g.lockTimeout(), maxAttempts, initialBackoff, g.maxBackoff(),
                g.statementTimeout(), g.progressInterval(), g.applicationName())));
    }

    /** The {@code statement_timeout} of each batch, shortened to the window's remaining time (default 5 min). */
    public TableRetention statementTimeout(Duration timeout) {
        Guard g = config.guard();
        return with(config.withGuard(new Guard(g.lockTimeout(), g.maxAttempts(), g.initialBackoff(), g.maxBackoff(),
                timeout, g.progressInterval(), g.applicationName())));
    }

    /** The {@code application_name} of the run's sessions (default {@code maintkit}). */
    public TableRetention applicationName(String name) {
        Guard g = config.guard();
        return with(config.withGuard(new Guard(g.lockTimeout(), g.maxAttempts(), g.initialBackoff(), g.maxBackoff(),
                g.statementTimeout(), g.progressInterval(), name)));
    }

    /** Whether a large removal is followed by {@code VACUUM (ANALYZE)} (default true). */
    public TableRetention vacuumAfter(boolean vacuum) {
        return with(config.withVacuumAfter(vacuum));
    }

    /** The clock the cutoff is computed from (default the system clock). */
    public TableRetention clock(Clock c) {
        return with(config.withClock(Objects.requireNonNull(c, "c")));
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
        return new RetentionSpec(config.schema(), config.table(), config.column(), config.sink(),
                config.batchSize(), config.pause(), config.guard(), config.vacuumAfter());
    }

    private Instant cutoffNow() {
        return config.clock().instant().minus(config.olderThan()).truncatedTo(ChronoUnit.MICROS);
    }

    /**
     * The dry run's figures: counts the rows that would go and their size (reading them through the cutoff column's
     * index where there is one), and lists the partitions that would be dropped. Changes nothing.
     *
     * @throws SQLException when the table or column is missing, or the server cannot be reached
     */
    public RetentionEstimate estimate() throws SQLException {
        return estimate(spec(), cutoffNow());
    }

    private RetentionEstimate estimate(RetentionSpec s, Instant cutoff) throws SQLException {
        String column = s.column();
        try (Session session = Session.open(dataSource, s.guard().statementTimeout(), s.guard().lockTimeout(),
                s.guard().applicationName())) {
            RetentionCatalog.Target t = RetentionCatalog.resolve(session::query, s.schema(), s.table(), column);
            String cut = RetentionCatalog.cutoffSql(t.typeOid(), cutoff);
            Row count = session.one(Sql.load("retention-estimate", Map.of("relation", t.qualified(),
                    "column", Identifiers.quote(column), "cutoff", cut)));
            Map<String, DataSize> partitions = new LinkedHashMap<>();
            RetentionPartitions layout = RetentionPartitions.of(session::query, t, column, cut);
            layout.dropSizes().forEach((p, size) -> partitions.put(p, DataSize.ofBytes(size)));
            return new RetentionEstimate(t.subject(), cutoff, count.longValue("row_count"),
                    DataSize.ofBytes(count.longValue("row_bytes")), partitions, layout.skipped(), t.indexed());
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
        RetentionEstimate e = estimate(s, cutoffNow());
        String reason = Texts.count(e.rows()) + " row(s) (" + e.rowBytes() + ") older than " + e.cutoff()
                + (e.partitions().isEmpty() ? "" : ", of them in partitions wholly older, to be dropped: "
                + String.join(", ", e.partitions().keySet()))
                + (e.indexed() ? "" : "; no index leads with " + Identifiers.quote(s.column())
                + ": every batch scans the table")
                + (e.skipped().isEmpty() ? "" : "; partitions that are not tables keep their rows: "
                + String.join(", ", e.skipped()));
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
        String age = Durations.humanize(config.olderThan());
        return action(s, s.qualified(), this::cutoffNow, "older than " + age,
                "rows of " + s.qualified() + " older than " + age + " at run time", EstimatedCost.NONE, null);
    }

    /**
     * Runs the removal under {@code options}: a one-action plan, so it runs only with
     * {@code allowDestructive(true)} and only while the window is open, and stops when the window closes or the
     * caller cancels. Never throws for a failed run: the result says what was done and why it ended.
     */
    public RetentionRun execute(ExecutionOptions options) {
        RetentionSpec s = spec();
        RetentionTally tally = new RetentionTally();
        String subject = s.qualified();
        String age = Durations.humanize(config.olderThan());
        MaintenanceAction a = action(s, subject, this::cutoffNow, "older than " + age, "rows older than " + age,
                EstimatedCost.NONE, tally);
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

package io.maintkit.postgres.internal;

import io.maintkit.core.ActionContext;
import io.maintkit.postgres.ArchiveSink;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.postgresql.PGConnection;

/**
 * Carries out a table retention run: settles the pending batches of an earlier run, then removes the rows older
 * than the cutoff in batches, each one transaction whose rows stream to the archive and are made durable before it
 * commits; partitions wholly older than the cutoff are archived, detached and dropped in one transaction each.
 * Between batches it pauses; it stops when the run is cancelled or its window closes.
 */
public final class RetentionRunner {

    private static final int DATE = 1082;
    private static final int TIMESTAMP = 1114;
    private static final int TIMESTAMPTZ = 1184;
    private static final Pattern RANGE = Pattern.compile("FOR VALUES FROM \\((.*)\\) TO \\((.*)\\)", Pattern.DOTALL);
    private static final Duration SETTLE_WAIT = Duration.ofSeconds(30);
    private static final Duration VACUUM_TIMEOUT = Duration.ofHours(6);
    /** A removal is large, and followed by VACUUM (ANALYZE), from this fraction of the relation's rows. */
    private static final double LARGE_FRACTION = 0.1;
    private static final long LARGE_MINIMUM_ROWS = 1000;
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private final DataSource dataSource;
    private final RetentionSpec spec;
    private final String runId;
    private int sequence;

    /** A runner for one run. */
    public RetentionRunner(DataSource dataSource, RetentionSpec spec, Instant start) {
        this.dataSource = dataSource;
        this.spec = spec;
        this.runId = STAMP.format(start) + "-" + String.format("%06x", ThreadLocalRandom.current().nextInt(1 << 24));
    }

    /** Thrown when the run stops because it was cancelled or its window closed. */
    public static final class Stopped extends Exception {
        private static final long serialVersionUID = 1L;

        Stopped(String message) {
            super(message);
        }
    }

    /** Queries of a session or a connection. */
    @FunctionalInterface
    public interface Querier {
        /** Runs a query. */
        List<Row> query(String sql, Object... params) throws SQLException;
    }

    /**
     * A table or partition as retention sees it.
     *
     * @param oid        its oid
     * @param schema     its schema
     * @param name       its name
     * @param subject    {@code schema.name}
     * @param relkind    {@code r} or {@code p}
     * @param reltuples  estimated rows
     * @param attnum     the cutoff column's number
     * @param typeOid    the cutoff column's type
     * @param strategy   partitioning strategy, or null
     * @param partAttnum the single partition key column, or 0
     * @param columns    its columns in order
     * @param indexed    whether an index leads with the cutoff column
     */
    public record Target(long oid, String schema, String name, String subject, String relkind, double reltuples,
                         int attnum, int typeOid, String strategy, int partAttnum, List<String> columns,
                         boolean indexed) {

        /** {@code "schema"."name"}. */
        public String qualified() {
            return Identifiers.qualified(schema, name);
        }

        /** Whether it is a partitioned table. */
        public boolean partitioned() {
            return "p".equals(relkind);
        }
    }

    /** Reads a table's shape; fails when it is missing or the column is not a timestamp, timestamptz or date. */
    public static Target resolve(Querier q, String schema, String table, String column) throws SQLException {
        List<Row> rows = q.query(Sql.load("retention-table"), column, schema, table);
        String name = Identifiers.qualified(schema, table);
        if (rows.isEmpty()) {
            throw new SQLException("no table " + name);
        }
        Row r = rows.get(0);
        if (r.isNull("attnum")) {
            throw new SQLException("table " + name + " has no column " + Identifiers.quote(column));
        }
        int type = (int) r.longValue("type_oid");
        if (type != DATE && type != TIMESTAMP && type != TIMESTAMPTZ) {
            throw new SQLException("column " + Identifiers.quote(column) + " of " + name
                    + " is not a timestamp, timestamptz or date column");
        }
        return new Target(r.longValue("oid"), schema, table, r.text("subject"), r.text("relkind"),
                r.doubleValue("reltuples"), (int) r.longValue("attnum"), type, r.text("strategy"),
                (int) r.longValue("part_attnum", 0), r.texts("columns"), r.bool("indexed"));
    }

    /** The cutoff as an SQL expression of the column's type ({@code timestamp} and {@code date} read as UTC). */
    public static String cutoffSql(int typeOid, Instant cutoff) {
        String tz = "CAST('" + cutoff + "' AS timestamptz)";
        return switch (typeOid) {
            case TIMESTAMPTZ -> tz;
            case TIMESTAMP -> "(" + tz + " AT TIME ZONE 'UTC')";
            case DATE -> "CAST(" + tz + " AT TIME ZONE 'UTC' AS date)";
            default -> throw new IllegalArgumentException("unsupported type " + typeOid);
        };
    }

    private static String typeName(int typeOid) {
        return switch (typeOid) {
            case TIMESTAMPTZ -> "timestamptz";
            case TIMESTAMP -> "timestamp";
            default -> "date";
        };
    }

    /** The column list, quoted. */
    public static String columnsSql(List<String> columns) {
        return String.join(", ", columns.stream().map(Identifiers::quote).toList());
    }

    /** The partitions of {@code parent} wholly older than {@code cutoff}, by subject, with their sizes. */
    public static Map<String, Long> olderPartitions(Querier q, Target parent, String column, String cutoff)
            throws SQLException {
        Map<String, Long> found = new LinkedHashMap<>();
        if (!parent.partitioned()) {
            return found;
        }
        for (Row child : q.query(Sql.load("retention-partitions"), parent.oid())) {
            Target t = resolve(q, child.text("nspname"), child.text("relname"), column);
            if (whollyOlder(q, parent, child.text("bound"), cutoff)) {
                found.put(t.subject(), child.longValue("size_bytes"));
            } else {
                found.putAll(olderPartitions(q, t, column, cutoff));
            }
        }
        return found;
    }

    private static boolean whollyOlder(Querier q, Target parent, String bound, String cutoff) throws SQLException {
        if (!"r".equals(parent.strategy()) || parent.partAttnum() != parent.attnum() || bound == null) {
            return false;
        }
        Matcher m = RANGE.matcher(bound.trim());
        if (!m.matches()) {
            return false;
        }
        String upper = m.group(2).trim();
        if (upper.length() < 2 || upper.charAt(0) != '\'' || upper.charAt(upper.length() - 1) != '\'') {
            return false;
        }
        String literal = upper.substring(1, upper.length() - 1).replace("''", "'");
        return q.query("SELECT CAST(? AS " + typeName(parent.typeOid()) + ") <= " + cutoff + " AS older", literal)
                .get(0).bool("older");
    }

    /** Runs: settles earlier batches, removes, archives, vacuums. */
    public void run(ActionContext context, Instant cutoff, RetentionTally tally) throws Exception {
        tally.cutoff = cutoff;
        try (MaintenanceConnection c = MaintenanceConnection.open(dataSource, spec.guard().applicationName())) {
            c.limits(Duration.ofSeconds(30), spec.guard().lockTimeout());
            Target root = resolve(c::query, spec.schema(), spec.table(), spec.column());
            tally.subject = root.subject();
            lock(c, root);
            try {
                settle(c, root, tally);
                String cut = cutoffSql(root.typeOid(), cutoff);
                Map<Target, Long> removed = new LinkedHashMap<>();
                process(c, context, root, root, cut, tally, removed);
                vacuum(c, context, removed, tally);
            } finally {
                if (c.connection().isValid(2)) {
                    c.limits(Duration.ofSeconds(30), spec.guard().lockTimeout());
                    c.query(Statements.RETENTION_UNLOCK, root.oid());
                }
            }
        }
    }

    private void lock(MaintenanceConnection c, Target root) throws SQLException, InterruptedException {
        long end = System.nanoTime() + SETTLE_WAIT.toNanos();
        while (!c.query(Statements.RETENTION_LOCK, root.oid()).get(0).bool("locked")) {
            if (System.nanoTime() > end) {
                throw new SQLException("another retention run on " + root.subject() + " holds its lock");
            }
            Thread.sleep(100);
        }
    }

    /** Settles the batches an interrupted run left pending, by the fate of their transactions. */
    private void settle(MaintenanceConnection c, Target root, RetentionTally tally)
            throws SQLException, IOException, InterruptedException {
        for (ArchiveSink.Pending p : spec.sink().pending(root.subject())) {
            String status = status(c, p.transactionId());
            if ("committed".equals(status)) {
                p.confirm();
                tally.confirmedPending++;
            } else if ("aborted".equals(status)) {
                p.discard();
                tally.discardedPending++;
            } else {
                throw new SQLException("cannot tell whether transaction " + p.transactionId() + " of archive batch "
                        + p.batchId() + " committed (" + status + "); the batch is left pending");
            }
        }
    }

    private static String status(MaintenanceConnection c, long xid) throws SQLException, InterruptedException {
        long end = System.nanoTime() + SETTLE_WAIT.toNanos();
        while (true) {
            String s = c.query(Statements.TRANSACTION_STATUS, xid).get(0).text("status");
            if (!"in progress".equals(s) || System.nanoTime() > end) {
                return s == null ? "no longer known" : s;
            }
            Thread.sleep(100);
        }
    }

    private void process(MaintenanceConnection c, ActionContext context, Target root, Target rel, String cut,
                         RetentionTally tally, Map<Target, Long> removed) throws Exception {
        if (rel.partitioned()) {
            for (Row child : c.query(Sql.load("retention-partitions"), rel.oid())) {
                Target t = resolve(c::query, child.text("nspname"), child.text("relname"), spec.column());
                if (whollyOlder(c::query, rel, child.text("bound"), cut)) {
                    stopIfCancelled(context, tally);
                    retrying(context, tally, () -> dropPartition(c, context, root, rel, t, tally));
                } else {
                    process(c, context, root, t, cut, tally, removed);
                }
            }
            return;
        }
        String lower = null;
        boolean sweep = false;
        while (true) {
            stopIfCancelled(context, tally);
            String[] range = {lower, null};
            long n = retrying(context, tally, () -> batch(c, context, root, rel, cut, range, tally));
            if (n > 0) {
                removed.merge(rel, n, Long::sum);
            }
            if (range[1] == null) {
                // the range reached the cutoff; one sweep from the start catches rows that arrived behind it
                if (n == 0 && (lower == null || sweep)) {
                    return;
                }
                sweep = true;
                lower = null;
            } else {
                lower = range[1];
            }
            if (n > 0) {
                LockRetry.pause(context, spec.pause().after(tally.lastBatch));
            }
        }
    }

    /**
     * One batch by key range: the cutoff column's value of the {@code batchSize}-th row after {@code range[0]} bounds
     * the batch (ties included), so each batch reads the column's index from where the previous one ended instead of
     * past the dead entries of every earlier batch. Sets {@code range[1]} to that bound, or null when fewer rows
     * than a batch were left before the cutoff.
     */
    private long batch(MaintenanceConnection c, ActionContext context, Target root, Target rel, String cut,
                       String[] range, RetentionTally tally) throws Exception {
        String type = typeName(root.typeOid());
        String column = Identifiers.quote(spec.column());
        String lower = range[0] == null ? "" : "AND " + column + " > " + literal(range[0], type);
        return transaction(c, context, root, tally, (conn, batch) -> {
            List<Row> bound = c.query(Sql.load("retention-bound", Map.of("relation", rel.qualified(),
                    "column", column, "cutoff", cut, "lower", lower,
                    "offset", Integer.toString(spec.batchSize() - 1))));
            range[1] = bound.isEmpty() ? null : bound.get(0).text("bound");
            String upper = range[1] == null ? "" : " AND " + column + " <= " + literal(range[1], type);
            String sql = Sql.load("retention-batch", Map.of("relation", rel.qualified(), "column", column,
                    "cutoff", cut, "range", lower + upper, "columns", columnsSql(root.columns())));
            return copy(context, conn, sql, batch.out());
        }, rel);
    }

    /** A value the server printed, as a literal of the column's type. */
    private static String literal(String value, String type) {
        return "CAST('" + value.replace("'", "''") + "' AS " + type + ")";
    }

    private long dropPartition(MaintenanceConnection c, ActionContext context, Target root, Target parent,
                               Target child, RetentionTally tally) throws Exception {
        String copy = Sql.load("retention-partition-copy", Map.of("relation", child.qualified(),
                "columns", columnsSql(root.columns())));
        transaction(c, context, root, tally, (conn, batch) -> {
            try (Statement st = conn.createStatement()) {
                st.execute("LOCK TABLE " + child.qualified() + " IN SHARE MODE");
            }
            return copy(context, conn, copy, batch.out());
        }, child, "ALTER TABLE " + parent.qualified() + " DETACH PARTITION " + child.qualified(),
                "DROP TABLE " + child.qualified());
        tally.partitionsDropped.add(child.subject());
        return 1;
    }

    /** The body of a batch transaction: streams the rows to the batch, returns how many. */
    @FunctionalInterface
    private interface Body {
        long stream(Connection connection, ArchiveSink.Batch batch) throws Exception;
    }

    /**
     * One batch transaction: its id, the rows streamed to a new archive batch, the batch made durable as pending,
     * then {@code after} statements, commit, and the batch confirmed. Nothing is committed unless the batch is
     * durable; a batch whose commit may not have happened stays pending for the next run to settle.
     */
    private long transaction(MaintenanceConnection c, ActionContext context, Target root, RetentionTally tally,
                             Body body, Target source, String... after) throws Exception {
        Connection conn = c.connection();
        Duration limit = statementLimit(context, tally);
        long t0 = System.nanoTime();
        conn.setAutoCommit(false);
        ArchiveSink.Batch batch = null;
        ArchiveSink.Pending pending = null;
        boolean commitSent = false;
        long rows;
        try {
            long xid = c.query(Sql.load("retention-transaction"), Math.max(1, limit.toMillis()) + "ms",
                    Math.max(1, spec.guard().lockTimeout().toMillis()) + "ms").get(0).longValue("xid");
            batch = spec.sink().open(root.subject(), runId + "-" + String.format("%06d", ++sequence), xid);
            rows = body.stream(conn, batch);
            if (rows > 0) {
                pending = batch.prepare(source.subject(), rows);
            } else {
                batch.close();
                if (after.length == 0) {
                    conn.rollback();
                    return 0;
                }
            }
            try (Statement st = conn.createStatement()) {
                for (String statement : after) {
                    st.execute(statement);
                }
            }
            commitSent = true;
            conn.commit();
        } catch (Exception e) {
            if (!commitSent) {
                rollbackQuietly(conn);
                if (pending != null) {
                    pending.discard();
                } else if (batch != null) {
                    batch.close();
                }
            } else if (pending != null && conn.isValid(2)) {
                settleOne(c, pending, tally);
            }
            throw e;
        } finally {
            if (conn.isValid(2)) {
                conn.setAutoCommit(true);
            }
        }
        if (pending != null) {
            pending.confirm();
            tally.batches++;
            tally.rows += rows;
            tally.bytes += pending.bytes();
        }
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        tally.lastBatch = took;
        if (took.compareTo(tally.longestBatch) > 0) {
            tally.longestBatch = took;
        }
        context.progress(tally.summary());
        return rows;
    }

    private static void settleOne(MaintenanceConnection c, ArchiveSink.Pending p, RetentionTally tally) {
        try {
            c.connection().setAutoCommit(true);
            String s = status(c, p.transactionId());
            if ("committed".equals(s)) {
                p.confirm();
                tally.batches++;
                tally.rows += p.rows();
                tally.bytes += p.bytes();
            } else if ("aborted".equals(s)) {
                p.discard();
            }
        } catch (Exception ignored) {
            // left pending: the next run settles it
        }
    }

    /**
     * Streams a COPY's output to {@code out}. A failing {@code out} (a full disk) is not let into the driver, which
     * cannot recover a copy its stream broke: the copy is cancelled instead and the stream's failure thrown.
     */
    private static long copy(ActionContext context, Connection conn, String sql, java.io.OutputStream out)
            throws Exception {
        PGConnection pg = conn.unwrap(PGConnection.class);
        Shielded shielded = new Shielded(out, pg);
        long rows;
        try (AutoCloseable onCancel = context.onCancel(() -> cancel(pg))) {
            rows = pg.getCopyAPI().copyOut(sql, shielded);
        } catch (SQLException e) {
            if (shielded.failure != null) {
                shielded.failure.addSuppressed(e);
                throw shielded.failure;
            }
            throw e;
        }
        if (shielded.failure != null) {
            throw shielded.failure;
        }
        return rows;
    }

    private static void cancel(PGConnection pg) {
        try {
            pg.cancelQuery();
        } catch (SQLException ignored) {
            // the copy has ended already
        }
    }

    /** Passes bytes on until the first failure, then cancels the copy and swallows the rest. */
    private static final class Shielded extends java.io.OutputStream {
        private final java.io.OutputStream out;
        private final PGConnection pg;
        IOException failure;

        Shielded(java.io.OutputStream out, PGConnection pg) {
            this.out = out;
            this.pg = pg;
        }

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            if (failure != null) {
                return;
            }
            try {
                out.write(b, off, len);
            } catch (IOException | RuntimeException e) {
                failure = e instanceof IOException io ? io : new IOException(e);
                cancel(pg);
            }
        }
    }

    private Duration statementLimit(ActionContext context, RetentionTally tally)
            throws Stopped, InterruptedException {
        Duration limit = spec.guard().statementTimeout();
        Optional<Duration> left = context.remaining();
        if (left.isPresent()) {
            if (left.get().compareTo(Duration.ofMillis(100)) < 0) {
                awaitWindowEnd(context);
                stopIfCancelled(context, tally);
            }
            if (left.get().compareTo(limit) < 0) {
                limit = left.get();
            }
        }
        return limit;
    }

    @FunctionalInterface
    private interface Attempt {
        long run() throws Exception;
    }

    /**
     * Retries after lock timeouts through {@link LockRetry}; a statement cut by the window's end, or a cancellation
     * during a pause, stops the run. No deadline is passed: the window's close cancels the context, which ends a
     * pause and reads as a stop, not as a failure.
     */
    private long retrying(ActionContext context, RetentionTally tally, Attempt attempt) throws Exception {
        try {
            return LockRetry.run(spec.guard(), context, Optional.empty(), n -> attempt.run(), (e, n) -> {
                if (GuardedStatement.QUERY_CANCELED.equals(e.getSQLState())) {
                    awaitWindowEnd(context);
                    stopIfCancelled(context, tally);
                }
            });
        } catch (SQLException e) {
            stopIfCancelled(context, tally);
            throw e;
        }
    }

    private static void awaitWindowEnd(ActionContext context) throws InterruptedException {
        Optional<Duration> left = context.remaining();
        if (left.isPresent() && left.get().compareTo(Duration.ofSeconds(2)) <= 0) {
            Thread.sleep(left.get().toMillis() + 5);
        }
    }

    private static void stopIfCancelled(ActionContext context, RetentionTally tally) throws Stopped {
        if (context.isCancelled()) {
            boolean windowClosed = context.remaining().map(Duration::isZero).orElse(false);
            throw new Stopped((windowClosed ? "the window closed" : "cancelled") + " after " + tally.summary());
        }
    }

    private static void rollbackQuietly(Connection conn) {
        try {
            if (!conn.isClosed()) {
                conn.rollback();
            }
        } catch (SQLException ignored) {
            // a broken connection has rolled back on the server
        }
    }

    /** VACUUM (ANALYZE) for each relation that lost a large share of its rows. */
    private void vacuum(MaintenanceConnection c, ActionContext context, Map<Target, Long> removed,
                        RetentionTally tally) {
        if (!spec.vacuumAfter()) {
            return;
        }
        Guard g = spec.guard();
        Guard vacuumGuard = new Guard(g.lockTimeout(), g.maxAttempts(), g.initialBackoff(), g.maxBackoff(),
                VACUUM_TIMEOUT, g.progressInterval(), g.applicationName());
        for (Map.Entry<Target, Long> e : removed.entrySet()) {
            Target t = e.getKey();
            long n = e.getValue();
            if (n < LARGE_MINIMUM_ROWS || n < LARGE_FRACTION * Math.max(t.reltuples(), 1)) {
                continue;
            }
            if (context.isCancelled()) {
                tally.notes.add("VACUUM (ANALYZE) " + t.subject() + " not run: the run was stopped");
                continue;
            }
            try {
                GuardedStatement.run(dataSource, c, vacuumGuard, context, context.deadline(),
                        "VACUUM (ANALYZE) " + t.qualified(), null);
                tally.vacuumed.add(t.subject());
            } catch (SQLException ex) {
                tally.notes.add("VACUUM (ANALYZE) " + t.subject() + " not run: " + GuardedStatement.firstLine(ex));
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}

package io.maintkit.mysql.internal;

import io.maintkit.core.ActionContext;
import io.maintkit.core.ArchiveSink;
import io.maintkit.core.internal.LockRetry;
import io.maintkit.mysql.MysqlNamedLock;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;

/**
 * Carries out one MariaDB/MySQL table retention run on one borrowed connection: takes the table's run lock
 * ({@code GET_LOCK}), settles the archive batches an interrupted run left pending by their marker rows
 * ({@link RetentionMarkers}), then walks the primary key from the lowest to the highest key of the rows older than
 * the cutoff, one range of at most {@code batchSize} keys per transaction. A batch transaction inserts its marker
 * row, removes the range's old rows while streaming exactly them to a new archive batch ({@code DELETE ...
 * RETURNING}, or a locking read and a delete of the same range), makes the batch durable as pending, commits, and
 * confirms the batch. Between batches it pauses in proportion to the batch's time and while a replica lags; it stops
 * when the caller cancels or the window closes. The session's time zone is UTC for the run, so {@code TIMESTAMP}
 * values compare with the cutoff and are archived in UTC; the session values it changes are put back.
 */
public final class RetentionRunner {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter CUTOFF = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS")
            .withZone(ZoneOffset.UTC);
    private static final int LOCK_WAIT_TIMEOUT = 1205;
    private static final int DEADLOCK = 1213;
    /** The pause after a batch's first lock failure; it doubles up to {@link #LONGEST_BACKOFF}. */
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(200);
    private static final Duration LONGEST_BACKOFF = Duration.ofSeconds(5);
    private static final Duration REPLICA_POLL = Duration.ofSeconds(1);
    /** Rows the driver fetches at a time, so rows are archived while the server still removes the next ones. */
    private static final int FETCH_SIZE = 1000;

    private final DataSource dataSource;
    private final RetentionSpec spec;
    private final String runId;
    private int sequence;

    /** A runner for one run started at {@code start}. */
    public RetentionRunner(DataSource dataSource, RetentionSpec spec, Instant start) {
        this.dataSource = dataSource;
        this.spec = spec;
        this.runId = STAMP.format(start) + "-" + String.format("%06x", ThreadLocalRandom.current().nextInt(1 << 24));
    }

    /** The cutoff as the statement parameter the run compares with: UTC, microseconds. */
    public static String cutoffText(Instant cutoff) {
        return CUTOFF.format(cutoff);
    }

    /** Thrown when the run stops because it was cancelled or its window closed. */
    static final class Stopped extends Exception {
        private static final long serialVersionUID = 1L;

        Stopped(String message) {
            super(message);
        }
    }

    /** The dry run's figures: the table as resolved and how many rows are older than the cutoff. */
    public record Estimate(RetentionTarget target, long rows) {
    }

    /** Reads the table and counts the rows older than {@code cutoff}; changes nothing. */
    public static Estimate estimate(DataSource dataSource, RetentionSpec spec, Instant cutoff) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            RetentionSession session = RetentionSession.prepare(c, spec.lockWaitSeconds());
            try {
                session.queryTimeout(spec.statementTimeout());
                RetentionTarget t = RetentionTarget.resolve(session::rows, spec.schema(), spec.table(),
                        spec.column());
                Object[] span = session.objects(Sql.load("retention-estimate", t.fragments(true)),
                        cutoffText(cutoff));
                return new Estimate(t, ((Number) span[0]).longValue());
            } finally {
                session.restore();
            }
        }
    }

    /** Runs: settles earlier batches, then removes and archives the rows older than {@code cutoff}. */
    public void run(ActionContext context, Instant cutoff, RetentionTally tally) throws Exception {
        tally.cutoff = cutoff;
        try (Connection c = dataSource.getConnection()) {
            RetentionSession session = RetentionSession.prepare(c, spec.lockWaitSeconds());
            try {
                session.queryTimeout(spec.statementTimeout());
                RetentionTarget t = RetentionTarget.resolve(session::rows, spec.schema(), spec.table(),
                        spec.column());
                String lock = MysqlNamedLock.lockName("maintkit retention " + t.subject());
                if (session.one("SELECT GET_LOCK(?, 10) AS got", lock).longValue("got", 0) != 1) {
                    throw new SQLException("another retention run on " + t.subject() + " holds its lock");
                }
                try {
                    RetentionMarkers markers = new RetentionMarkers(spec);
                    markers.create(session);
                    markers.settle(session, t.subject(), tally);
                    markers.clear(session, t.subject());
                    trim(session, context, t, cutoffText(cutoff), tally);
                    markers.clear(session, t.subject());
                } finally {
                    if (c.isValid(2)) {
                        session.one("SELECT RELEASE_LOCK(?) AS released", lock);
                    }
                }
            } finally {
                if (c.isValid(2)) {
                    session.restore();
                }
            }
        }
    }

    private void trim(RetentionSession session, ActionContext context, RetentionTarget t, String cut,
                      RetentionTally tally) throws Exception {
        Object[] span = session.objects(Sql.load("retention-estimate", t.fragments(true)), cut);
        Object low = span[1];
        Object high = span[2];
        boolean inclusive = true;
        while (low != null) {
            stopIfCancelled(context, tally);
            awaitReplicas(context, tally);
            Object from = low;
            boolean fromInclusive = inclusive;
            Object[] upper = new Object[1];
            long n = retrying(context, tally, () -> batch(session, context, t, cut, from, fromInclusive, high, upper,
                    tally));
            low = upper[0];
            inclusive = false;
            if (n > 0) {
                context.pause(spec.pause().after(tally.lastBatch));
            }
        }
    }

    /**
     * One batch transaction over the key range from {@code from} to the {@code batchSize}-th key after it (or
     * {@code high}); sets {@code upper[0]} to the range's end, or null when it reached {@code high}.
     */
    private long batch(RetentionSession session, ActionContext context, RetentionTarget t, String cut, Object from,
                       boolean fromInclusive, Object high, Object[] upper, RetentionTally tally) throws Exception {
        Connection c = session.connection();
        int timeout = statementSeconds(context, tally);
        long t0 = System.nanoTime();
        Map<String, String> sql = t.fragments(fromInclusive);
        c.setAutoCommit(false);
        ArchiveSink.Batch batch = null;
        ArchiveSink.Pending pending = null;
        boolean commitSent = false;
        long rows;
        long id = session.connectionId();
        AutoCloseable kill = context.onCancel(() -> killQuery(id));
        try {
            Object end = session.object(Sql.load("retention-bound", Map.of("relation", t.qualified(),
                    "key", sql.get("key"), "lower", sql.get("lower"),
                    "offset", Integer.toString(spec.batchSize() - 1))), from, high);
            Object to = end == null ? high : end;
            String batchId = runId + "-" + String.format("%06d", ++sequence);
            long marker = new RetentionMarkers(spec).insert(session, batchId, t.subject());
            batch = spec.sink().open(t.subject(), batchId, marker);
            rows = spec.returning() && session.deleteReturns() ? deleteReturning(c, sql, from, to, cut, timeout, batch)
                    : lockReadDelete(c, sql, from, to, cut, timeout, batch);
            upper[0] = end;
            if (rows == 0) {
                batch.close();
                c.rollback();
                return 0;
            }
            pending = batch.prepare(t.subject(), rows);
            commitSent = true;
            c.commit();
        } catch (SQLException | IOException | RuntimeException e) {
            if (!commitSent) {
                rollbackQuietly(c);
                if (pending != null) {
                    pending.discard();
                } else if (batch != null) {
                    batch.close();
                }
            } else if (pending != null) {
                settleOne(pending, tally);
            }
            throw e;
        } finally {
            kill.close();
            if (c.isValid(2)) {
                c.setAutoCommit(true);
            }
        }
        pending.confirm();
        tally.batches++;
        tally.rows += rows;
        tally.bytes += pending.bytes();
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        tally.lastBatch = took;
        if (took.compareTo(tally.longestBatch) > 0) {
            tally.longestBatch = took;
        }
        context.progress(tally.summary());
        return rows;
    }

    /** MariaDB: one {@code DELETE ... RETURNING} streams exactly the removed rows. */
    private static long deleteReturning(Connection c, Map<String, String> sql, Object from, Object to, String cut,
                                        int timeout, ArchiveSink.Batch batch) throws SQLException, IOException {
        try (PreparedStatement st = c.prepareStatement(Sql.load("retention-delete-returning", sql))) {
            bind(st, timeout, from, to, cut);
            try (ResultSet rs = st.executeQuery()) {
                return CsvRows.write(rs, batch.out());
            }
        }
    }

    /**
     * MySQL (and MariaDB when asked): the range's old rows are read with {@code FOR UPDATE}, which under REPEATABLE
     * READ locks them and the gaps between them, so the delete of the same range in the same transaction removes
     * exactly the rows archived; a different count rolls the batch back.
     */
    private static long lockReadDelete(Connection c, Map<String, String> sql, Object from, Object to, String cut,
                                       int timeout, ArchiveSink.Batch batch) throws SQLException, IOException {
        long read;
        try (PreparedStatement st = c.prepareStatement(Sql.load("retention-lock-rows", sql))) {
            bind(st, timeout, from, to, cut);
            try (ResultSet rs = st.executeQuery()) {
                read = CsvRows.write(rs, batch.out());
            }
        }
        if (read == 0) {
            return 0;
        }
        try (PreparedStatement st = c.prepareStatement(Sql.load("retention-delete", sql))) {
            bind(st, timeout, from, to, cut);
            int deleted = st.executeUpdate();
            if (deleted != read) {
                throw new SQLException("the batch deleted " + deleted + " row(s) but archived " + read
                        + "; rolled back");
            }
        }
        return read;
    }

    private static void bind(PreparedStatement st, int timeout, Object from, Object to, String cut)
            throws SQLException {
        st.setQueryTimeout(timeout);
        st.setFetchSize(FETCH_SIZE);
        st.setObject(1, from);
        st.setObject(2, to);
        st.setString(3, cut);
    }

    /** A batch whose commit was sent but not acknowledged: settled now when its marker can tell, else later. */
    private void settleOne(ArchiveSink.Pending p, RetentionTally tally) {
        try (Connection c = dataSource.getConnection()) {
            RetentionSession s = RetentionSession.prepare(c, RetentionMarkers.SETTLE_WAIT_SECONDS);
            try {
                RetentionMarkers.Fate fate = new RetentionMarkers(spec).fate(s, p);
                if (fate == RetentionMarkers.Fate.COMMITTED) {
                    p.confirm();
                    tally.batches++;
                    tally.rows += p.rows();
                    tally.bytes += p.bytes();
                } else if (fate == RetentionMarkers.Fate.ROLLED_BACK) {
                    p.discard();
                }
            } finally {
                s.restore();
            }
        } catch (SQLException | IOException ignored) {
            // left pending: the next run settles it
        }
    }

    /** Before a batch: waits while a watched replica lags beyond the limit, or its lag is unknown. */
    private void awaitReplicas(ActionContext context, RetentionTally tally) throws Exception {
        String why = spec.replicas().lagging();
        while (why != null) {
            context.progress("paused: " + why);
            long t0 = System.nanoTime();
            context.pause(REPLICA_POLL);
            tally.replicaWait = tally.replicaWait.plusNanos(System.nanoTime() - t0);
            if (context.isCancelled()) {
                tally.notes.add("paused: " + why);
                stopIfCancelled(context, tally);
            }
            why = spec.replicas().lagging();
        }
    }

    /** The statement limit of a batch in whole seconds, shortened to the window's remaining time. */
    private int statementSeconds(ActionContext context, RetentionTally tally) throws Stopped {
        Duration limit = spec.statementTimeout();
        Optional<Duration> left = context.remaining();
        if (left.isPresent()) {
            if (left.get().compareTo(Duration.ofMillis(200)) < 0) {
                try {
                    Thread.sleep(left.get().toMillis() + 5);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                stopIfCancelled(context, tally);
            }
            if (left.get().compareTo(limit) < 0) {
                limit = left.get();
            }
        }
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, (limit.toMillis() + 999) / 1000));
    }

    private static void stopIfCancelled(ActionContext context, RetentionTally tally) throws Stopped {
        if (context.isCancelled()) {
            boolean windowClosed = context.remaining().map(Duration::isZero).orElse(false);
            throw new Stopped((windowClosed ? "the window closed" : "cancelled") + " after " + tally.summary());
        }
    }

    @FunctionalInterface
    private interface Attempt {
        long run() throws Exception;
    }

    /** Tries a batch again after a lock wait timeout or a deadlock, pausing longer each time. */
    private long retrying(ActionContext context, RetentionTally tally, Attempt attempt) throws Exception {
        LockRetry.Policy policy = new LockRetry.Policy(
                e -> e.getErrorCode() == LOCK_WAIT_TIMEOUT || e.getErrorCode() == DEADLOCK,
                Duration.ofSeconds(spec.lockWaitSeconds()), spec.maxAttempts(), FIRST_BACKOFF, LONGEST_BACKOFF);
        List<String> failures = new ArrayList<>();
        try {
            return LockRetry.run(policy, context, context.deadline(), n -> attempt.run(), (e, n) -> {
                stopIfCancelled(context, tally);
                if (policy.lockFailure().test(e)) {
                    failures.add(Texts.firstLine(e.getMessage()));
                    context.progress("batch attempt " + n + " met a lock: " + Texts.firstLine(e.getMessage()));
                }
            });
        } catch (SQLException e) {
            if (policy.lockFailure().test(e)) {
                throw new SQLException("gave up after " + failures.size() + " attempts: " + String.join("; ",
                        failures), e.getSQLState(), e.getErrorCode(), e);
            }
            throw e;
        }
    }

    private void killQuery(long id) {
        try (Connection killer = dataSource.getConnection(); Statement st = killer.createStatement()) {
            st.execute("KILL QUERY " + id);
        } catch (SQLException e) {
            // the statement may have ended already
        }
    }

    private static void rollbackQuietly(Connection c) {
        try {
            if (!c.isClosed()) {
                c.rollback();
            }
        } catch (SQLException ignored) {
            // a broken connection has rolled back on the server
        }
    }
}

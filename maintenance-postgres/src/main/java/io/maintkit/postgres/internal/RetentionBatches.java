package io.maintkit.postgres.internal;

import io.maintkit.core.ActionContext;
import io.maintkit.core.ArchiveSink;
import io.maintkit.postgres.internal.RetentionCatalog.Target;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.postgresql.PGConnection;

/**
 * The batch transactions of one retention run: each removes rows (or a whole partition) and streams exactly the
 * removed rows to a new archive batch, which is made durable as pending before the transaction commits and final
 * after.
 */
final class RetentionBatches {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private final RetentionSpec spec;
    private final String runId;
    private int sequence;

    RetentionBatches(RetentionSpec spec, Instant start) {
        this.spec = spec;
        this.runId = STAMP.format(start) + "-" + String.format("%06x", ThreadLocalRandom.current().nextInt(1 << 24));
    }

    /**
     * One batch by key range: the cutoff column's value of the {@code batchSize}-th row after {@code range[0]} bounds
     * the batch (ties included), so each batch reads the column's index from where the previous one ended instead of
     * past the dead entries of every earlier batch. Sets {@code range[1]} to that bound, or null when fewer rows
     * than a batch were left before the cutoff.
     */
    long batch(MaintenanceConnection c, ActionContext context, Target root, Target rel, String cut,
                       String[] range, RetentionTally tally) throws Exception {
        String column = Identifiers.quote(spec.column());
        String lower = range[0] == null ? "" : "AND " + column + " > "
                + RetentionCatalog.literal(range[0], root.typeOid());
        return transaction(c, context, root, tally, (conn, batch) -> {
            List<Row> bound = c.query(Sql.load("retention-bound", Map.of("relation", rel.qualified(),
                    "column", column, "cutoff", cut, "lower", lower,
                    "offset", Integer.toString(spec.batchSize() - 1))));
            range[1] = bound.isEmpty() ? null : bound.get(0).text("bound");
            String upper = range[1] == null ? "" : " AND " + column + " <= "
                    + RetentionCatalog.literal(range[1], root.typeOid());
            String sql = Sql.load("retention-batch", Map.of("relation", rel.qualified(), "column", column,
                    "cutoff", cut, "range", lower + upper, "columns", RetentionCatalog.columnsSql(root.columns())));
            return copy(context, conn, sql, batch.out());
        }, rel);
    }

    /** Archives, detaches and drops a partition wholly older than the cutoff, in one transaction. */
    long dropPartition(MaintenanceConnection c, ActionContext context, Target root, Target parent,
                               Target child, RetentionTally tally) throws Exception {
        String copy = Sql.load("retention-partition-copy", Map.of("relation", child.qualified(),
                "columns", RetentionCatalog.columnsSql(root.columns())));
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
                PendingBatches.settleOne(c, pending, tally);
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
            throws RetentionStop.Stopped, InterruptedException {
        Duration limit = spec.guard().statementTimeout();
        Optional<Duration> left = context.remaining();
        if (left.isPresent()) {
            if (left.get().compareTo(Duration.ofMillis(100)) < 0) {
                RetentionStop.awaitWindowEnd(context);
                RetentionStop.stopIfCancelled(context, tally);
            }
            if (left.get().compareTo(limit) < 0) {
                limit = left.get();
            }
        }
        return limit;
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
}

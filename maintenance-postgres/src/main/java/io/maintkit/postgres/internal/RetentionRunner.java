package io.maintkit.postgres.internal;

import io.maintkit.core.ActionContext;
import io.maintkit.core.internal.LockRetry;
import io.maintkit.postgres.internal.RetentionCatalog.Target;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Carries out a table retention run: settles the pending batches of an earlier run ({@link PendingBatches}), finds
 * which partitions go whole and which tables are trimmed ({@link RetentionPartitions}), then removes the rows older
 * than the cutoff in batch transactions ({@link RetentionBatches}). Between batches it pauses; it stops when the run
 * is cancelled or its window closes ({@link RetentionStop}).
 */
public final class RetentionRunner {

    private static final Duration VACUUM_TIMEOUT = Duration.ofHours(6);
    /** A removal is large, and followed by VACUUM (ANALYZE), from this fraction of the relation's rows. */
    private static final double LARGE_FRACTION = 0.1;
    private static final long LARGE_MINIMUM_ROWS = 1000;

    private final DataSource dataSource;
    private final RetentionSpec spec;
    private final RetentionBatches batches;

    /** A runner for one run. */
    public RetentionRunner(DataSource dataSource, RetentionSpec spec, Instant start) {
        this.dataSource = dataSource;
        this.spec = spec;
        this.batches = new RetentionBatches(spec, start);
    }

    /** Runs: settles earlier batches, removes, archives, vacuums. */
    public void run(ActionContext context, Instant cutoff, RetentionTally tally) throws Exception {
        tally.cutoff = cutoff;
        try (MaintenanceConnection c = MaintenanceConnection.open(dataSource, spec.guard().applicationName())) {
            c.limits(Duration.ofSeconds(30), spec.guard().lockTimeout());
            Target root = RetentionCatalog.resolve(c::query, spec.schema(), spec.table(), spec.column());
            tally.subject = root.subject();
            lock(c, root);
            try {
                PendingBatches.settle(c, spec.sink(), root, tally);
                String cut = RetentionCatalog.cutoffSql(root.typeOid(), cutoff);
                RetentionPartitions layout = RetentionPartitions.of(c::query, root, spec.column(), cut);
                layout.skipped().forEach(p -> tally.notes.add("partition " + p + " is not a table (a foreign"
                        + " table?): its rows are left"));
                for (RetentionPartitions.Drop d : layout.drops()) {
                    RetentionStop.stopIfCancelled(context, tally);
                    retrying(context, tally, () -> batches.dropPartition(c, context, root, d.parent(), d.partition(),
                            tally));
                }
                Map<Target, Long> removed = new LinkedHashMap<>();
                for (Target leaf : layout.leaves()) {
                    trim(c, context, root, leaf, cut, tally, removed);
                }
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
        long end = System.nanoTime() + PendingBatches.SETTLE_WAIT.toNanos();
        while (!c.query(Statements.RETENTION_LOCK, root.oid()).get(0).bool("locked")) {
            if (System.nanoTime() > end) {
                throw new SQLException("another retention run on " + root.subject() + " holds its lock");
            }
            Thread.sleep(100);
        }
    }

    /** Removes a table's rows older than the cutoff, batch after batch, pausing in between. */
    private void trim(MaintenanceConnection c, ActionContext context, Target root, Target rel, String cut,
                      RetentionTally tally, Map<Target, Long> removed) throws Exception {
        String lower = null;
        boolean sweep = false;
        while (true) {
            RetentionStop.stopIfCancelled(context, tally);
            String[] range = {lower, null};
            long n = retrying(context, tally, () -> batches.batch(c, context, root, rel, cut, range, tally));
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
                context.pause(spec.pause().after(tally.lastBatch));
            }
        }
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
            return LockRetry.run(spec.guard().retry(), context, Optional.empty(), n -> attempt.run(), (e, n) -> {
                if (GuardedStatement.QUERY_CANCELED.equals(e.getSQLState())) {
                    RetentionStop.awaitWindowEnd(context);
                    RetentionStop.stopIfCancelled(context, tally);
                }
            });
        } catch (SQLException e) {
            RetentionStop.stopIfCancelled(context, tally);
            throw e;
        }
    }

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

package io.maintkit.postgres.internal;

import io.maintkit.core.ArchiveSink;
import io.maintkit.postgres.internal.RetentionCatalog.Target;

import java.io.IOException;
import java.sql.SQLException;
import java.time.Duration;

/**
 * Settles the archive batches a retention run left pending: a batch is durable before its transaction commits, so
 * after an interruption its transaction's fate ({@code txid_status}) decides whether it is made final (committed) or
 * removed (rolled back). Every removed row ends archived exactly once.
 */
final class PendingBatches {

    /** How long a transaction still in progress is waited for. */
    static final Duration SETTLE_WAIT = Duration.ofSeconds(30);

    private PendingBatches() {
    }

    /** Settles the batches an interrupted run left pending, by the fate of their transactions. */
    static void settle(MaintenanceConnection c, ArchiveSink sink, Target root, RetentionTally tally)
            throws SQLException, IOException, InterruptedException {
        for (ArchiveSink.Pending p : sink.pending(root.subject())) {
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

    /** Settles one batch whose commit was sent but not acknowledged; left pending when its fate is unknown. */
    static void settleOne(MaintenanceConnection c, ArchiveSink.Pending p, RetentionTally tally) {
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
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (SQLException | IOException ignored) {
            // left pending: the next run settles it
        }
    }
}

package io.maintkit.mysql.internal;

import io.maintkit.core.ArchiveSink;

import java.io.IOException;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * The marker rows that tell, after any interruption, whether a batch transaction committed. Each batch transaction
 * first inserts a row into the marker table; its id is the archive batch's transaction id. The row commits with the
 * removal or not at all, so at the next run: a marker row there means the batch's rows are gone (the pending batch
 * is made final), no row means they are still in the table (the batch is removed). The lookup is a locking read:
 * while the batch's transaction is still open on the server (a client that died without closing its socket), it
 * waits for it to end, and when that takes longer than {@link #SETTLE_WAIT_SECONDS} the batch is left pending and
 * the run stops, since nobody can tell yet. Markers of settled batches are deleted.
 */
final class RetentionMarkers {

    /** How long a marker row still locked by an open batch transaction is waited for, in seconds. */
    static final long SETTLE_WAIT_SECONDS = 30;

    private final RetentionSpec spec;
    private final Map<String, String> fragments;

    RetentionMarkers(RetentionSpec spec) {
        this.spec = spec;
        this.fragments = Map.of("markers", spec.markers());
    }

    /** Creates the marker table when it is missing. */
    void create(RetentionSession s) throws SQLException {
        s.execute(Sql.load("retention-marker-create", fragments));
    }

    /** Inserts a batch's marker row in the open transaction and returns its id. */
    long insert(RetentionSession s, String batchId, String table) throws SQLException {
        return s.update(Sql.load("retention-marker-insert", fragments), batchId, table);
    }

    /** Settles the table's pending batches by their marker rows. */
    void settle(RetentionSession s, String table, RetentionTally tally) throws SQLException, IOException {
        List<ArchiveSink.Pending> pending = spec.sink().pending(table);
        if (pending.isEmpty()) {
            return;
        }
        s.lockWait(SETTLE_WAIT_SECONDS);
        try {
            for (ArchiveSink.Pending p : pending) {
                Fate fate = fate(s, p);
                if (fate == Fate.UNKNOWN) {
                    throw new SQLException("cannot tell whether the transaction of archive batch " + p.batchId()
                            + " committed: it still holds its marker row after " + SETTLE_WAIT_SECONDS
                            + " s; the batch is left pending");
                }
                if (fate == Fate.COMMITTED) {
                    p.confirm();
                    tally.confirmedPending++;
                } else {
                    p.discard();
                    tally.discardedPending++;
                }
            }
        } finally {
            s.lockWait(spec.lockWaitSeconds());
        }
    }

    /** What became of a batch's transaction. */
    enum Fate {
        /** Its marker row is there: the rows are gone. */
        COMMITTED,
        /** No marker row: the rows are still in the table. */
        ROLLED_BACK,
        /** The marker row is still locked by an open transaction. */
        UNKNOWN
    }

    /** What became of the pending batch's transaction. */
    Fate fate(RetentionSession s, ArchiveSink.Pending p) throws SQLException {
        try {
            List<Row> rows = s.rows(Sql.load("retention-marker-status", fragments), p.transactionId());
            return !rows.isEmpty() && p.batchId().equals(rows.get(0).text("batch_id")) ? Fate.COMMITTED
                    : Fate.ROLLED_BACK;
        } catch (SQLException e) {
            if (e.getErrorCode() == 1205) {
                return Fate.UNKNOWN;
            }
            throw e;
        }
    }

    /** Deletes the table's marker rows: called only when none of its batches is pending. */
    void clear(RetentionSession s, String table) throws SQLException {
        s.update(Sql.load("retention-marker-clear", fragments), table);
    }
}

package io.maintkit.core;

import io.maintkit.core.internal.GzipCsvFiles;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;

/**
 * Where a table retention (PostgreSQL's {@code io.maintkit.postgres.TableRetention}, MariaDB/MySQL's
 * {@code io.maintkit.mysql.TableRetention}) puts the rows it removes, one batch at a time, so that every removed row
 * is archived exactly once whatever interrupts the run.
 *
 * <p>The protocol: {@link #open} a batch before its transaction removes the rows; the rows stream to
 * {@link Batch#out()}; {@link Batch#prepare} makes them durable (written, flushed, synced) in a <em>pending</em>
 * state that records the transaction's id; only then does the transaction commit, after which the batch is
 * {@link Pending#confirm() confirmed} (made final). A batch whose transaction did not commit is
 * {@link Pending#discard() discarded}. After a crash the next run asks for {@link #pending} batches and settles each
 * by its transaction's fate on the server: committed ones are confirmed, rolled back ones discarded. The
 * transaction id is whatever the engine can later answer about: PostgreSQL's {@code txid_current()}, the id of the
 * marker row MariaDB/MySQL batches write in their transaction.
 *
 * <p>{@link #gzipCsvFiles(Path)} is the built-in sink.
 */
public interface ArchiveSink {

    /**
     * One gzip CSV file per batch in {@code directory} ({@code <table>.<batch>.csv.gz}, the CSV with a header line),
     * each with a manifest beside it ({@code <table>.<batch>.manifest}: rows, SHA-256 of the {@code .csv.gz} file,
     * source relation, transaction). Pending batches carry a {@code .pending} suffix until confirmed.
     */
    static ArchiveSink gzipCsvFiles(Path directory) {
        return new GzipCsvFiles(directory);
    }

    /**
     * Starts a batch.
     *
     * @param table         the table's subject ({@code schema.name}), the same for every batch of the table
     * @param batchId       unique, sortable in the order the batches were taken, letters, digits and {@code -} only
     * @param transactionId the id by which the server tells later whether the transaction that removes the batch's
     *                      rows committed (PostgreSQL: {@code txid_current()}; MariaDB/MySQL: the marker row's id)
     */
    Batch open(String table, String batchId, long transactionId) throws IOException;

    /** The batches of {@code table} that were prepared but neither confirmed nor discarded, oldest first. */
    List<Pending> pending(String table) throws IOException;

    /** A batch being written. */
    interface Batch extends Closeable {

        /** Receives the batch's rows as CSV with a header line. */
        OutputStream out();

        /**
         * Makes the batch durable in the pending state.
         *
         * @param source the table the rows came from ({@code schema.name}; a partition for partitioned tables)
         * @param rows   how many rows were written
         */
        Pending prepare(String source, long rows) throws IOException;

        /** Removes what was written unless the batch was prepared; idempotent. */
        @Override
        void close() throws IOException;
    }

    /** A durable batch waiting for its transaction's outcome. */
    interface Pending {

        /** The batch id. */
        String batchId();

        /** The transaction that removes the batch's rows. */
        long transactionId();

        /** How many rows it holds. */
        long rows();

        /** Its archived size in bytes. */
        long bytes();

        /** The transaction committed: the batch becomes final. */
        void confirm() throws IOException;

        /** The transaction did not commit: the batch is removed. */
        void discard() throws IOException;
    }
}

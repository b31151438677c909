package io.maintkit.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.maintkit.core.ArchiveSink;
import io.maintkit.core.ExecutionOptions;
import io.maintkit.core.Outcome;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exactly-once invariant under killed backends: another session terminates the run's backend with
 * {@code pg_terminate_backend} at random moments (while the COPY streams, while the archive syncs, around the
 * commit) and just before the commit; runs are repeated until one completes; then the archive must hold every removed
 * row once and no row that is still in the table.
 */
class RetentionKillTest {

    private static final ExecutionOptions ALLOWED = ExecutionOptions.defaults().allowDestructive(true);
    private static DataSource db;

    @TempDir
    Path dir;

    @BeforeAll
    static void database() {
        db = Pg.engine().createDatabase("retention_kill");
    }

    private static int kill(String applicationName) {
        return (int) Pg.number(db, "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                + " WHERE application_name = '" + applicationName + "' AND pid <> pg_backend_pid()");
    }

    private TableRetention retention(String table, String app, ArchiveSink sink) {
        return TableRetention.on(db).table("public", table).olderThan("created_at", Duration.ofDays(90))
                .archiveTo(sink).batchSize(150).pauseBetweenBatches(Duration.ZERO).applicationName(app);
    }

    @Test
    void killedAtRandomMomentsEveryRemovedRowIsArchivedExactlyOnce() throws Exception {
        TableRetentionTest.events(db, "killed", 15000, 300);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger kills = new AtomicInteger();
        Thread killer = new Thread(() -> {
            while (!stop.get()) {
                try {
                    Thread.sleep(ThreadLocalRandom.current().nextInt(5, 60));
                } catch (InterruptedException e) {
                    return;
                }
                kills.addAndGet(kill("maintkit-killed"));
            }
        });
        killer.start();
        RetentionRun run = null;
        int runs = 0;
        int confirmed = 0;
        int discarded = 0;
        try {
            for (; runs < 400 && kills.get() < 25; runs++) {
                run = retention("killed", "maintkit-killed", ArchiveSink.gzipCsvFiles(dir)).execute(ALLOWED);
                confirmed += run.pendingConfirmed();
                discarded += run.pendingDiscarded();
                if (run.outcome() == Outcome.SUCCEEDED) {
                    break;
                }
                assertThat(run.outcome()).isEqualTo(Outcome.FAILED);
            }
        } finally {
            stop.set(true);
            killer.join();
        }
        assertThat(kills.get()).isGreaterThan(3);
        Archive.assertExactlyOnce(dir, db, "killed", 15000);

        run = retention("killed", "maintkit-killed", ArchiveSink.gzipCsvFiles(dir)).execute(ALLOWED);
        confirmed += run.pendingConfirmed();
        discarded += run.pendingDiscarded();

        assertThat(run.outcome()).as(run.detail()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(Archive.pending(dir)).isEmpty();
        assertThat(Pg.number(db, "SELECT count(*) FROM killed WHERE id <= 15000")).isZero();
        assertThat(Archive.ids(dir)).hasSize(15000).doesNotHaveDuplicates();
        assertThat(Pg.number(db, "SELECT count(*) FROM killed")).isEqualTo(300);
        System.out.printf("killed-backend retention: %d runs, %d kills, %d pending batches confirmed, %d discarded%n",
                runs + 1, kills.get(), confirmed, discarded);
    }

    @Test
    void killedJustBeforeTheCommitTheDurableBatchIsSettledByItsTransactionsFate() throws Exception {
        TableRetentionTest.events(db, "precommit", 900, 10);
        ArchiveSink real = ArchiveSink.gzipCsvFiles(dir);
        AtomicInteger prepared = new AtomicInteger();
        ArchiveSink killing = new TableRetentionTest.Forwarding(real) {
            @Override
            public Batch open(String table, String batchId, long transactionId) throws IOException {
                return new TableRetentionTest.ForwardingBatch(real.open(table, batchId, transactionId)) {
                    @Override
                    public Pending prepare(String source, long rows) throws IOException {
                        Pending p = super.prepare(source, rows);
                        if (prepared.incrementAndGet() % 2 == 0) {
                            // durable and pending; the transaction dies before COMMIT reaches it
                            kill("maintkit-precommit");
                        }
                        return p;
                    }
                };
            }
        };

        RetentionRun first = retention("precommit", "maintkit-precommit", killing).execute(ALLOWED);
        assertThat(first.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(first.rows()).isEqualTo(150);
        assertThat(Archive.pending(dir)).isNotEmpty();
        Archive.assertExactlyOnce(dir, db, "precommit", 900);

        RetentionRun rest = retention("precommit", "maintkit-precommit", real).execute(ALLOWED);

        assertThat(rest.pendingDiscarded()).isEqualTo(1);
        assertThat(rest.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(Archive.pending(dir)).isEmpty();
        assertThat(Archive.ids(dir)).hasSize(900).doesNotHaveDuplicates();
        Archive.assertExactlyOnce(dir, db, "precommit", 900);
    }
}

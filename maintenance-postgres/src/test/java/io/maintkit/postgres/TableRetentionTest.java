package io.maintkit.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.maintkit.core.ArchiveSink;
import io.maintkit.core.ExecutionOptions;
import io.maintkit.core.MaintenancePlan;
import io.maintkit.core.MaintenanceWindow;
import io.maintkit.core.Outcome;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Archive-before-delete retention on a plain table: dry run, opt-in, exactly-once, windows, failing archives. */
class TableRetentionTest {

    private static final ExecutionOptions ALLOWED = ExecutionOptions.defaults().allowDestructive(true);
    private static DataSource db;

    @TempDir
    Path dir;

    @BeforeAll
    static void database() {
        db = Pg.engine().createDatabase("table_retention");
    }

    /** {@code old} rows 100+ days old (ids 1..old), {@code young} rows of today (ids above). */
    static void events(DataSource ds, String table, int old, int young) {
        Pg.exec(ds, "DROP TABLE IF EXISTS " + table,
                "CREATE TABLE " + table + " (id bigint PRIMARY KEY, created_at timestamptz NOT NULL, note text)",
                "CREATE INDEX ON " + table + " (created_at)",
                "INSERT INTO " + table + " SELECT g, now() - interval '100 days' - g * interval '1 minute',"
                        + " 'note, \"quoted\" ' || g FROM generate_series(1, " + old + ") g",
                "INSERT INTO " + table + " SELECT " + old + " + g, now() - g * interval '1 minute', 'young'"
                        + " FROM generate_series(1, " + young + ") g");
    }

    private TableRetention retention(String table) {
        return TableRetention.on(db).table("public", table).olderThan("created_at", Duration.ofDays(90))
                .archiveTo(ArchiveSink.gzipCsvFiles(dir)).batchSize(300).pauseBetweenBatches(Duration.ZERO);
    }

    private static List<Long> range(long from, long to) {
        List<Long> ids = new ArrayList<>();
        for (long i = from; i <= to; i++) {
            ids.add(i);
        }
        return ids;
    }

    @Test
    void dryRunCountsWhatWouldGoAndChangesNothing() throws Exception {
        events(db, "dry", 1000, 200);

        RetentionEstimate estimate = retention("dry").estimate();
        MaintenancePlan plan = retention("dry").plan();

        assertThat(estimate.rows()).isEqualTo(1000);
        assertThat(estimate.rowBytes().bytes()).isGreaterThan(1000L * 30);
        assertThat(estimate.indexed()).isTrue();
        assertThat(plan.actions()).singleElement().satisfies(a -> assertThat(a.destructive()).isTrue())
                .satisfies(a -> assertThat(a.cost().reads()).isEqualTo(estimate.rowBytes()));
        assertThat(plan.describe()).contains("DELETE FROM \"public\".\"dry\"").contains("1,000 row(s)");
        assertThat(Pg.number(db, "SELECT count(*) FROM dry")).isEqualTo(1200);
        // the plan's action is destructive: a plan executed without the opt-in skips it
        assertThat(plan.execute(ExecutionOptions.defaults()).executions().get(0).detail())
                .contains("allowDestructive");
        assertThat(Pg.number(db, "SELECT count(*) FROM dry")).isEqualTo(1200);
    }

    @Test
    void removalIsSkippedWithoutTheDestructiveOptIn() {
        events(db, "optin", 500, 10);

        RetentionRun run = retention("optin").execute(ExecutionOptions.defaults());

        assertThat(run.outcome()).isEqualTo(Outcome.SKIPPED);
        assertThat(Pg.number(db, "SELECT count(*) FROM optin")).isEqualTo(510);
        assertThat(Archive.files(dir, "")).isEmpty();
    }

    @Test
    void missingConfigurationFailsBeforeTheDatabaseNamingEveryMissingPart() {
        DataSource unreachable = Pg.engine().dataSource("no_such_database", "postgres", "");
        TableRetention half = TableRetention.on(unreachable).table("public", "audit");

        assertThatThrownBy(half::plan).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("the age (olderThan(column, age))")
                .hasMessageContaining("the archive (archiveTo(sink))")
                .hasMessageNotContaining("the table");
        assertThatThrownBy(() -> TableRetention.on(unreachable).asAction()).hasMessageContaining("the table")
                .hasMessageContaining("the age").hasMessageContaining("the archive");
        // configuring returns a new instance and leaves the first one as it was
        TableRetention aged = half.olderThan("created_at", Duration.ofDays(1));
        assertThatThrownBy(half::estimate).hasMessageContaining("the age");
        assertThatThrownBy(aged::estimate).hasMessageNotContaining("the age").hasMessageContaining("the archive");
    }

    @Test
    void everyRemovedRowIsArchivedOnceAndYoungRowsStay() {
        events(db, "audit", 2000, 500);

        RetentionRun run = retention("audit").execute(ALLOWED);

        assertThat(run.outcome()).as(run.detail()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(run.rows()).isEqualTo(2000);
        assertThat(run.batches()).isEqualTo(7);
        assertThat(run.vacuumed()).containsExactly("public.audit");
        assertThat(Archive.header(dir)).containsExactly("id", "created_at", "note");
        assertThat(Archive.ids(dir)).containsExactlyInAnyOrderElementsOf(range(1, 2000));
        assertThat(Archive.rows(dir).get(0).get(2)).startsWith("note, \"quoted\" ");
        assertThat(Archive.ids(db, "SELECT id FROM audit ORDER BY id")).isEqualTo(range(2001, 2500));
        assertThat(Archive.pending(dir)).isEmpty();

        RetentionRun again = retention("audit").execute(ALLOWED);
        assertThat(again.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(again.rows()).isZero();
    }

    @Test
    void hostileNamesAreQuotedEverywhere() throws Exception {
        String schema = "Ünï \"Sch\" ema";
        String table = "Old \"Rows\"; DROP TABLE audit; --";
        String column = "Créé \"at\"";
        Pg.exec(db, "CREATE SCHEMA IF NOT EXISTS \"Ünï \"\"Sch\"\" ema\"",
                "CREATE TABLE \"Ünï \"\"Sch\"\" ema\".\"Old \"\"Rows\"\"; DROP TABLE audit; --\""
                        + " (id int PRIMARY KEY, \"Créé \"\"at\"\"\" timestamp NOT NULL)",
                "INSERT INTO \"Ünï \"\"Sch\"\" ema\".\"Old \"\"Rows\"\"; DROP TABLE audit; --\""
                        + " SELECT g, CASE WHEN g <= 300 THEN now() - interval '200 days' ELSE now() END"
                        + " FROM generate_series(1, 400) g");
        TableRetention retention = TableRetention.on(db).table(schema, table).olderThan(column, Duration.ofDays(90))
                .archiveTo(ArchiveSink.gzipCsvFiles(dir)).batchSize(128);

        assertThat(retention.estimate().rows()).isEqualTo(300);
        RetentionRun run = retention.execute(ALLOWED);

        assertThat(run.outcome()).as(run.detail()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(Archive.header(dir)).containsExactly("id", column);
        assertThat(Archive.ids(dir)).containsExactlyInAnyOrderElementsOf(range(1, 300));
        assertThat(Pg.number(db, "SELECT count(*) FROM \"Ünï \"\"Sch\"\" ema\".\"Old \"\"Rows\"\"; DROP TABLE audit; --\""))
                .isEqualTo(100);
    }

    @Test
    void stopsWhenTheWindowClosesAndGoesOnNextTime() {
        events(db, "windowed", 3000, 100);
        MaintenanceWindow shortWindow = MaintenanceWindow.once(Instant.now().minusSeconds(1), Duration.ofMillis(1800));

        RetentionRun run = retention("windowed").batchSize(100).pauseBetweenBatches(Duration.ofMillis(250))
                .execute(ExecutionOptions.defaults().allowDestructive(true).window(shortWindow));

        assertThat(run.outcome()).as(run.detail()).isEqualTo(Outcome.CANCELLED);
        assertThat(run.rows()).isBetween(100L, 2900L);
        assertThat(run.duration()).isLessThan(Duration.ofSeconds(3));
        assertThat(Archive.ids(dir)).hasSize((int) run.rows());
        Archive.assertExactlyOnce(dir, db, "windowed", 3000);

        RetentionRun rest = retention("windowed").execute(ALLOWED);
        assertThat(rest.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(Archive.ids(dir)).containsExactlyInAnyOrderElementsOf(range(1, 3000));
    }

    @Test
    void anArchiveThatFailsMidBatchLosesNothing() {
        events(db, "diskfull", 1500, 10);
        AtomicInteger opened = new AtomicInteger();
        ArchiveSink real = ArchiveSink.gzipCsvFiles(dir);
        ArchiveSink full = new Forwarding(real) {
            @Override
            public Batch open(String table, String batchId, long transactionId) throws IOException {
                Batch b = real.open(table, batchId, transactionId);
                if (opened.incrementAndGet() != 3) {
                    return b;
                }
                return new ForwardingBatch(b) {
                    private int written;

                    @Override
                    public OutputStream out() {
                        return new OutputStream() {
                            @Override
                            public void write(int x) throws IOException {
                                write(new byte[] {(byte) x}, 0, 1);
                            }

                            @Override
                            public void write(byte[] bytes, int off, int len) throws IOException {
                                written += len;
                                if (written > 2000) {
                                    throw new IOException("No space left on device");
                                }
                                b.out().write(bytes, off, len);
                            }
                        };
                    }
                };
            }
        };

        RetentionRun failed = retention("diskfull").archiveTo(full).execute(ALLOWED);

        assertThat(failed.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(failed.detail()).contains("No space left on device");
        assertThat(failed.rows()).isEqualTo(600);
        Archive.assertExactlyOnce(dir, db, "diskfull", 1500);
        assertThat(Pg.number(db, "SELECT count(*) FROM diskfull WHERE id <= 1500")).isEqualTo(900);
        assertThat(Archive.pending(dir)).isEmpty();

        assertThat(retention("diskfull").execute(ALLOWED).outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(Archive.ids(dir)).containsExactlyInAnyOrderElementsOf(range(1, 1500));
    }

    @Test
    void aBatchCommittedButNotMadeFinalIsSettledByTheNextRun() throws Exception {
        events(db, "crash", 1000, 10);
        ArchiveSink real = ArchiveSink.gzipCsvFiles(dir);
        AtomicInteger prepared = new AtomicInteger();
        ArchiveSink crashing = new Forwarding(real) {
            @Override
            public Batch open(String table, String batchId, long transactionId) throws IOException {
                return new ForwardingBatch(real.open(table, batchId, transactionId)) {
                    @Override
                    public Pending prepare(String source, long rows) throws IOException {
                        Pending p = super.prepare(source, rows);
                        if (prepared.incrementAndGet() != 2) {
                            return p;
                        }
                        return new Pending() {
                            public String batchId() {
                                return p.batchId();
                            }

                            public long transactionId() {
                                return p.transactionId();
                            }

                            public long rows() {
                                return p.rows();
                            }

                            public long bytes() {
                                return p.bytes();
                            }

                            public void confirm() throws IOException {
                                throw new IOException("the process died after the commit");
                            }

                            public void discard() throws IOException {
                                p.discard();
                            }
                        };
                    }
                };
            }
        };

        RetentionRun crashed = retention("crash").archiveTo(crashing).execute(ALLOWED);
        assertThat(crashed.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(Archive.pending(dir)).hasSize(2);
        assertThat(Pg.number(db, "SELECT count(*) FROM crash WHERE id <= 1000")).isEqualTo(400);
        assertThat(Archive.ids(dir)).hasSize(300);

        RetentionRun next = retention("crash").execute(ALLOWED);

        assertThat(next.pendingConfirmed()).isEqualTo(1);
        assertThat(next.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(Archive.pending(dir)).isEmpty();
        assertThat(Archive.ids(dir)).containsExactlyInAnyOrderElementsOf(range(1, 1000));
        assertThat(new HashSet<>(Archive.ids(dir))).hasSize(1000);
        assertThat(Files.list(dir).count()).isEqualTo(2L * 4);
    }

    /** A sink passing everything to another. */
    static class Forwarding implements ArchiveSink {
        private final ArchiveSink to;

        Forwarding(ArchiveSink to) {
            this.to = to;
        }

        @Override
        public Batch open(String table, String batchId, long transactionId) throws IOException {
            return to.open(table, batchId, transactionId);
        }

        @Override
        public List<Pending> pending(String table) throws IOException {
            return to.pending(table);
        }
    }

    /** A batch passing everything to another. */
    static class ForwardingBatch implements ArchiveSink.Batch {
        private final ArchiveSink.Batch to;

        ForwardingBatch(ArchiveSink.Batch to) {
            this.to = to;
        }

        @Override
        public OutputStream out() {
            return to.out();
        }

        @Override
        public ArchiveSink.Pending prepare(String source, long rows) throws IOException {
            return to.prepare(source, rows);
        }

        @Override
        public void close() throws IOException {
            to.close();
        }
    }
}

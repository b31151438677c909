package io.maintkit.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.maintkit.core.Outcome;
import io.maintkit.core.ActionExecution;
import io.maintkit.core.DataSize;
import io.maintkit.core.ExecutionListener;
import io.maintkit.core.ExecutionOptions;
import io.maintkit.core.MaintenanceAction;
import io.maintkit.core.MaintenancePlan;
import io.maintkit.core.MaintenanceWindow;
import io.maintkit.core.Percent;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Lock timeouts and retries, cancellation at the window's end, and the clean-up after a failed REINDEX. */
class GuardedExecutionTest {

    private static final String SLOW_BOOM = "LANGUAGE plpgsql IMMUTABLE AS $$ BEGIN"
            + " IF current_setting('test.boom', true) = 'on' THEN RAISE EXCEPTION 'boom'; END IF;"
            + " PERFORM pg_sleep(%s); RETURN i; END $$";
    private static DataSource db;

    @BeforeAll
    static void provoke() {
        db = Pg.engine().createDatabase("guarded_execution");
        Pg.exec(db,
                "CREATE TABLE busy (id int PRIMARY KEY, pad text) WITH (autovacuum_enabled = off)",
                "INSERT INTO busy SELECT g, repeat('b', 200) FROM generate_series(1, 30000) g",
                "DELETE FROM busy WHERE id % 5 <> 0",
                "VACUUM ANALYZE busy",
                "CREATE FUNCTION slow(i int) RETURNS int " + String.format(SLOW_BOOM, "0.001"),
                "CREATE FUNCTION boom(i int) RETURNS int " + String.format(SLOW_BOOM, "0"),
                "CREATE TABLE sleepy (id int)",
                "INSERT INTO sleepy SELECT generate_series(1, 6000)",
                "CREATE TABLE boomy (id int)",
                "INSERT INTO boomy SELECT generate_series(1, 1000)");
        invalidIndex("CREATE INDEX CONCURRENTLY sleepy_slow ON sleepy (slow(id))");
        invalidIndex("CREATE INDEX CONCURRENTLY boomy_k ON boomy (boom(id))");
        Pg.settleAndAnalyze(db);
    }

    /** A CREATE INDEX CONCURRENTLY that fails and leaves an invalid index. */
    private static void invalidIndex(String create) {
        try {
            Pg.exec(db, "SET test.boom = on", create);
        } catch (IllegalStateException expected) {
            assertThat(expected.getMessage()).contains("boom");
        }
    }

    private static VacuumPlanner planner() {
        return VacuumPlanner.on(db)
                .health(h -> h.bloat(b -> b.minimumSize(DataSize.ofKilobytes(64)).thresholds(BloatThresholds.of(
                        Percent.of(30), DataSize.ofKilobytes(256), Percent.of(60), DataSize.ofGigabytes(1)))))
                .window(MaintenanceWindow.once(Instant.now().minusSeconds(60), Duration.ofHours(1)))
                .allowTableRebuild(true)
                .lockTimeout(Duration.ofMillis(200))
                .lockRetries(10, Duration.ofMillis(100))
                .progressInterval(Duration.ofMillis(50));
    }

    private static MaintenancePlan only(MaintenancePlan plan, String command) {
        return new MaintenancePlan(plan.name(), plan.actions().stream().filter(a -> a.command().equals(command))
                .toList());
    }

    private static ExecutionOptions inWindow(Duration left, List<String> progress) {
        return ExecutionOptions.defaults()
                .window(MaintenanceWindow.once(Instant.now().minusSeconds(1), left.plusSeconds(1)))
                .listener(new ExecutionListener() {
                    @Override
                    public void progress(MaintenanceAction action, String message) {
                        progress.add(message);
                    }
                });
    }

    /** Reads the table in a loop from another session, recording the slowest read. */
    private static final class Application implements AutoCloseable {
        final AtomicInteger reads = new AtomicInteger();
        final AtomicLong slowestMillis = new AtomicLong();
        final AtomicBoolean stop = new AtomicBoolean();
        final Thread thread = new Thread(this::loop);

        Application() {
            thread.start();
        }

        private void loop() {
            try (Connection c = db.getConnection(); Statement st = c.createStatement()) {
                st.execute("SET statement_timeout = '10s'");
                while (!stop.get()) {
                    long t0 = System.nanoTime();
                    try (ResultSet rs = st.executeQuery("SELECT count(*) FROM busy WHERE id < 500")) {
                        rs.next();
                    }
                    slowestMillis.accumulateAndGet((System.nanoTime() - t0) / 1_000_000, Math::max);
                    reads.incrementAndGet();
                    Thread.sleep(10);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void close() throws InterruptedException {
            stop.set(true);
            thread.join();
        }
    }

    @Test
    void aBlockedRebuildTimesOutRetriesAndNeverHoldsUpTheApplication() throws Exception {
        MaintenancePlan plan = only(planner().plan(), "VACUUM (FULL, ANALYZE) \"public\".\"busy\"");
        assertThat(plan.actions()).hasSize(1);
        ActionExecution done;
        try (Connection holder = db.getConnection(); Statement st = holder.createStatement();
             Application app = new Application()) {
            holder.setAutoCommit(false);
            st.executeQuery("SELECT count(*) FROM busy").close();
            Thread releaser = new Thread(() -> {
                try {
                    Thread.sleep(1200);
                    // the lock holder's own queries go on meanwhile
                    st.executeQuery("SELECT count(*) FROM busy WHERE id > 100").close();
                    holder.commit();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            releaser.start();
            done = plan.execute(inWindow(Duration.ofMinutes(5), new CopyOnWriteArrayList<>())).executions().get(0);
            releaser.join();
            app.close();
            assertThat(app.reads.get()).isGreaterThan(10);
            assertThat(app.slowestMillis.get()).as("slowest application read, ms").isLessThan(1000);
        }
        assertThat(done.outcome()).as(done.detail()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(done.detail()).contains("lock timeout");
        assertThat(done.measurements()).anyMatch(m -> m.name().equals("lock_timeouts") && m.value() >= 1);
    }

    @Test
    void aRebuildThatNeverGetsItsLockGivesUpAndSaysSo() throws Exception {
        MaintenancePlan plan = only(planner().lockRetries(2, Duration.ofMillis(100)).plan(),
                "VACUUM (FULL, ANALYZE) \"public\".\"busy\"");
        ActionExecution done;
        try (Connection holder = db.getConnection(); Statement st = holder.createStatement();
             Application app = new Application()) {
            holder.setAutoCommit(false);
            st.executeQuery("SELECT count(*) FROM busy").close();
            done = plan.execute(inWindow(Duration.ofMinutes(5), new CopyOnWriteArrayList<>())).executions().get(0);
            holder.rollback();
            app.close();
            assertThat(app.slowestMillis.get()).isLessThan(1000);
        }
        assertThat(done.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(done.detail()).contains("gave up after 2 attempt(s), 2 ending at the lock timeout of 200 ms");
    }

    @Test
    void theWindowsEndCancelsARunningReindexAndItsLeftoverIsDropped() throws Exception {
        MaintenancePlan plan = only(planner().plan(), "REINDEX INDEX CONCURRENTLY \"public\".\"sleepy_slow\"");
        assertThat(plan.actions()).singleElement().satisfies(a -> assertThat(a.reason()).contains("invalid index"));
        List<String> progress = new CopyOnWriteArrayList<>();

        long t0 = System.nanoTime();
        ActionExecution done = plan.execute(inWindow(Duration.ofMillis(1500), progress)).executions().get(0);

        assertThat(done.outcome()).as(done.detail()).isEqualTo(Outcome.CANCELLED);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(4));
        assertThat(done.detail()).contains("dropped the invalid index");
        assertThat(progress).anyMatch(m -> m.startsWith("index build"));
        assertThat(Pg.number(db, "SELECT count(*) FROM pg_class WHERE relname LIKE 'sleepy_slow_cc%'")).isZero();
        assertThat(Pg.number(db, "SELECT count(*) FROM pg_class WHERE relname = 'sleepy_slow'")).isEqualTo(1);
    }

    @Test
    void aFailedReindexLeavesNoInvalidCopyAndAReplanRepairsTheIndex() throws Exception {
        Pg.exec(db, "ALTER DATABASE guarded_execution SET test.boom = on");
        ActionExecution failed;
        try {
            MaintenancePlan plan = only(planner().plan(), "REINDEX INDEX CONCURRENTLY \"public\".\"boomy_k\"");
            failed = plan.execute(ExecutionOptions.defaults()).executions().get(0);
        } finally {
            Pg.exec(db, "ALTER DATABASE guarded_execution RESET test.boom");
        }
        assertThat(failed.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(failed.detail()).contains("boom").contains("dropped the invalid index \"public\".\"boomy_k_ccnew\"");
        assertThat(Pg.number(db, "SELECT count(*) FROM pg_class WHERE relname LIKE 'boomy_k_cc%'")).isZero();

        MaintenancePlan again = only(planner().plan(), "REINDEX INDEX CONCURRENTLY \"public\".\"boomy_k\"");
        assertThat(again.execute(ExecutionOptions.defaults()).allSucceeded()).isTrue();
        assertThat(Pg.number(db, "SELECT count(*) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid"
                + " WHERE c.relname = 'boomy_k' AND i.indisvalid")).isEqualTo(1);
    }
}

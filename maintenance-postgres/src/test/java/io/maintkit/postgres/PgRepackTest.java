package io.maintkit.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.maintkit.core.Outcome;
import io.maintkit.core.ActionExecution;
import io.maintkit.core.Cancellation;
import io.maintkit.core.DataSize;
import io.maintkit.core.ExecutionListener;
import io.maintkit.core.ExecutionOptions;
import io.maintkit.core.LockImpact;
import io.maintkit.core.MaintenanceAction;
import io.maintkit.core.MaintenancePlan;
import io.maintkit.core.MaintenanceWindow;
import io.maintkit.core.Percent;
import io.maintkit.testkit.PostgresEngine;
import io.maintkit.testkit.PostgresServer;
import io.maintkit.testkit.PostgresSettings;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Table rebuilds with pg_repack on a server that has the extension: the Debian build of pg_repack for major 15,
 * installed into a dedicated server's copy of the embedded binaries. Skipped on other majors.
 */
class PgRepackTest {

    private static final Path CLIENT = Path.of("/usr/lib/postgresql/15/bin/pg_repack");
    private static final Path LIBRARY = Path.of("/usr/lib/postgresql/15/lib/pg_repack.so");
    private static final Path SHARE = Path.of("/usr/share/postgresql/15/extension");
    private static final String SECRET = "Rp-s3cret-0f-the-repacker";
    private static final BloatThresholds SMALL = BloatThresholds.of(Percent.of(30), DataSize.ofKilobytes(256),
            Percent.of(60), DataSize.ofGigabytes(1));

    private static PostgresServer server;
    private static DataSource db;
    /** Why the tests are skipped, or null. */
    private static String skip;

    @BeforeAll
    static void start() throws Exception {
        String requested = System.getProperty("maintkit.postgres.version", "");
        Path control = SHARE.resolve("pg_repack.control");
        if (!requested.isEmpty() && !requested.equals("15")) {
            skip = "pg_repack is installed here for PostgreSQL 15 only; this run is on " + requested;
            return;
        }
        if (!Files.isExecutable(CLIENT) || !Files.isRegularFile(LIBRARY) || !Files.isRegularFile(control)) {
            skip = "the Debian package postgresql-15-repack is not installed";
            return;
        }
        Path script;
        try (var files = Files.list(SHARE)) {
            script = files.filter(f -> f.getFileName().toString().matches("pg_repack--[0-9.]+\\.sql")).findFirst()
                    .orElse(null);
        }
        if (script == null) {
            skip = "no pg_repack--<version>.sql in " + SHARE;
            return;
        }
        Path hba = Files.createTempFile("pg_hba", ".conf");
        Files.writeString(hba, "local all all trust\nhost all postgres 127.0.0.1/32 trust\n"
                + "host all all 127.0.0.1/32 scram-sha-256\n");
        server = PostgresEngine.start(PostgresSettings.defaults().withFile("pg_hba.conf", hba)
                .withExtensionFiles(LIBRARY, control, script));
        Files.delete(hba);
        if (server.majorVersion() != 15) {
            skip = "pg_repack is installed here for PostgreSQL 15 only; the server is " + server.majorVersion();
            server.close();
            server = null;
            return;
        }
        db = server.createDatabase("repack");
        Pg.exec(db,
                "CREATE EXTENSION pg_repack",
                "CREATE ROLE repacker SUPERUSER LOGIN PASSWORD '" + SECRET + "'");
        for (String table : List.of("swollen", "stuck", "keyless")) {
            String key = table.equals("keyless") ? "" : " PRIMARY KEY";
            Pg.exec(db,
                    "CREATE TABLE " + table + " (id int" + key + ", pad text) WITH (autovacuum_enabled = off)",
                    "INSERT INTO " + table + " SELECT g, repeat('s', 200) FROM generate_series(1, 30000) g",
                    "DELETE FROM " + table + " WHERE id % 5 <> 0");
        }
        // vacuum once the deletes have reached the statistics, so that the dead tuples read as gone
        Pg.await(db, "SELECT sum(n_tup_del) FROM pg_stat_user_tables", 72000);
        Pg.exec(db, "VACUUM ANALYZE swollen", "VACUUM ANALYZE stuck", "VACUUM ANALYZE keyless");
        Pg.await(db, "SELECT sum(n_dead_tup) FROM pg_stat_user_tables", 0);
    }

    @BeforeEach
    void onlyWithPgRepack() {
        Assumptions.assumeTrue(skip == null, skip);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static PgRepack client() {
        return PgRepack.client(CLIENT).connection(server.host(), server.port(), "repacker")
                .password(SECRET.toCharArray()).waitTimeout(Duration.ofSeconds(5));
    }

    private static VacuumPlanner planner() {
        return VacuumPlanner.on(db)
                .health(h -> h.bloat(b -> b.minimumSize(DataSize.ofKilobytes(64)).thresholds(SMALL)))
                .allowTableRebuild(true).lockTimeout(Duration.ofMillis(300));
    }

    private static MaintenanceAction on(MaintenancePlan plan, String table) {
        return plan.actions().stream().filter(a -> a.target().equals("public." + table)).findFirst().orElseThrow();
    }

    private static ExecutionOptions listening(List<String> progress, Cancellation cancellation) {
        return ExecutionOptions.defaults().cancellation(cancellation).listener(new ExecutionListener() {
            @Override
            public void progress(MaintenanceAction action, String message) {
                progress.add(message);
            }
        });
    }

    @Test
    void aBloatedTableIsRepackedOnlineWhileTheApplicationReadsAndWrites() throws Exception {
        MaintenancePlan plan = planner().repack(client()).plan();
        MaintenanceAction repack = on(plan, "swollen");
        assertThat(repack.command()).isEqualTo(CLIENT + " --host=" + server.host() + " --port=" + server.port()
                + " --username=repacker --dbname=repack '--table=\"public\".\"swollen\"' --no-kill-backend"
                + " --wait-timeout=5");
        assertThat(repack.lockImpact()).isEqualTo(LockImpact.NONE);
        assertThat(repack.reason()).contains("table bloat").contains("brief exclusive locks");
        assertThat(repack.cost().extraDisk().bytes()).isPositive();
        // no window: the keyless table, which only VACUUM FULL could rebuild, gets nothing
        assertThat(plan.actions()).noneMatch(a -> a.command().startsWith("VACUUM (FULL"));

        List<String> progress = new CopyOnWriteArrayList<>();
        AtomicInteger writes = new AtomicInteger();
        AtomicInteger reads = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<Exception> failure = new AtomicReference<>();
        Thread app = new Thread(() -> {
            try (Connection c = db.getConnection(); Statement st = c.createStatement()) {
                st.execute("SET statement_timeout = '5s'");
                for (int i = 1; !stop.get(); i++) {
                    st.execute("INSERT INTO swollen VALUES (" + (100_000 + i) + ", 'new')");
                    st.execute("UPDATE swollen SET pad = 'changed' WHERE id = " + (5 * i));
                    writes.incrementAndGet();
                    st.executeQuery("SELECT count(*) FROM swollen WHERE id < 1000").close();
                    reads.incrementAndGet();
                }
            } catch (Exception e) {
                failure.set(e);
            }
        });
        app.start();
        while (writes.get() < 20) {
            Thread.sleep(5);
        }
        ActionExecution done = new MaintenancePlan("repack", List.of(repack))
                .execute(listening(progress, Cancellation.create())).executions().get(0);
        int writesDuring = writes.get();
        stop.set(true);
        app.join();

        assertThat(failure.get()).isNull();
        assertThat(done.outcome()).as(done.detail()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(writesDuring).isGreaterThan(20);
        assertThat(reads.get()).isGreaterThan(20);
        double before = done.measurements().stream().filter(m -> m.name().equals("size_before_bytes")).findFirst()
                .orElseThrow().value();
        double after = done.measurements().stream().filter(m -> m.name().equals("size_after_bytes")).findFirst()
                .orElseThrow().value();
        assertThat(after).isLessThan(before * 0.6);
        assertThat(progress).anyMatch(m -> m.contains("repacking table"));
        // every write of the application is in the rebuilt table
        assertThat(Pg.number(db, "SELECT count(*) FROM swollen WHERE id > 100000")).isEqualTo(writes.get());
        assertThat(Pg.number(db, "SELECT count(*) FROM swollen")).isEqualTo(6000 + writes.get());
        assertThat(Pg.number(db, "SELECT count(*) FROM swollen WHERE pad = 'changed'")).isPositive();
        assertNoSecret(plan, done, progress);
    }

    @Test
    void withoutAClientOrAKeyTheRebuildFallsBackToVacuumFullAndSaysWhy() throws Exception {
        MaintenanceWindow window = MaintenanceWindow.once(Instant.now().minusSeconds(60), Duration.ofHours(1));
        MaintenanceAction noClient = on(planner().window(window).plan(), "stuck");
        assertThat(noClient.command()).isEqualTo("VACUUM (FULL, ANALYZE) \"public\".\"stuck\"");
        assertThat(noClient.lockImpact()).isEqualTo(LockImpact.BLOCKS_READS_AND_WRITES);
        assertThat(noClient.reason()).contains("the extension is installed but no client is configured");

        MaintenancePlan withClient = planner().window(window).repack(client()).plan();
        MaintenanceAction keyless = on(withClient, "keyless");
        assertThat(keyless.command()).isEqualTo("VACUUM (FULL, ANALYZE) \"public\".\"keyless\"");
        assertThat(keyless.reason()).contains("no primary key or unique index on NOT NULL columns");
        assertThat(on(withClient, "stuck").command()).startsWith(CLIENT.toString());

        MaintenanceAction missing = on(planner().window(window).repack(PgRepack.client(Path.of("/nonexistent/pg_repack")))
                .plan(), "stuck");
        assertThat(missing.reason()).contains("the client /nonexistent/pg_repack was not found");
        assertNoSecret(withClient, null, List.of());
    }

    @Test
    void cancellingKillsTheClientAndLeavesNoRepackObjects() throws Exception {
        MaintenancePlan plan = planner().repack(client()).plan();
        MaintenanceAction repack = on(plan, "stuck");
        List<String> progress = new CopyOnWriteArrayList<>();
        Cancellation cancellation = Cancellation.create();
        ActionExecution done;
        // an open transaction: pg_repack copies the table, then waits for it before the swap
        try (Connection old = db.getConnection(); Statement st = old.createStatement()) {
            old.setAutoCommit(false);
            st.executeQuery("SELECT txid_current()").close();
            ExecutionOptions options = ExecutionOptions.defaults().cancellation(cancellation)
                    .listener(new ExecutionListener() {
                        @Override
                        public void progress(MaintenanceAction action, String message) {
                            progress.add(message);
                            if (message.contains("Waiting for")) {
                                cancellation.cancel();
                            }
                        }
                    });
            long t0 = System.nanoTime();
            done = new MaintenancePlan("repack", List.of(repack)).execute(options).executions().get(0);
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(15));
            old.rollback();
        }
        assertThat(done.outcome()).as(done.detail()).isEqualTo(Outcome.CANCELLED);
        assertThat(done.detail()).contains("dropped the trigger and work tables pg_repack left");
        assertThat(ProcessHandle.current().children().filter(p -> p.info().command().orElse("")
                .endsWith("pg_repack"))).isEmpty();
        assertThat(Pg.number(db, "SELECT count(*) FROM pg_stat_activity WHERE application_name LIKE '%-repack-%'"))
                .isZero();
        assertThat(Pg.number(db, "SELECT count(*) FROM pg_trigger WHERE tgrelid = 'stuck'::regclass"
                + " AND NOT tgisinternal")).isZero();
        assertThat(Pg.number(db, "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE n.nspname = 'repack' AND c.relname ~ '^(log|table|pk)_'")).isZero();
        assertThat(Pg.number(db, "SELECT count(*) FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace"
                + " WHERE n.nspname = 'repack' AND t.typname LIKE 'pk\\_%'")).isZero();
        // the table is intact and still usable
        assertThat(Pg.number(db, "SELECT count(*) FROM stuck")).isEqualTo(6000);
        Pg.exec(db, "INSERT INTO stuck VALUES (-1, 'after')", "DELETE FROM stuck WHERE id = -1");
        assertNoSecret(plan, done, progress);
    }

    private static void assertNoSecret(MaintenancePlan plan, ActionExecution done, List<String> progress) {
        assertThat(plan.describe()).doesNotContain(SECRET);
        assertThat(plan.actions()).allSatisfy(a -> {
            assertThat(a.command()).doesNotContain(SECRET);
            assertThat(a.reason()).doesNotContain(SECRET);
            assertThat(a.toString()).doesNotContain(SECRET);
        });
        assertThat(client().toString()).doesNotContain(SECRET);
        if (done != null) {
            assertThat(done.detail()).doesNotContain(SECRET);
            assertThat(done.toString()).doesNotContain(SECRET);
        }
        assertThat(progress).noneMatch(m -> m.contains(SECRET));
    }
}

package io.maintkit.examples;

import io.maintkit.core.ArchiveSink;
import io.maintkit.core.DataSize;
import io.maintkit.core.ExecutionOptions;
import io.maintkit.core.ExecutionReport;
import io.maintkit.core.MaintenancePlan;
import io.maintkit.core.MaintenanceWindow;
import io.maintkit.core.Percent;
import io.maintkit.core.SuiteResult;
import io.maintkit.core.TextRenderer;
import io.maintkit.postgres.BloatInspector;
import io.maintkit.postgres.BloatReport;
import io.maintkit.postgres.BloatThresholds;
import io.maintkit.postgres.PostgresHealth;
import io.maintkit.postgres.RetentionRun;
import io.maintkit.postgres.TableRetention;
import io.maintkit.postgres.VacuumPlanner;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import javax.sql.DataSource;

/** PostgreSQL: a database with a deliberately bloated table, inspected and checked the way a host would. */
final class PostgresDemo {

    /** Bloat worth a warning at 20 % and 1 MiB, critical at 50 % and 10 MiB: small, so the demo table crosses it. */
    static final BloatThresholds DEMO_THRESHOLDS = BloatThresholds.of(
            Percent.of(20), DataSize.ofMegabytes(1), Percent.of(50), DataSize.ofMegabytes(10));

    private PostgresDemo() {
    }

    /**
     * Fills {@code database} with a bloated table and a duplicate index, inspects and checks it, plans and executes
     * its vacuum inside a window, and archives then removes old rows of an audit table.
     */
    static void run(DataSource database, String target, Path workspace) throws SQLException {
        createBloat(database);

        Demo.heading("PostgreSQL bloat (" + target + ")");
        BloatReport bloat = BloatInspector.on(database)
                .minimumSize(DataSize.ofMegabytes(1))
                .thresholds(DEMO_THRESHOLDS)
                .inspect();
        System.out.println(TextRenderer.render(bloat));

        Demo.heading("PostgreSQL health suite (" + target + ")");
        SuiteResult health = PostgresHealth.on(database)
                .target(target)
                .bloat(b -> b.minimumSize(DataSize.ofMegabytes(1)).thresholds(DEMO_THRESHOLDS))
                .suite()
                .run();
        System.out.println(TextRenderer.render(health));

        Demo.heading("Vacuum plan, executed inside a maintenance window open for the next 30 minutes");
        MaintenanceWindow window = MaintenanceWindow.once(Instant.now(), Duration.ofMinutes(30));
        MaintenancePlan plan = VacuumPlanner.on(database)
                .window(window)
                .allowTableRebuild(true)
                .health(h -> h.bloat(b -> b.minimumSize(DataSize.ofMegabytes(1)).thresholds(DEMO_THRESHOLDS)))
                .plan();
        System.out.println(plan.describe());
        ExecutionReport done = plan.execute(ExecutionOptions.defaults().window(window));
        System.out.println(TextRenderer.render(done));

        Demo.heading("Table retention: audit events older than 90 days, archived before they are deleted");
        createAuditEvents(database);
        TableRetention retention = TableRetention.on(database)
                .table("public", "audit_events")
                .olderThan("created_at", Duration.ofDays(90))
                .archiveTo(ArchiveSink.gzipCsvFiles(workspace.resolve("archive")))
                .batchSize(5_000);
        System.out.println(retention.plan().describe());
        RetentionRun run = retention.execute(ExecutionOptions.defaults().allowDestructive(true));
        System.out.println(run);
        System.out.println();
    }

    private static void createAuditEvents(DataSource database) throws SQLException {
        try (Connection c = database.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE audit_events (id bigint PRIMARY KEY, created_at timestamptz NOT NULL,"
                    + " actor text NOT NULL, action text NOT NULL)");
            s.execute("CREATE INDEX audit_events_created_at ON audit_events (created_at)");
            s.execute("INSERT INTO audit_events SELECT g, now() - g * interval '4 minutes', 'user-' || g % 97,"
                    + " 'login' FROM generate_series(1, 60000) g");
        }
    }

    /** An orders table with 60 % of its rows deleted, autovacuum off and fresh statistics, and a duplicate index. */
    static void createBloat(DataSource database) throws SQLException {
        try (Connection c = database.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE EXTENSION pg_stat_statements");
            s.execute("CREATE TABLE orders (id bigint PRIMARY KEY, customer int NOT NULL, note text)"
                    + " WITH (autovacuum_enabled = off)");
            s.execute("INSERT INTO orders SELECT g, g % 1000, repeat('x', 80) FROM generate_series(1, 200000) g");
            s.execute("DELETE FROM orders WHERE id % 10 < 6");
            s.execute("CREATE INDEX orders_customer ON orders (customer)");
            s.execute("CREATE INDEX orders_customer_again ON orders (customer)");
        }
        // A session's activity counters reach the statistics views when it ends; analyze once they have arrived,
        // so the statistics are fresh and the bloat estimate is trusted.
        awaitTrue(database, "SELECT n_dead_tup > 0 FROM pg_stat_user_tables WHERE relname = 'orders'");
        try (Connection c = database.getConnection(); Statement s = c.createStatement()) {
            s.execute("ANALYZE orders");
        }
        awaitTrue(database, "SELECT last_analyze IS NOT NULL AND n_mod_since_analyze = 0 FROM pg_stat_user_tables"
                + " WHERE relname = 'orders'");
    }

    private static void awaitTrue(DataSource database, String query) throws SQLException {
        for (int attempt = 0; attempt < 100; attempt++) {
            try (Connection c = database.getConnection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery(query)) {
                if (rs.next() && rs.getBoolean(1)) {
                    return;
                }
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}

package io.maintkit.examples;

import io.maintkit.core.DataSize;
import io.maintkit.core.ExecutionOptions;
import io.maintkit.core.ExecutionReport;
import io.maintkit.core.MaintenancePlan;
import io.maintkit.core.MaintenanceWindow;
import io.maintkit.core.Percent;
import io.maintkit.core.SuiteResult;
import io.maintkit.core.TextRenderer;
import io.maintkit.core.Threshold;
import io.maintkit.mysql.BinlogPurgeReport;
import io.maintkit.mysql.BinlogRetention;
import io.maintkit.mysql.IndexCheck;
import io.maintkit.mysql.IndexReport;
import io.maintkit.mysql.MysqlHealth;
import io.maintkit.mysql.TableOptimizer;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import javax.sql.DataSource;

/**
 * MariaDB: a schema with a fragmented table, redundant indexes and a table without a primary key, inspected by the
 * health suite, an online rebuild planned and executed inside a window, and a binary log purge planned.
 */
final class MariaDbDemo {

    /** MySQLTuner's rule (10 % free) with a 2 MiB floor instead of 100 MiB, so the small demo table crosses it. */
    static final Threshold.Both<DataSize, Percent> DEMO_FRAGMENTATION = Threshold.both(
            Threshold.above(DataSize.ofMegabytes(2), DataSize.ofGigabytes(1)),
            Threshold.above(Percent.of(10), Percent.of(50)));

    private MariaDbDemo() {
    }

    /**
     * Fills {@code database} (a database named {@code schema} on a MariaDB server) with the demo's problems,
     * checks it, rebuilds the fragmented table inside a window and plans the binary log retention.
     */
    static void run(DataSource database, String schema, String target) throws SQLException, InterruptedException {
        createProblems(database);

        Demo.heading("MariaDB health suite (" + target + ")");
        SuiteResult health = MysqlHealth.on(database)
                .target(target)
                .schemas(schema)
                .fragmentation(f -> f.thresholds(DEMO_FRAGMENTATION))
                .suite()
                .run();
        System.out.println(TextRenderer.render(health));

        Demo.heading("Redundant indexes by pt-duplicate-key-checker's rules, with the statement that fixes each");
        IndexReport indexes = IndexCheck.on(database).target(target).schemas(schema).inspect();
        indexes.redundant().forEach(r -> System.out.println(r.kind() + ": " + r.subject() + " -> " + r.fix()));

        Demo.heading("Online rebuild plan, executed inside a maintenance window open for the next 30 minutes");
        MaintenanceWindow window = MaintenanceWindow.once(Instant.now(), Duration.ofMinutes(30));
        MaintenancePlan plan = TableOptimizer.on(database)
                .target(target)
                .schemas(schema)
                .thresholds(DEMO_FRAGMENTATION)
                .analyze(schema, "customers")
                .plan();
        System.out.println(plan.describe());
        ExecutionReport done = plan.execute(ExecutionOptions.defaults().window(window));
        System.out.println(TextRenderer.render(done));

        Demo.heading("Binary log retention: a plan that keeps 7 days (not executed), and why it purges what it does");
        BinlogPurgeReport purge = BinlogRetention.on(database).target(target).inspect();
        System.out.println(purge.plan().describe());
        purge.findings().forEach(f -> System.out.println(f.kind() + ": " + f.summary()));
    }

    private static void createProblems(DataSource database) throws SQLException, InterruptedException {
        try (Connection c = database.getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE customers (id INT PRIMARY KEY, email VARCHAR(200) NOT NULL,"
                    + " KEY k_email (email), KEY k_email_again (email)) ENGINE=InnoDB");
            st.execute("CREATE TABLE page_views (id INT PRIMARY KEY, customer_id INT NOT NULL, pad CHAR(255),"
                    + " KEY k_customer (customer_id), KEY k_customer_id (customer_id, id)) ENGINE=InnoDB");
            st.execute("INSERT INTO page_views SELECT seq, seq % 100, REPEAT('x', 255) FROM seq_1_to_60000");
            st.execute("DELETE FROM page_views WHERE id % 10 <> 0");
            st.execute("CREATE TABLE import_log (at DATETIME NOT NULL, line TEXT) ENGINE=InnoDB");
            // InnoDB's purge frees the deleted rows' pages in the background: wait until the free space shows
            for (int i = 0; i < 100; i++) {
                st.execute("ANALYZE TABLE page_views");
                try (var rs = st.executeQuery("SELECT DATA_FREE FROM information_schema.TABLES"
                        + " WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'page_views'")) {
                    if (rs.next() && rs.getLong(1) >= 3L * 1024 * 1024) {
                        return;
                    }
                }
                Thread.sleep(200);
            }
        }
    }
}

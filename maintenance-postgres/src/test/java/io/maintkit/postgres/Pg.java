package io.maintkit.postgres;

import io.maintkit.core.Finding;
import io.maintkit.core.Report;
import io.maintkit.core.Severity;
import io.maintkit.testkit.PostgresEngine;
import io.maintkit.testkit.TestEngines;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import javax.sql.DataSource;

/** Test helpers over the shared test server. */
final class Pg {

    private Pg() {
    }

    static PostgresEngine engine() {
        return TestEngines.postgres();
    }

    static int major() {
        return engine().majorVersion();
    }

    /** Runs statements one by one in autocommit mode. */
    static void exec(DataSource ds, String... statements) {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            for (String sql : statements) {
                st.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    static double number(DataSource ds, String sql) {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getDouble(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /**
     * Waits until the activity counters of earlier sessions have reached the statistics system, then analyzes
     * the database, so that "modified since the last analyze" starts from zero as it does in a quiet production
     * database. Without this an ANALYZE could race the counters of the writes before it.
     */
    static void settleAndAnalyze(DataSource ds) {
        settleStats(ds);
        exec(ds, "ANALYZE");
        // before PG15 the statistics collector learns of the analyze asynchronously
        await(ds, "SELECT count(*) FROM pg_stat_user_tables WHERE last_analyze IS NULL", 0);
    }

    /** Waits until the activity counters of earlier sessions have reached the statistics system. */
    static void settleStats(DataSource ds) {
        String counters = "SELECT coalesce(sum(n_tup_ins + n_tup_upd + n_tup_del + n_live_tup + n_dead_tup), 0)"
                + " FROM pg_stat_user_tables";
        // PG15+ flushes a session's counters when it ends; before, they travel to the collector over UDP
        int stableReads = major() >= 15 ? 2 : 12;
        double last = -1;
        int stable = 0;
        for (int i = 0; i < 100 && stable < stableReads; i++) {
            double now = number(ds, counters);
            stable = now == last ? stable + 1 : 0;
            last = now;
            pause();
        }
    }

    static void await(DataSource ds, String countQuery, double expected) {
        for (int i = 0; i < 100 && number(ds, countQuery) != expected; i++) {
            pause();
        }
    }

    private static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Creates a login role with pg_monitor (dropping an old one) and returns a data source for it on {@code db}. */
    static DataSource monitorRole(DataSource superuser, String db, String role) {
        exec(superuser,
                "DO $$ BEGIN IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '" + role + "') THEN "
                        + "EXECUTE 'DROP OWNED BY " + role + "'; EXECUTE 'DROP ROLE " + role + "'; END IF; END $$",
                "CREATE ROLE " + role + " LOGIN PASSWORD 'monitor-secret' IN ROLE pg_monitor");
        return engine().dataSource(db, role, "monitor-secret");
    }

    /** The report's findings about that subject. */
    static List<Finding> about(Report report, String subject) {
        return report.findings().stream().filter(f -> f.subject().equals(subject)).toList();
    }

    /** The report's findings of that kind about that subject. */
    static List<Finding> about(Report report, String subject, String kind) {
        return about(report, subject).stream().filter(f -> f.kind().equals(kind)).toList();
    }

    static List<Finding> above(Report report, Severity severity) {
        return report.findings().stream().filter(f -> f.severity().isWorseThan(severity)).toList();
    }
}

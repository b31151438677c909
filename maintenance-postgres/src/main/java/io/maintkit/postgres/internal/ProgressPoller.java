package io.maintkit.postgres.internal;

import io.maintkit.core.ActionContext;

import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Reads a backend's progress views on a second connection while its statement runs, passes changes to the
 * action's listener, and cancels the statement as soon as the action is cancelled or its window closes.
 * One short-lived daemon thread per statement.
 */
final class ProgressPoller implements AutoCloseable {

    private final Thread thread;
    private volatile boolean stop;

    private ProgressPoller(DataSource dataSource, Guard guard, ActionContext context, int pid, int major,
                           Runnable cancel) {
        String sql = Sql.load("progress", Map.of("analyze", major >= 13
                ? "UNION ALL SELECT 'analyze', p.phase, p.sample_blks_scanned, p.sample_blks_total, 'sample blocks'"
                + " FROM pg_catalog.pg_stat_progress_analyze p JOIN b ON b.pid = p.pid" : ""));
        thread = new Thread(() -> poll(dataSource, guard, context, pid, sql, cancel), "maintkit-progress-" + pid);
        thread.setDaemon(true);
    }

    /** Starts watching backend {@code pid}; {@code cancel} cancels its statement. */
    static ProgressPoller start(DataSource dataSource, Guard guard, ActionContext context, int pid, int major,
                                Runnable cancel) {
        ProgressPoller p = new ProgressPoller(dataSource, guard, context, pid, major, cancel);
        p.thread.start();
        return p;
    }

    private void poll(DataSource dataSource, Guard guard, ActionContext context, int pid, String sql,
                      Runnable cancel) {
        long interval = guard.progressInterval().toMillis();
        MaintenanceConnection watcher = null;
        String last = "";
        long nextRead = System.currentTimeMillis() + interval;
        try {
            while (!stop) {
                if (context.isCancelled()) {
                    cancel.run();
                    return;
                }
                if (System.currentTimeMillis() >= nextRead) {
                    nextRead = System.currentTimeMillis() + interval;
                    try {
                        if (watcher == null) {
                            watcher = MaintenanceConnection.open(dataSource, guard.applicationName());
                            watcher.limits(Duration.ofSeconds(5), Duration.ofMillis(500));
                        }
                        String message = describe(watcher.query(sql, pid));
                        if (!message.isEmpty() && !message.equals(last)) {
                            last = message;
                            context.progress(message);
                        }
                    } catch (SQLException e) {
                        // progress is best effort; the statement itself is unaffected
                    }
                }
                Thread.sleep(Math.min(50, interval));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (watcher != null) {
                try {
                    watcher.close();
                } catch (SQLException ignored) {
                    // nothing to give back
                }
            }
        }
    }

    private static String describe(List<Row> rows) {
        StringBuilder s = new StringBuilder();
        for (Row r : rows) {
            if (s.length() > 0) {
                s.append("; ");
            }
            s.append(r.text("command")).append(": ").append(r.text("phase"));
            long total = r.longValue("total");
            if (total > 0) {
                long done = r.longValue("done");
                s.append(String.format(Locale.ROOT, ", %.0f%% of %s (%s of %s)", 100.0 * done / total,
                        r.text("unit"), Texts.count(done), Texts.count(total)));
            }
        }
        return s.toString();
    }

    @Override
    public void close() {
        stop = true;
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package io.maintkit.postgres.internal;

import io.maintkit.core.ActionContext;
import io.maintkit.core.ActionStep;
import io.maintkit.core.DataSize;
import io.maintkit.core.MaintenanceWindow;
import io.maintkit.core.Measurement;
import io.maintkit.core.StepResult;
import io.maintkit.core.internal.LockRetry;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;

/**
 * Runs one planned {@code pg_repack --table} as a child process: the password only in its environment, its output
 * passed to the listener as progress, the process destroyed when the action is cancelled or its deadline passes.
 * After an interrupted or failed run it ends the client's orphaned sessions and drops the trigger, log table, key
 * type and copy the client left, as the clean-up after a failed REINDEX does.
 */
public final class RepackStep implements ActionStep {

    private static final Duration TERMINATE_GRACE = Duration.ofSeconds(3);

    private final DataSource dataSource;
    private final Guard guard;
    private final List<String> command;
    private final Path passwordFile;
    private final char[] password;
    private final String schema;
    private final String name;
    private final Duration waitTimeout;
    private final MaintenanceWindow window;

    /**
     * A step.
     *
     * @param command      the client and its arguments, without {@code --wait-timeout}
     * @param passwordFile given as {@code PGPASSFILE}, or null
     * @param password     given as {@code PGPASSWORD}, or null
     * @param table        schema and name of the table
     * @param waitTimeout  the client's {@code --wait-timeout}, shortened to the time left
     * @param window       the window it must run in, or null
     */
    public RepackStep(DataSource dataSource, Guard guard, List<String> command, Path passwordFile, char[] password,
                      String[] table, Duration waitTimeout, MaintenanceWindow window) {
        this.dataSource = dataSource;
        this.guard = guard;
        this.command = List.copyOf(command);
        this.passwordFile = passwordFile;
        this.password = password;
        this.schema = table[0];
        this.name = table[1];
        this.waitTimeout = waitTimeout;
        this.window = window;
    }

    /** The {@code --wait-timeout} argument for the time left before {@code deadline}. */
    public static String waitTimeoutArgument(Duration wait) {
        return "--wait-timeout=" + Math.max(1, wait.getSeconds());
    }

    @Override
    public StepResult run(ActionContext context) throws Exception {
        Optional<Instant> deadline = context.deadline();
        if (window != null) {
            Optional<Instant> closes = window.closesAt(context.clock().instant());
            if (closes.isEmpty()) {
                throw new IllegalStateException("runs only inside the planner's window " + window
                        + ", which is closed");
            }
            deadline = deadline.isPresent() && deadline.get().isBefore(closes.get()) ? deadline : closes;
        }
        Duration wait = waitTimeout;
        if (deadline.isPresent()) {
            Duration left = Duration.between(context.clock().instant(), deadline.get());
            if (left.getSeconds() < 1) {
                throw new IllegalStateException("no time left before the deadline " + deadline.get());
            }
            wait = left.compareTo(wait) < 0 ? left : wait;
        }
        String tag = guard.applicationName() + "-repack-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
        long before = size();
        List<String> args = new ArrayList<>(command);
        args.add(waitTimeoutArgument(wait));
        ProcessBuilder builder = new ProcessBuilder(args).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.put("PGAPPNAME", tag);
        env.putIfAbsent("PGCONNECT_TIMEOUT", "10");
        if (passwordFile != null || password != null) {
            env.remove("PGPASSWORD");
            env.remove("PGPASSFILE");
        }
        if (passwordFile != null) {
            env.put("PGPASSFILE", passwordFile.toString());
        }
        if (password != null) {
            env.put("PGPASSWORD", new String(password));
        }
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new IOException("cannot start " + command.get(0) + ": " + e.getMessage());
        }
        Deque<String> tail = new ArrayDeque<>();
        Thread reader = new Thread(() -> read(process, context, tail), "maintkit-repack-output");
        reader.setDaemon(true);
        reader.start();
        AtomicBoolean stopped = new AtomicBoolean();
        String why = null;
        int exit;
        try (AutoCloseable onCancel = context.onCancel(() -> {
            stopped.set(true);
            process.destroy();
        })) {
            while (!process.waitFor(50, TimeUnit.MILLISECONDS)) {
                if (deadline.isPresent() && !context.clock().instant().isBefore(deadline.get())) {
                    why = "the deadline " + deadline.get() + " passed";
                    stopped.set(true);
                    process.destroy();
                    break;
                }
                if (context.isCancelled()) {
                    stopped.set(true);
                    process.destroy();
                    break;
                }
            }
        } catch (InterruptedException e) {
            stopped.set(true);
            process.destroy();
            Thread.currentThread().interrupt();
        }
        if (stopped.get()) {
            if (!process.waitFor(TERMINATE_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        exit = process.waitFor();
        reader.join(2000);
        if (stopped.get() || exit != 0) {
            String cleanUp = cleanUp(tag, context);
            String output = String.join(" | ", snapshot(tail));
            String head = stopped.get()
                    ? "pg_repack stopped" + (why == null ? " on cancellation" : ": " + why)
                    : "pg_repack failed with exit code " + exit + (output.isEmpty() ? "" : ": " + output);
            throw new IllegalStateException(head + (cleanUp.isEmpty() ? "" : "; " + cleanUp));
        }
        long after = size();
        List<Measurement> m = new ArrayList<>();
        if (before >= 0 && after >= 0) {
            m.add(Measurement.bytes("size_before_bytes", DataSize.ofBytes(before)));
            m.add(Measurement.bytes("size_after_bytes", DataSize.ofBytes(after)));
            m.add(Measurement.bytes("freed_bytes", DataSize.ofBytes(Math.max(0, before - after))));
        }
        return new StepResult("done" + (before >= 0 && after >= 0
                ? ": " + DataSize.ofBytes(before) + " -> " + DataSize.ofBytes(after) : ""), m);
    }

    private void read(Process process, ActionContext context, Deque<String> tail) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                String clean = redact(line.strip());
                if (clean.isEmpty()) {
                    continue;
                }
                synchronized (tail) {
                    tail.addLast(clean);
                    if (tail.size() > 5) {
                        tail.removeFirst();
                    }
                }
                context.progress("pg_repack: " + clean);
            }
        } catch (IOException ignored) {
            // the process has gone
        }
    }

    private static List<String> snapshot(Deque<String> tail) {
        synchronized (tail) {
            return new ArrayList<>(tail);
        }
    }

    /** The client never prints the password; this makes sure of it. */
    private String redact(String line) {
        if (password == null || password.length == 0) {
            return line;
        }
        return line.replace(new String(password), "********");
    }

    private long size() {
        try (MaintenanceConnection c = MaintenanceConnection.open(dataSource, guard.applicationName())) {
            c.limits(Duration.ofSeconds(10), guard.lockTimeout());
            List<Row> rows = c.query(Sql.load("relation-size"), schema, name);
            return rows.isEmpty() ? -1 : rows.get(0).longValue("size_bytes", -1);
        } catch (SQLException e) {
            return -1;
        }
    }

    /**
     * Ends the sessions the stopped client left and drops what it left on the table, under a short lock timeout
     * retried with backoff; returns a note for the report.
     */
    private String cleanUp(String tag, ActionContext context) {
        List<String> notes = new ArrayList<>();
        try (MaintenanceConnection c = MaintenanceConnection.open(dataSource, guard.applicationName())) {
            c.limits(Duration.ofSeconds(30), guard.lockTimeout());
            int ended = 0;
            for (Row r : c.query("SELECT pg_catalog.pg_terminate_backend(pid) AS ended FROM pg_catalog.pg_stat_activity"
                    + " WHERE application_name = ? AND pid <> pg_catalog.pg_backend_pid()", tag)) {
                ended += r.bool("ended") ? 1 : 0;
            }
            for (int i = 0; i < 100 && !c.query("SELECT 1 FROM pg_catalog.pg_stat_activity WHERE application_name = ?",
                    tag).isEmpty(); i++) {
                Thread.sleep(50);
            }
            if (ended > 0) {
                notes.add("ended " + ended + " session(s) of the stopped client");
            }
            notes.add(dropLeftovers(c, context));
        } catch (SQLException e) {
            notes.add("could not check for what pg_repack left (" + GuardedStatement.firstLine(e)
                    + "); the next plan's run cleans it up");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            notes.add("interrupted while cleaning up after pg_repack");
        }
        return String.join("; ", notes.stream().filter(s -> !s.isEmpty()).toList());
    }

    private String dropLeftovers(MaintenanceConnection c, ActionContext context)
            throws SQLException, InterruptedException {
        List<Row> rows = c.query(Sql.load("repack-leftovers"), schema, name);
        if (rows.isEmpty()) {
            return "";
        }
        Row r = rows.get(0);
        if (!r.bool("has_trigger") && !r.bool("has_log") && !r.bool("has_copy") && !r.bool("has_type")) {
            return "";
        }
        long oid = r.longValue("oid");
        String table = Identifiers.qualified(schema, name);
        List<String> drops = List.of(
                "LOCK TABLE " + table + " IN ACCESS EXCLUSIVE MODE",
                "DROP TABLE IF EXISTS repack.log_" + oid + " CASCADE",
                "DROP TYPE IF EXISTS repack.pk_" + oid + " CASCADE",
                "DROP TRIGGER IF EXISTS repack_trigger ON " + table,
                "DROP TRIGGER IF EXISTS z_repack_trigger ON " + table,
                "DROP TABLE IF EXISTS repack.table_" + oid + " CASCADE");
        String failure = null;
        try {
            LockRetry.run(guard.retry(), context, Optional.empty(), n -> {
                c.limits(Duration.ofSeconds(30), guard.lockTimeout());
                c.connection().setAutoCommit(false);
                try (var st = c.connection().createStatement()) {
                    for (String sql : drops) {
                        st.execute(sql);
                    }
                    c.connection().commit();
                    return null;
                } catch (SQLException e) {
                    c.connection().rollback();
                    throw e;
                } finally {
                    c.connection().setAutoCommit(true);
                }
            }, null);
        } catch (SQLException e) {
            failure = GuardedStatement.firstLine(e);
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            failure = String.valueOf(e.getMessage());
        }
        return failure == null ? "dropped the trigger and work tables pg_repack left on " + table
                : "could not drop the trigger and work tables pg_repack left on " + table + " (" + failure
                + "); drop them before the table is repacked again";
    }
}

package io.maintkit.postgres.internal;

import io.maintkit.core.ActionContext;
import io.maintkit.core.ActionStep;
import io.maintkit.core.DataSize;
import io.maintkit.core.Measurement;
import io.maintkit.core.MaintenanceWindow;
import io.maintkit.core.StepResult;
import io.maintkit.core.internal.LockRetry;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;

/**
 * Runs one planned VACUUM, ANALYZE, REINDEX or DROP INDEX statement through {@link GuardedStatement}, measuring the
 * relation before and after. After a failed {@code REINDEX ... CONCURRENTLY} it drops the invalid copy the server
 * leaves behind. A statement that blocks reads and writes runs only while the planner's window is open and ends
 * before it closes.
 */
public final class VacuumStep implements ActionStep {

    private final DataSource dataSource;
    private final Guard guard;
    private final String sql;
    private final String schema;
    private final String name;
    private final String tableSchema;
    private final String tableName;
    private final boolean reindex;
    private final MaintenanceWindow blockingWindow;

    /**
     * A step.
     *
     * @param relation       schema and name of the relation measured before and after
     * @param table          schema and name of the table (the index's table for an index)
     * @param reindex        whether the statement is a {@code REINDEX ... CONCURRENTLY}
     * @param blockingWindow for a statement that blocks reads and writes, the window it must run in; else null
     */
    public VacuumStep(DataSource dataSource, Guard guard, String sql, String[] relation, String[] table,
                      boolean reindex, MaintenanceWindow blockingWindow) {
        this.dataSource = dataSource;
        this.guard = guard;
        this.sql = sql;
        this.schema = relation[0];
        this.name = relation[1];
        this.tableSchema = table[0];
        this.tableName = table[1];
        this.reindex = reindex;
        this.blockingWindow = blockingWindow;
    }

    @Override
    public StepResult run(ActionContext context) throws Exception {
        Optional<Instant> deadline = context.deadline();
        if (blockingWindow != null) {
            Optional<Instant> closes = blockingWindow.closesAt(context.clock().instant());
            if (closes.isEmpty()) {
                throw new IllegalStateException("blocks reads and writes: the planner's window " + blockingWindow
                        + " is closed");
            }
            deadline = deadline.isPresent() && deadline.get().isBefore(closes.get()) ? deadline : closes;
        }
        try (MaintenanceConnection c = MaintenanceConnection.open(dataSource, guard.applicationName())) {
            long before = size(c);
            Set<Long> invalidBefore = reindex ? leftovers(c).keySet() : Set.of();
            GuardedStatement.Outcome o = GuardedStatement.run(dataSource, c, guard, context, deadline, sql,
                    reindex ? cc -> dropLeftovers(cc, invalidBefore, context) : null);
            long after = size(c);
            List<Measurement> m = new ArrayList<>();
            if (before >= 0 && after >= 0) {
                m.add(Measurement.bytes("size_before_bytes", DataSize.ofBytes(before)));
                m.add(Measurement.bytes("size_after_bytes", DataSize.ofBytes(after)));
                m.add(Measurement.bytes("freed_bytes", DataSize.ofBytes(Math.max(0, before - after))));
            }
            m.add(Measurement.count("attempts", o.attempts()));
            m.add(Measurement.count("lock_timeouts", o.lockTimeouts()));
            String detail = (o.lockTimeouts() == 0 ? "done" : "done after " + o.lockTimeouts()
                    + " lock timeout(s) and " + o.attempts() + " attempts")
                    + (before >= 0 && after >= 0 ? ": " + DataSize.ofBytes(before) + " -> " + DataSize.ofBytes(after)
                    : "");
            return new StepResult(detail, m);
        }
    }

    private long size(MaintenanceConnection c) {
        try {
            c.limits(Duration.ofSeconds(10), guard.lockTimeout());
            List<Row> rows = c.query(Sql.load("relation-size"), schema, name);
            return rows.isEmpty() ? -1 : rows.get(0).longValue("size_bytes", -1);
        } catch (SQLException e) {
            return -1;
        }
    }

    private java.util.Map<Long, String[]> leftovers(MaintenanceConnection c) throws SQLException {
        c.limits(Duration.ofSeconds(10), guard.lockTimeout());
        java.util.Map<Long, String[]> found = new java.util.LinkedHashMap<>();
        for (Row r : c.query(Sql.load("leftover-indexes"), tableSchema, tableName)) {
            found.put(r.longValue("oid"), new String[] {r.text("nspname"), r.text("relname")});
        }
        return found;
    }

    /**
     * Drops the invalid copies a failed REINDEX CONCURRENTLY left, each retried after lock timeouts while the action
     * is not cancelled (tried once after a cancellation).
     */
    private String dropLeftovers(MaintenanceConnection c, Set<Long> invalidBefore, ActionContext context)
            throws SQLException {
        List<String> notes = new ArrayList<>();
        for (var e : leftovers(c).entrySet()) {
            if (invalidBefore.contains(e.getKey())) {
                continue;
            }
            String index = Identifiers.qualified(e.getValue()[0], e.getValue()[1]);
            String failure = null;
            try {
                LockRetry.run(guard.retry(), context, Optional.empty(), n -> {
                    c.limits(Duration.ofSeconds(30), guard.lockTimeout());
                    try (var st = c.connection().createStatement()) {
                        return st.execute("DROP INDEX CONCURRENTLY IF EXISTS " + index);
                    }
                }, null);
            } catch (SQLException last) {
                failure = GuardedStatement.firstLine(last);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                failure = "interrupted";
            } catch (Exception other) {
                failure = String.valueOf(other.getMessage());
            }
            notes.add(failure == null ? "dropped the invalid index " + index + " the failed REINDEX left"
                    : "could not drop the invalid index " + index + " the failed REINDEX left (" + failure
                    + "); the next plan drops it");
        }
        return String.join("; ", notes);
    }
}

package io.maintkit.postgres;

import io.maintkit.core.DataSize;
import io.maintkit.core.Finding;
import io.maintkit.core.Measurement;
import io.maintkit.core.Severity;
import io.maintkit.core.Threshold;
import io.maintkit.postgres.internal.Row;
import io.maintkit.postgres.internal.Session;
import io.maintkit.postgres.internal.Sql;
import io.maintkit.postgres.internal.Texts;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * {@code postgres.replication}: the server's role; on a standby, replay lag in bytes and time; on a primary, each
 * streaming standby's lag; and replication slots that are inactive, lost, or retain more WAL than a limit.
 * Three queries.
 */
public final class ReplicationCheck extends PostgresInspection<ReplicationCheck, HealthReport> {

    /** The check id. */
    public static final String ID = "postgres.replication";
    /** Replay lag in bytes: warning at 64 MiB, critical at 1 GiB. */
    public static final Threshold<DataSize> DEFAULT_LAG_BYTES =
            Threshold.above(DataSize.ofMegabytes(64), DataSize.ofGigabytes(1));
    /** Replay lag in time: warning at 1 minute, critical at 10. */
    public static final Threshold<Duration> DEFAULT_LAG_TIME =
            Threshold.above(Duration.ofMinutes(1), Duration.ofMinutes(10));
    /** WAL retained by a slot: warning at 1 GiB, critical at 10 GiB. */
    public static final Threshold<DataSize> DEFAULT_SLOT_RETAINED =
            Threshold.above(DataSize.ofGigabytes(1), DataSize.ofGigabytes(10));

    private final Threshold<DataSize> lagBytes;
    private final Threshold<Duration> lagTime;
    private final Threshold<DataSize> slotRetained;

    private ReplicationCheck(Context context, Threshold<DataSize> lagBytes, Threshold<Duration> lagTime,
                             Threshold<DataSize> slotRetained) {
        super(context);
        this.lagBytes = Objects.requireNonNull(lagBytes, "lagBytes");
        this.lagTime = Objects.requireNonNull(lagTime, "lagTime");
        this.slotRetained = Objects.requireNonNull(slotRetained, "slotRetained");
    }

    /** A check with the defaults. */
    public static ReplicationCheck on(DataSource dataSource) {
        return new ReplicationCheck(Context.of(dataSource), DEFAULT_LAG_BYTES, DEFAULT_LAG_TIME,
                DEFAULT_SLOT_RETAINED);
    }

    @Override
    ReplicationCheck with(Context changed) {
        return new ReplicationCheck(changed, lagBytes, lagTime, slotRetained);
    }

    @Override
    public String id() {
        return ID;
    }

    /** This check with other limits for replay lag in bytes. */
    public ReplicationCheck lagBytes(Threshold<DataSize> limits) {
        return new ReplicationCheck(context, limits, lagTime, slotRetained);
    }

    /** This check with other limits for replay lag in time. */
    public ReplicationCheck lagTime(Threshold<Duration> limits) {
        return new ReplicationCheck(context, lagBytes, limits, slotRetained);
    }

    /** This check with other limits for the WAL a slot retains. */
    public ReplicationCheck slotRetained(Threshold<DataSize> limits) {
        return new ReplicationCheck(context, lagBytes, lagTime, limits);
    }

    @Override
    public HealthReport inspect() throws SQLException {
        try (Session session = context.open()) {
            List<Finding> findings = new ArrayList<>();
            String db = session.database();
            Row state = session.one(Sql.load("replication-state"));
            if (state.bool("standby")) {
                DataSize bytes = DataSize.ofBytes(Math.max(0, state.longValue("replay_lag_bytes")));
                Duration time = state.seconds("replay_lag_seconds");
                Severity s = Severity.worst(lagBytes.evaluate(bytes),
                        time == null ? Severity.OK : lagTime.evaluate(time));
                findings.add(Finding.of(ID, db, s == Severity.OK ? Severity.INFO : s, "standby, replay "
                                + bytes + " behind what it received" + (time == null ? ""
                                : ", last replayed transaction " + Texts.age(time) + " old"))
                        .withMeasurements(Measurement.bytes("replay_lag_bytes", bytes))
                        .withDetail("role", "standby"));
            } else {
                List<Row> standbys = session.query(Sql.load("replication-standbys"));
                for (Row r : standbys) {
                    String subject = "standby " + r.text("application_name")
                            + (r.isNull("client_addr") ? "" : " " + r.text("client_addr"));
                    if (r.isNull("state")) {
                        findings.add(Finding.of(ID, subject, Severity.UNKNOWN,
                                "this role cannot see the standby's lag (grant pg_monitor)"));
                        continue;
                    }
                    DataSize bytes = DataSize.ofBytes(Math.max(0, r.longValue("lag_bytes")));
                    Duration time = r.seconds("lag_seconds");
                    Severity s = Severity.worst(lagBytes.evaluate(bytes),
                            time == null ? Severity.OK : lagTime.evaluate(time));
                    if (s != Severity.OK) {
                        findings.add(Finding.of(ID, subject, s, r.text("state") + ", replay " + bytes + " behind"
                                        + (time == null ? "" : ", " + Texts.age(time)))
                                .withMeasurements(Measurement.bytes("replay_lag_bytes", bytes)));
                    }
                }
            }
            for (Row slot : session.query(Sql.load("replication-slots"))) {
                inspectSlot(slot, findings);
            }
            return new HealthReport(ID, db, session.versionNum(), findings);
        }
    }

    private void inspectSlot(Row slot, List<Finding> findings) {
        String subject = "slot " + slot.text("slot_name");
        DataSize retained = DataSize.ofBytes(Math.max(0, slot.longValue("retained_bytes")));
        String kind = slot.text("slot_type") + (slot.isNull("database") ? "" : " slot of database "
                + slot.text("database"));
        if ("lost".equals(slot.text("wal_status"))) {
            findings.add(Finding.of(ID, subject, Severity.CRITICAL, kind + " has lost WAL it needs: its consumer"
                    + " cannot resume").withDetail("wal_status", "lost"));
            return;
        }
        Severity byRetained = slotRetained.evaluate(retained);
        boolean inactive = !slot.bool("active");
        Severity s = Severity.worst(byRetained, inactive ? Severity.WARNING : Severity.OK);
        if (s != Severity.OK) {
            findings.add(Finding.of(ID, subject, s, (inactive ? "inactive " : "") + kind + " retains " + retained
                            + " of WAL" + (inactive ? ": nothing consumes it, the WAL and old row versions it holds"
                            + " back pile up" : ""))
                    .withMeasurements(Measurement.bytes("retained_bytes", retained))
                    .withDetail("active", Boolean.toString(!inactive))
                    .withDetail("wal_status", String.valueOf(slot.text("wal_status"))));
        }
    }
}

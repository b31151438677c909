package io.maintkit.postgres;

import io.maintkit.core.DataSize;
import io.maintkit.core.Finding;
import io.maintkit.core.Measurement;
import io.maintkit.core.Severity;
import io.maintkit.core.Threshold;
import io.maintkit.postgres.ReplicationReport.ReplicationLag;
import io.maintkit.postgres.ReplicationReport.ReplicationSlot;
import io.maintkit.postgres.internal.Row;
import io.maintkit.postgres.internal.Session;
import io.maintkit.postgres.internal.Sql;
import io.maintkit.postgres.internal.Texts;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * {@code postgres.replication}: the server's role; on a standby, replay lag in bytes and time and a paused replay;
 * on a primary, each streaming standby's lag; and replication slots that are inactive, lost, or retain more WAL than
 * a limit.
 * Three queries.
 */
public final class ReplicationCheck extends PostgresInspection<ReplicationCheck, ReplicationReport> {

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
    public ReplicationReport inspect() throws SQLException {
        try (Session session = context.open()) {
            List<Finding> findings = new ArrayList<>();
            List<ReplicationLag> lags = new ArrayList<>();
            String db = session.database();
            Row state = session.one(Sql.load("replication-state"));
            boolean standby = state.bool("standby");
            boolean paused = standby && state.bool("replay_paused");
            if (paused) {
                findings.add(Finding.of(ID, "replay-paused", db, Severity.WARNING, "WAL replay is paused: the"
                        + " standby receives WAL but falls further behind until pg_wal_replay_resume()"));
            }
            if (standby) {
                DataSize bytes = DataSize.ofBytes(Math.max(0, state.longValue("replay_lag_bytes")));
                Duration time = state.seconds("replay_lag_seconds");
                Severity s = lagSeverity(bytes, time);
                lags.add(new ReplicationLag(db, "standby", bytes, Optional.ofNullable(time), s));
                findings.add(Finding.of(ID, "replication-lag", db, s == Severity.OK ? Severity.INFO : s, "standby,"
                                + " replay " + bytes + " behind what it received" + (time == null ? ""
                                : ", last replayed transaction " + Texts.age(time) + " old"))
                        .withMeasurements(Measurement.bytes("replay_lag_bytes", bytes))
                        .withDetail("role", "standby"));
            } else {
                for (Row r : session.query(Sql.load("replication-standbys"))) {
                    String subject = "standby " + r.text("application_name")
                            + (r.isNull("client_addr") ? "" : " " + r.text("client_addr"));
                    if (r.isNull("state")) {
                        findings.add(Finding.of(ID, "standby-lag-hidden", subject, Severity.UNKNOWN,
                                "this role cannot see the standby's lag (grant pg_monitor)"));
                        continue;
                    }
                    DataSize bytes = DataSize.ofBytes(Math.max(0, r.longValue("lag_bytes")));
                    Duration time = r.seconds("lag_seconds");
                    Severity s = lagSeverity(bytes, time);
                    lags.add(new ReplicationLag(subject, r.text("state"), bytes, Optional.ofNullable(time), s));
                    if (s != Severity.OK) {
                        findings.add(Finding.of(ID, "replication-lag", subject, s, r.text("state") + ", replay "
                                        + bytes + " behind" + (time == null ? "" : ", " + Texts.age(time)))
                                .withMeasurements(Measurement.bytes("replay_lag_bytes", bytes)));
                    }
                }
            }
            List<ReplicationSlot> slots = new ArrayList<>();
            for (Row slot : session.query(Sql.load("replication-slots"))) {
                slots.add(inspectSlot(slot, findings));
            }
            return new ReplicationReport(db, session.versionNum(), standby, paused, lags, slots, findings);
        }
    }

    private Severity lagSeverity(DataSize bytes, Duration time) {
        return Severity.worst(lagBytes.evaluate(bytes), time == null ? Severity.OK : lagTime.evaluate(time));
    }

    private ReplicationSlot inspectSlot(Row slot, List<Finding> findings) {
        String name = slot.text("slot_name");
        String subject = "slot " + name;
        DataSize retained = DataSize.ofBytes(Math.max(0, slot.longValue("retained_bytes")));
        String kind = slot.text("slot_type") + (slot.isNull("database") ? "" : " slot of database "
                + slot.text("database"));
        boolean inactive = !slot.bool("active");
        Severity s;
        if ("lost".equals(slot.text("wal_status"))) {
            s = Severity.CRITICAL;
            findings.add(Finding.of(ID, "slot-wal-lost", subject, s, kind + " has lost WAL it needs: its consumer"
                    + " cannot resume").withDetail("wal_status", "lost"));
        } else {
            Severity byRetained = slotRetained.evaluate(retained);
            s = Severity.worst(byRetained, inactive ? Severity.WARNING : Severity.OK);
            if (s != Severity.OK) {
                findings.add(Finding.of(ID, inactive ? "slot-inactive" : "slot-retains-wal", subject, s,
                                (inactive ? "inactive " : "") + kind + " retains " + retained + " of WAL"
                                + (inactive ? ": nothing consumes it, the WAL and old row versions it holds back"
                                + " pile up" : ""))
                        .withMeasurements(Measurement.bytes("retained_bytes", retained))
                        .withDetail("active", Boolean.toString(!inactive))
                        .withDetail("wal_status", String.valueOf(slot.text("wal_status"))));
            }
        }
        return new ReplicationSlot(name, slot.text("slot_type"), Optional.ofNullable(slot.text("database")),
                !inactive, retained, Optional.ofNullable(slot.text("wal_status")), s);
    }
}

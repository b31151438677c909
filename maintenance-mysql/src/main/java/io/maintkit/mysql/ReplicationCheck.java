package io.maintkit.mysql;

import io.maintkit.core.Finding;
import io.maintkit.core.Measurement;
import io.maintkit.core.Percent;
import io.maintkit.core.Severity;
import io.maintkit.core.Threshold;
import io.maintkit.mysql.internal.Row;
import io.maintkit.mysql.internal.Session;
import io.maintkit.mysql.internal.Sql;
import io.maintkit.mysql.internal.Texts;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * {@code mysql.replication}: on a replica, each channel's IO and SQL thread, last errors and lag; on a Galera
 * node, {@code wsrep_cluster_status}, {@code wsrep_ready} and the share of time paused by flow control.
 *
 * <p>The status statement follows the server: {@code SHOW ALL REPLICAS STATUS} on MariaDB 10.5.2+ ({@code SHOW
 * ALL SLAVES STATUS} before), {@code SHOW REPLICA STATUS} on MySQL 8.0.22+ ({@code SHOW SLAVE STATUS} before),
 * versions compared as numbers; columns are read by name under either vocabulary ({@code Source_}/{@code Master_},
 * {@code Replica_}/{@code Slave_}). Without the privilege it needs ({@code REPLICA MONITOR} on MariaDB 10.5.9+,
 * {@code REPLICATION CLIENT} elsewhere) the check says UNKNOWN and why.
 */
public final class ReplicationCheck extends MysqlInspection<ReplicationCheck, ReplicationReport> {

    /** The check id. */
    public static final String ID = "mysql.replication";
    /** Replica lag: 30 s warning, 5 min critical. */
    public static final Threshold<Duration> DEFAULT_LAG = Threshold.above(Duration.ofSeconds(30),
            Duration.ofMinutes(5));
    /** Galera flow control: paused 10 % of the time warning, 50 % critical. */
    public static final Threshold<Percent> DEFAULT_FLOW_CONTROL = Threshold.above(Percent.of(10), Percent.of(50));

    private final Threshold<Duration> lag;
    private final Threshold<Percent> flowControl;

    private ReplicationCheck(Context context, Threshold<Duration> lag, Threshold<Percent> flowControl) {
        super(context);
        this.lag = Objects.requireNonNull(lag, "lag");
        this.flowControl = Objects.requireNonNull(flowControl, "flowControl");
    }

    /** A check with the defaults. */
    public static ReplicationCheck on(DataSource dataSource) {
        return new ReplicationCheck(Context.of(dataSource), DEFAULT_LAG, DEFAULT_FLOW_CONTROL);
    }

    @Override
    ReplicationCheck with(Context changed) {
        return new ReplicationCheck(changed, lag, flowControl);
    }

    @Override
    public String id() {
        return ID;
    }

    /** This check with other limits on replica lag. */
    public ReplicationCheck lag(Threshold<Duration> limits) {
        return new ReplicationCheck(context, limits, flowControl);
    }

    /** This check with other limits on the share of time Galera flow control paused replication. */
    public ReplicationCheck flowControl(Threshold<Percent> limits) {
        return new ReplicationCheck(context, lag, limits);
    }

    /** The statement that lists every replication channel on this server. */
    static String statusStatement(ServerVersion server) {
        if (server.isMariaDb()) {
            return server.atLeast(10, 5, 2) ? "ALL REPLICAS STATUS" : "ALL SLAVES STATUS";
        }
        return server.atLeast(8, 0, 22) ? "REPLICA STATUS" : "SLAVE STATUS";
    }

    /** Reads every replication channel; the attempt's failure when the statement could not run. */
    static Session.Attempt channels(Session session, List<ReplicaChannel> into) throws SQLException {
        Session.Attempt status = session.attempt(Sql.load("replica-status",
                Map.of("statement", statusStatement(session.server()))));
        for (Row r : status.rows()) {
            String lagText = r.firstText("Seconds_Behind_Source", "Seconds_Behind_Master");
            Optional<Duration> lag = lagText == null ? Optional.empty()
                    : Optional.of(Duration.ofSeconds(Long.parseLong(lagText.trim())));
            String host = r.firstText("Source_Host", "Master_Host");
            String port = r.firstText("Source_Port", "Master_Port");
            into.add(new ReplicaChannel(orEmpty(r.firstText("Connection_name", "Channel_Name")),
                    host + ":" + port, parseLong(r.firstText("Source_Server_Id", "Master_Server_Id")),
                    orEmpty(r.firstText("Replica_IO_Running", "Slave_IO_Running")),
                    orEmpty(r.firstText("Replica_SQL_Running", "Slave_SQL_Running")), lag,
                    orEmpty(r.firstText("Last_IO_Error")), orEmpty(r.firstText("Last_SQL_Error")),
                    orEmpty(r.firstText("Relay_Source_Log_File", "Relay_Master_Log_File"))));
        }
        return status;
    }

    private static long parseLong(String s) {
        try {
            return s == null ? 0 : Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    @Override
    ReplicationReport inspect(Session session) throws SQLException {
        List<Finding> findings = new ArrayList<>();
        List<ReplicaChannel> channels = new ArrayList<>();
        Session.Attempt status = channels(session, channels);
        if (!status.succeeded()) {
            findings.add(unknown("replication-status-unknown", "cannot read replication status ("
                    + (session.server().isMariaDb() && session.server().atLeast(10, 5, 9) ? "REPLICA MONITOR"
                    : "REPLICATION CLIENT") + " privilege needed): " + status.reason()));
        }
        for (ReplicaChannel c : channels) {
            String subject = context.target() + (c.name().isEmpty() ? "" : "/" + c.name());
            if (!"Yes".equalsIgnoreCase(c.ioThread())) {
                boolean connecting = "Connecting".equalsIgnoreCase(c.ioThread());
                findings.add(Finding.of(ID, connecting ? "replica-io-connecting" : "replica-io-stopped", subject,
                                connecting ? Severity.WARNING : Severity.CRITICAL, "replication IO thread "
                                        + (connecting ? "cannot connect to " : "stopped, source ") + c.source()
                                        + (c.lastIoError().isEmpty() ? "" : ": " + c.lastIoError()))
                        .withDetail("source", c.source()));
            }
            if (!"Yes".equalsIgnoreCase(c.sqlThread())) {
                findings.add(Finding.of(ID, "replica-sql-stopped", subject, Severity.CRITICAL,
                                "replication SQL thread stopped" + (c.lastSqlError().isEmpty() ? ""
                                        : ": " + c.lastSqlError()))
                        .withDetail("source", c.source()));
            } else if (c.lag().isPresent()) {
                Severity s = lag.evaluate(c.lag().get());
                if (s != Severity.OK) {
                    findings.add(Finding.of(ID, "replica-lag", subject, s, "replica " + Texts.age(c.lag().get())
                                    + " behind its source " + c.source())
                            .withMeasurements(Measurement.seconds("lag", c.lag().get()))
                            .withDetail("source", c.source()));
                }
            }
        }
        galera(session, findings);
        findings.sort(Comparator.comparing((Finding f) -> -f.severity().rank()));
        return new ReplicationReport(session.server(), channels, findings);
    }

    private void galera(Session session, List<Finding> findings) throws SQLException {
        String clusterStatus = session.status().get("wsrep_cluster_status");
        if (clusterStatus == null || clusterStatus.isBlank() || "Disconnected".equalsIgnoreCase(clusterStatus)
                && !Texts.isOn(session.variable("wsrep_on"))) {
            return;
        }
        String target = context.target();
        long size = session.statusValue("wsrep_cluster_size", 0);
        if (!"Primary".equalsIgnoreCase(clusterStatus)) {
            findings.add(Finding.of(ID, "galera-non-primary", target, Severity.CRITICAL, "Galera node in a "
                            + clusterStatus + " component of " + size + " node(s): it refuses queries")
                    .withMeasurements(Measurement.count("cluster_size", size)));
        }
        if (!Texts.isOn(session.status().get("wsrep_ready"))) {
            findings.add(Finding.of(ID, "galera-not-ready", target, Severity.CRITICAL,
                    "Galera node not ready (wsrep_ready OFF): it refuses queries"));
        }
        String paused = session.status().get("wsrep_flow_control_paused");
        if (paused != null) {
            Percent share = Percent.of(Double.parseDouble(paused.trim()) * 100);
            Severity s = flowControl.evaluate(share);
            if (s != Severity.OK) {
                findings.add(Finding.of(ID, "galera-flow-control", target, s, "replication paused by flow control "
                                + share + " of the time: a slow node holds the cluster's writes back")
                        .withMeasurements(Measurement.percent("paused_percent", share),
                                Measurement.count("cluster_size", size)));
            }
        }
    }
}

package io.maintkit.mysql;

import io.maintkit.core.DataSize;
import io.maintkit.core.EstimatedCost;
import io.maintkit.core.Finding;
import io.maintkit.core.LockImpact;
import io.maintkit.core.MaintenanceAction;
import io.maintkit.core.MaintenancePlan;
import io.maintkit.core.Severity;
import io.maintkit.core.StepResult;
import io.maintkit.mysql.internal.GuardedStatement;
import io.maintkit.mysql.internal.Identifiers;
import io.maintkit.mysql.internal.Session;
import io.maintkit.mysql.internal.Texts;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * Plans the purge of binary logs older than a retention, never past the oldest log a known replica still needs.
 *
 * <pre>{@code
 * MaintenancePlan plan = BinlogRetention.on(primary)
 *         .retention(Duration.ofDays(3))
 *         .replicas(replicaA, replicaB)          // asked for the log their SQL thread executes from
 *         .keepFrom("mariadb-bin.000812")        // a replica that cannot be asked right now
 *         .plan();
 * plan.execute(ExecutionOptions.defaults().allowDestructive(true));
 * }</pre>
 *
 * <p>The server itself keeps the logs a <em>connected</em> replica reads, but deletes those a disconnected one
 * still needs; so each replica the caller knows is asked for its {@code Relay_Master_Log_File} (the channel whose
 * source has this server's {@code server_id}), and a caller-given log name stands for a replica that cannot be
 * asked. A replica that cannot be read stops the plan (UNKNOWN finding): purging past it could break it.
 *
 * <p>SQL tells no log's age. Where the data directory is visible to this JVM, the file times say which logs are
 * past the retention, and the plan is one {@code PURGE BINARY LOGS TO}. Elsewhere, without replica positions, it
 * is {@code PURGE BINARY LOGS BEFORE NOW() - INTERVAL n SECOND}, the server judging ages; with replica positions
 * and no visible ages nothing is planned, and a finding says why. The active log is never purged. The action is
 * destructive: it runs only with {@code allowDestructive(true)}.
 */
public final class BinlogRetention {

    /** The default retention: 7 days. */
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(7);
    /** The finding's check id. */
    public static final String ID = BinlogCheck.ID;
    /** How long an executed purge waits for the server to let go of the logs it purges: 10 s. */
    public static final Duration PURGE_SETTLE = Duration.ofSeconds(10);

    private final Context context;
    private final Duration retention;
    private final List<DataSource> replicas;
    private final List<String> keepFrom;
    private final Clock clock;

    private BinlogRetention(Context context, Duration retention, List<DataSource> replicas, List<String> keepFrom,
                            Clock clock) {
        this.context = Objects.requireNonNull(context, "context");
        this.retention = Objects.requireNonNull(retention, "retention");
        if (retention.isNegative()) {
            throw new IllegalArgumentException("retention must not be negative");
        }
        this.replicas = List.copyOf(replicas);
        this.keepFrom = List.copyOf(keepFrom);
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A retention of {@link #DEFAULT_RETENTION} for the binary logs of the server behind {@code dataSource}. */
    public static BinlogRetention on(DataSource dataSource) {
        return new BinlogRetention(Context.of(dataSource), DEFAULT_RETENTION, List.of(), List.of(),
                Clock.systemUTC());
    }

    /** This plan keeping logs written within {@code keep}. */
    public BinlogRetention retention(Duration keep) {
        return new BinlogRetention(context, keep, replicas, keepFrom, clock);
    }

    /** This plan also keeping every log these replicas still need (they are asked at planning time). */
    public BinlogRetention replicas(DataSource... known) {
        List<DataSource> all = new ArrayList<>(replicas);
        all.addAll(List.of(known));
        return new BinlogRetention(context, retention, all, keepFrom, clock);
    }

    /** This plan also keeping {@code logName} and every later log, for a replica that cannot be asked. */
    public BinlogRetention keepFrom(String logName) {
        List<String> all = new ArrayList<>(keepFrom);
        all.add(Objects.requireNonNull(logName, "logName"));
        return new BinlogRetention(context, retention, replicas, all, clock);
    }

    /** This plan naming its target so (e.g. {@code db-1}); never put credentials here. */
    public BinlogRetention target(String name) {
        return new BinlogRetention(context.withTarget(name), retention, replicas, keepFrom, clock);
    }

    /** This plan reading "now" from {@code otherClock}. */
    public BinlogRetention clock(Clock otherClock) {
        return new BinlogRetention(context, retention, replicas, keepFrom, otherClock);
    }

    /** The plan alone; see {@link #inspect()} for why it purges what it purges. */
    public MaintenancePlan plan() throws SQLException {
        return inspect().plan();
    }

    /** Reads the logs and the replicas' positions (read-only) and decides. */
    public BinlogPurgeReport inspect() throws SQLException {
        List<Finding> findings = new ArrayList<>();
        List<BinaryLog> logs = new ArrayList<>();
        long serverId;
        try (Session session = context.open()) {
            if (!Texts.isOn(session.variable("log_bin"))) {
                return empty(findings, "binary log off: nothing to purge");
            }
            Session.Attempt listed = BinlogCheck.logs(session, logs);
            if (!listed.succeeded()) {
                findings.add(Finding.of(ID, "binlog-list-unknown", context.target(), Severity.UNKNOWN,
                        "cannot list the binary logs: " + listed.reason()));
                return empty(findings, null);
            }
            serverId = Long.parseLong(session.variable("server_id").trim());
        }
        String needed = null;
        List<String> needs = new ArrayList<>(keepFrom);
        for (DataSource replica : replicas) {
            String file = neededBy(replica, serverId, findings);
            if (file == null) {
                return empty(findings, null);
            }
            needs.add(file);
        }
        for (String n : needs) {
            if (needed == null || sequence(n) < sequence(needed)) {
                needed = n;
            }
        }
        Instant cutoff = clock.instant().minus(retention);
        boolean agesKnown = logs.stream().allMatch(l -> l.lastWritten().isPresent());
        if (!agesKnown && needed != null) {
            return empty(findings, "the logs' ages are not visible from this host (data directory elsewhere), and"
                    + " a replica needs " + needed + ": nothing purged rather than risk the retention");
        }
        List<BinaryLog> purged = new ArrayList<>();
        String to = null;
        for (int i = 0; i < logs.size() - 1; i++) {
            BinaryLog log = logs.get(i);
            String next = logs.get(i + 1).name();
            boolean old = agesKnown && log.lastWritten().get().isBefore(cutoff);
            if (!agesKnown || !old || needed != null && sequence(log.name()) >= sequence(needed)) {
                break;
            }
            purged.add(log);
            to = next;
        }
        if (needed != null && to != null && sequence(to) >= sequence(needed)) {
            findings.add(Finding.of(ID, "binlog-kept-for-replica", context.target(), Severity.INFO,
                    "logs from " + needed + " on kept: a replica still needs them"));
        }
        if (!agesKnown) {
            String sql = "PURGE BINARY LOGS BEFORE NOW() - INTERVAL " + retention.toSeconds() + " SECOND";
            return new BinlogPurgeReport(plan(sql, null, "logs last written over " + Texts.age(retention) + " ago (the"
                    + " server judges the ages; connected replicas' logs are kept by the server)",
                    DataSize.ZERO), List.of(), findings);
        }
        if (to == null) {
            return empty(findings, "no log past the " + Texts.age(retention) + " retention"
                    + (needed == null ? "" : " before " + needed + ", which a replica needs"));
        }
        DataSize frees = purged.stream().map(BinaryLog::size).reduce(DataSize.ZERO, DataSize::plus);
        String sql = "PURGE BINARY LOGS TO " + Identifiers.literal(to);
        return new BinlogPurgeReport(plan(sql, to, purged.size() + " log(s) last written over " + Texts.age(retention)
                + " ago (" + frees + ")" + (needed == null ? "" : "; " + needed + " and later kept for a replica"),
                frees), purged, findings);
    }

    private String oldestLog() throws SQLException {
        List<BinaryLog> left = BinlogCheck.on(context.dataSource()).inspect().logs();
        return left.isEmpty() ? null : left.get(0).name();
    }

    private BinlogPurgeReport empty(List<Finding> findings, String why) {
        if (why != null) {
            findings.add(Finding.of(ID, "binlog-purge-not-planned", context.target(), Severity.INFO, why));
        }
        return new BinlogPurgeReport(new MaintenancePlan("binlog retention " + context.target(), List.of()),
                List.of(), findings);
    }

    /**
     * The purge as a plan. The server skips, without an error, a log that a connected replica is still reading and
     * (MariaDB) a log whose transactions the storage engine has not checkpointed yet: with {@code to} known, the
     * step checks that the oldest log left is {@code to}, purges again for up to {@link #PURGE_SETTLE} while the
     * checkpoint catches up, and fails with the name of the log kept otherwise, so a purge that did not happen is
     * never reported as done.
     */
    private MaintenancePlan plan(String sql, String to, String reason, DataSize frees) {
        GuardedStatement statement = new GuardedStatement(context.dataSource(), sql, 1, Duration.ofSeconds(1),
                Duration.ofSeconds(30), true);
        MaintenanceAction purge = MaintenanceAction.builder(context.target(), sql)
                .reason(reason)
                .lockImpact(LockImpact.NONE)
                .destructive(true)
                .cost(EstimatedCost.NONE.freeing(frees))
                .step(c -> {
                    long giveUp = System.nanoTime() + PURGE_SETTLE.toNanos();
                    while (true) {
                        StepResult done = statement.run(c);
                        String oldest = to == null ? null : oldestLog();
                        if (oldest == null || sequence(oldest) >= sequence(to)) {
                            return done;
                        }
                        if (System.nanoTime() > giveUp || c.isCancelled()) {
                            throw new SQLException("the server kept " + oldest + " and later logs (a connected"
                                    + " replica reads them, or their transactions are not yet checkpointed)"
                                    + (done.detail().isEmpty() ? "" : ": " + done.detail()));
                        }
                        c.pause(Duration.ofMillis(200));
                    }
                })
                .build();
        return new MaintenancePlan("binlog retention " + context.target(), List.of(purge));
    }

    /** The oldest log of this server that {@code replica} still needs; null (with a finding) when unknown. */
    private String neededBy(DataSource replica, long serverId, List<Finding> findings) {
        try (Session session = Session.open(replica, context.session().statementTimeout(),
                context.session().lockTimeoutSeconds())) {
            List<ReplicaChannel> channels = new ArrayList<>();
            Session.Attempt status = ReplicationCheck.channels(session, channels);
            if (!status.succeeded()) {
                findings.add(Finding.of(ID, "replica-position-unknown", context.target(), Severity.UNKNOWN,
                        "cannot read a replica's position, nothing purged: " + status.reason()));
                return null;
            }
            return channels.stream().filter(c -> c.sourceServerId() == serverId || c.sourceServerId() == 0)
                    .map(ReplicaChannel::executedLogFile).filter(f -> !f.isEmpty())
                    .min(Comparator.comparingLong(BinlogRetention::sequence))
                    .orElseGet(() -> {
                        findings.add(Finding.of(ID, "replica-position-unknown", context.target(), Severity.UNKNOWN,
                                "a replica given has no channel from this server (server_id " + serverId
                                        + "), nothing purged"));
                        return null;
                    });
        } catch (SQLException e) {
            findings.add(Finding.of(ID, "replica-position-unknown", context.target(), Severity.UNKNOWN,
                    "cannot reach a replica, nothing purged: " + Texts.firstLine(e.getMessage())));
            return null;
        }
    }

    /** The numeric suffix of a log name ({@code mariadb-bin.000042} is 42), so logs compare as numbers. */
    static long sequence(String logName) {
        int dot = logName.lastIndexOf('.');
        try {
            return Long.parseLong(logName.substring(dot + 1));
        } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
            return Long.MAX_VALUE;
        }
    }
}

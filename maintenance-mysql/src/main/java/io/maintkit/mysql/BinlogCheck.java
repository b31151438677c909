package io.maintkit.mysql;

import io.maintkit.core.DataSize;
import io.maintkit.core.Finding;
import io.maintkit.core.Measurement;
import io.maintkit.core.Severity;
import io.maintkit.core.Threshold;
import io.maintkit.mysql.internal.Row;
import io.maintkit.mysql.internal.Session;
import io.maintkit.mysql.internal.Sql;
import io.maintkit.mysql.internal.Texts;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * {@code mysql.binlogs}: the binary logs' total size, and their retention: logs that never expire (MariaDB's
 * default, {@code expire_logs_days = 0}) are a WARNING with the reason. SQL tells no log's age; when the server's
 * data directory is visible to this JVM (same host), the oldest log's file time is compared with the retention too.
 */
public final class BinlogCheck extends MysqlInspection<BinlogCheck, BinlogReport> {

    /** The check id. */
    public static final String ID = "mysql.binlogs";
    /** Total size of the binary logs: 10 GiB warning, 50 GiB critical. */
    public static final Threshold<DataSize> DEFAULT_TOTAL_SIZE = Threshold.above(DataSize.ofGigabytes(10),
            DataSize.ofGigabytes(50));

    private final Threshold<DataSize> totalSize;
    private final Clock clock;

    private BinlogCheck(Context context, Threshold<DataSize> totalSize, Clock clock) {
        super(context);
        this.totalSize = Objects.requireNonNull(totalSize, "totalSize");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A check with the defaults. */
    public static BinlogCheck on(DataSource dataSource) {
        return new BinlogCheck(Context.of(dataSource), DEFAULT_TOTAL_SIZE, Clock.systemUTC());
    }

    @Override
    BinlogCheck with(Context changed) {
        return new BinlogCheck(changed, totalSize, clock);
    }

    @Override
    public String id() {
        return ID;
    }

    /** This check with other limits on the binary logs' total size. */
    public BinlogCheck totalSize(Threshold<DataSize> limits) {
        return new BinlogCheck(context, limits, clock);
    }

    /** This check reading "now" from {@code otherClock}. */
    public BinlogCheck clock(Clock otherClock) {
        return new BinlogCheck(context, totalSize, otherClock);
    }

    /** The server's binary log expiry; empty when logs never expire. */
    static Optional<Duration> retention(Session session) throws SQLException {
        String seconds = session.variable("binlog_expire_logs_seconds");
        if (seconds != null && Long.parseLong(seconds.trim()) > 0) {
            return Optional.of(Duration.ofSeconds(Long.parseLong(seconds.trim())));
        }
        String days = session.variable("expire_logs_days");
        if (days != null && Double.parseDouble(days.trim()) > 0) {
            return Optional.of(Duration.ofSeconds(Math.round(Double.parseDouble(days.trim()) * 86_400)));
        }
        return Optional.empty();
    }

    /** Every binary log, oldest first, with file times where the files are visible. */
    static Session.Attempt logs(Session session, List<BinaryLog> into) throws SQLException {
        Session.Attempt listed = session.attempt(Sql.load("binary-logs"));
        Path directory = null;
        String base = session.variable("log_bin_basename");
        try {
            directory = base == null ? null : Path.of(base).getParent();
        } catch (InvalidPathException e) {
            directory = null;
        }
        for (Row r : listed.rows()) {
            String name = r.text("Log_name");
            Optional<Instant> written = Optional.empty();
            if (directory != null && name.indexOf('/') < 0) {
                try {
                    written = Optional.of(Files.getLastModifiedTime(directory.resolve(name)).toInstant());
                } catch (IOException | SecurityException e) {
                    written = Optional.empty();
                }
            }
            into.add(new BinaryLog(name, DataSize.ofBytes(r.longValue("File_size")), written));
        }
        return listed;
    }

    @Override
    BinlogReport inspect(Session session) throws SQLException {
        List<Finding> findings = new ArrayList<>();
        String target = context.target();
        if (!Texts.isOn(session.variable("log_bin"))) {
            findings.add(Finding.of(ID, "binlog-disabled", target, Severity.INFO,
                    "binary log off: no point-in-time recovery and no replication from this server"));
            return new BinlogReport(session.server(), false, Optional.empty(), List.of(), findings);
        }
        Optional<Duration> retention = retention(session);
        if (retention.isEmpty()) {
            findings.add(Finding.of(ID, "binlog-never-expires", target, Severity.WARNING, "binary logs never expire"
                    + " (binlog_expire_logs_seconds and expire_logs_days are 0" + (session.server().isMariaDb()
                    ? ", MariaDB's default" : "") + "): they grow until the disk is full"));
        }
        List<BinaryLog> logs = new ArrayList<>();
        Session.Attempt listed = logs(session, logs);
        if (!listed.succeeded()) {
            findings.add(unknown("binlog-list-unknown", "cannot list the binary logs ("
                    + (session.server().isMariaDb() ? "BINLOG MONITOR" : "REPLICATION CLIENT")
                    + " privilege needed): " + listed.reason()));
        } else {
            DataSize total = logs.stream().map(BinaryLog::size).reduce(DataSize.ZERO, DataSize::plus);
            Severity s = totalSize.evaluate(total);
            if (s != Severity.OK) {
                findings.add(Finding.of(ID, "binlog-size", target, s, logs.size() + " binary logs take " + total)
                        .withMeasurements(Measurement.bytes("total_bytes", total),
                                Measurement.count("files", logs.size())));
            }
            if (!logs.isEmpty() && retention.isPresent() && logs.get(0).lastWritten().isPresent()) {
                Duration age = Duration.between(logs.get(0).lastWritten().get(), clock.instant());
                if (age.compareTo(retention.get().plusHours(1)) > 0) {
                    findings.add(Finding.of(ID, "binlog-past-retention", target + "/" + logs.get(0).name(),
                                    Severity.WARNING, "oldest binary log last written " + Texts.age(age)
                                            + " ago, past the " + Texts.age(retention.get()) + " retention: expiry"
                                            + " is not removing it")
                            .withMeasurements(Measurement.seconds("age", age)));
                }
            }
        }
        findings.sort(Comparator.comparing((Finding f) -> -f.severity().rank()));
        return new BinlogReport(session.server(), true, retention, logs, findings);
    }
}

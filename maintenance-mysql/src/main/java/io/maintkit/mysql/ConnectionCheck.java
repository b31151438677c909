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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * {@code mysql.connections}: {@code Threads_connected} against {@code max_connections}, the share of aborted
 * connection attempts, long-running transactions ({@code information_schema.INNODB_TRX}), and sessions waiting on
 * a row lock (with the session holding it) or on a metadata lock (with the sessions whose open transactions are
 * the probable holders). Without the {@code PROCESS} privilege the transaction and lock parts are UNKNOWN with the
 * reason.
 */
public final class ConnectionCheck extends MysqlInspection<ConnectionCheck, ConnectionReport> {

    /** The check id. */
    public static final String ID = "mysql.connections";
    /** Connections in use against {@code max_connections}: 90 % warning, 95 % critical. */
    public static final Threshold<Percent> DEFAULT_USED_PERCENT = Threshold.above(Percent.of(90), Percent.of(95));
    /** Aborted connection attempts against all attempts: 5 % warning, 20 % critical. */
    public static final Threshold<Percent> DEFAULT_ABORTED_CONNECTS = Threshold.above(Percent.of(5), Percent.of(20));
    /** Fewer connection attempts than this since start say nothing about the aborted share: 1,000. */
    public static final long DEFAULT_MINIMUM_CONNECTS = 1000;
    /** Transaction age: 5 min warning, 30 min critical. */
    public static final Threshold<Duration> DEFAULT_LONG_TRANSACTION =
            Threshold.above(Duration.ofMinutes(5), Duration.ofMinutes(30));
    /** Lock wait: 30 s warning, 5 min critical (a shorter wait is INFO). */
    public static final Threshold<Duration> DEFAULT_LOCK_WAIT =
            Threshold.above(Duration.ofSeconds(30), Duration.ofMinutes(5));

    private final Threshold<Percent> usedPercent;
    private final Threshold<Percent> abortedConnects;
    private final Threshold<Duration> longTransaction;
    private final Threshold<Duration> lockWait;

    private ConnectionCheck(Context context, Threshold<Percent> usedPercent, Threshold<Percent> abortedConnects,
                            Threshold<Duration> longTransaction, Threshold<Duration> lockWait) {
        super(context);
        this.usedPercent = Objects.requireNonNull(usedPercent, "usedPercent");
        this.abortedConnects = Objects.requireNonNull(abortedConnects, "abortedConnects");
        this.longTransaction = Objects.requireNonNull(longTransaction, "longTransaction");
        this.lockWait = Objects.requireNonNull(lockWait, "lockWait");
    }

    /** A check with the defaults. */
    public static ConnectionCheck on(DataSource dataSource) {
        return new ConnectionCheck(Context.of(dataSource), DEFAULT_USED_PERCENT, DEFAULT_ABORTED_CONNECTS,
                DEFAULT_LONG_TRANSACTION, DEFAULT_LOCK_WAIT);
    }

    @Override
    ConnectionCheck with(Context changed) {
        return new ConnectionCheck(changed, usedPercent, abortedConnects, longTransaction, lockWait);
    }

    @Override
    public String id() {
        return ID;
    }

    /** This check with other limits on connections in use against {@code max_connections}. */
    public ConnectionCheck usedPercent(Threshold<Percent> limits) {
        return new ConnectionCheck(context, limits, abortedConnects, longTransaction, lockWait);
    }

    /** This check with other limits on the share of aborted connection attempts. */
    public ConnectionCheck abortedConnects(Threshold<Percent> limits) {
        return new ConnectionCheck(context, usedPercent, limits, longTransaction, lockWait);
    }

    /** This check with other limits on a transaction's age. */
    public ConnectionCheck longTransaction(Threshold<Duration> limits) {
        return new ConnectionCheck(context, usedPercent, abortedConnects, limits, lockWait);
    }

    /** This check with other limits on a lock wait. */
    public ConnectionCheck lockWait(Threshold<Duration> limits) {
        return new ConnectionCheck(context, usedPercent, abortedConnects, longTransaction, limits);
    }

    @Override
    ConnectionReport inspect(Session session) throws SQLException {
        List<Finding> findings = new ArrayList<>();
        String target = context.target();
        long connected = session.statusValue("Threads_connected", 0);
        long max = Long.parseLong(String.valueOf(session.variable("max_connections")).trim());
        Percent used = Percent.ratio(connected, Math.max(1, max));
        Severity s = usedPercent.evaluate(used);
        if (s != Severity.OK) {
            findings.add(Finding.of(ID, "connections-near-limit", target, s, connected + " of " + max
                            + " connections in use (" + used + ")")
                    .withMeasurements(Measurement.percent("used_percent", used),
                            Measurement.count("connected", connected)));
        }
        long attempts = session.statusValue("Connections", 0);
        long aborted = session.statusValue("Aborted_connects", 0);
        if (attempts >= DEFAULT_MINIMUM_CONNECTS) {
            Percent share = Percent.ratio(aborted, attempts);
            Severity a = abortedConnects.evaluate(share);
            if (a != Severity.OK) {
                findings.add(Finding.of(ID, "aborted-connects", target, a, aborted + " of " + attempts
                                + " connection attempts aborted (" + share + "): failed logins or clients cut off")
                        .withMeasurements(Measurement.percent("aborted_percent", share),
                                Measurement.count("aborted_connects", aborted)));
            }
        }
        Session.Attempt transactions = session.attempt(Sql.load("transactions"));
        if (!transactions.succeeded()) {
            findings.add(unknown("transactions-unknown", "cannot read open transactions (the PROCESS privilege is"
                    + " needed): " + transactions.reason()));
        }
        for (Row t : transactions.rows()) {
            Duration age = Duration.ofSeconds(t.longValue("age_seconds"));
            Severity ts = longTransaction.evaluate(age);
            if (ts != Severity.OK) {
                findings.add(Finding.of(ID, "long-transaction", target + "#" + t.longValue("thread_id"), ts,
                                "transaction open for " + Texts.age(age) + " by " + t.text("user") + "@"
                                        + t.text("host") + (t.text("query") == null ? " (idle in transaction)"
                                        : ": " + Texts.statement(t.text("query")))
                                        + "; it holds its locks and purge cannot remove old row versions")
                        .withMeasurements(Measurement.seconds("age", age),
                                Measurement.count("rows_locked", t.longValue("rows_locked")))
                        .withDetail("thread_id", Long.toString(t.longValue("thread_id"))));
            }
        }
        List<LockWait> waits = new ArrayList<>();
        rowLockWaits(session, waits, findings);
        metadataLockWaits(session, transactions.rows(), waits);
        for (LockWait w : waits) {
            Severity ws = Severity.worst(Severity.INFO, lockWait.evaluate(w.waited()));
            String blockers = w.blockingThreads().isEmpty() ? "no open transaction found holding it"
                    : (w.lock().equals("row") ? "held by session " : "probably held by session(s) ")
                    + w.blockingThreads() + (w.blockingQuery().isEmpty() ? " (idle in transaction)"
                    : " running: " + Texts.statement(w.blockingQuery()));
            findings.add(Finding.of(ID, w.lock() + "-lock-wait", target + "#" + w.waitingThread(), ws,
                            "session " + w.waitingThread() + " has waited " + Texts.age(w.waited()) + " for a "
                                    + w.lock() + " lock (" + Texts.statement(w.waitingQuery()) + "), " + blockers)
                    .withMeasurements(Measurement.seconds("waited", w.waited()))
                    .withDetail("waiting_thread", Long.toString(w.waitingThread()))
                    .withDetail("blocking_threads", w.blockingThreads().toString()));
        }
        findings.sort(Comparator.comparing((Finding f) -> -f.severity().rank()));
        return new ConnectionReport(session.server(), connected, max, waits, findings);
    }

    private void rowLockWaits(Session session, List<LockWait> waits, List<Finding> findings) throws SQLException {
        Session.Attempt rows = session.attempt(Sql.load(session.server().isMariaDb() ? "row-lock-waits-mariadb"
                : "row-lock-waits-mysql"));
        if (!rows.succeeded()) {
            findings.add(unknown("lock-waits-unknown", "cannot read row lock waits: " + rows.reason()));
            return;
        }
        Map<Long, List<Row>> byWaiter = new LinkedHashMap<>();
        for (Row r : rows.rows()) {
            byWaiter.computeIfAbsent(r.longValue("waiting_thread"), k -> new ArrayList<>()).add(r);
        }
        for (List<Row> group : byWaiter.values()) {
            Row first = group.get(0);
            waits.add(new LockWait("row", first.longValue("waiting_thread"), first.text("waiting_query"),
                    Duration.ofSeconds(first.longValue("wait_seconds")),
                    group.stream().map(r -> r.longValue("blocking_thread")).distinct().toList(),
                    first.text("blocking_query")));
        }
    }

    private void metadataLockWaits(Session session, List<Row> transactions, List<LockWait> waits)
            throws SQLException {
        for (Row w : session.query(Sql.load("metadata-lock-waits"))) {
            long waiter = w.longValue("waiting_thread");
            long waited = w.longValue("wait_seconds");
            List<Row> holders = transactions.stream()
                    .filter(t -> t.longValue("thread_id") != waiter && t.longValue("age_seconds") >= waited)
                    .toList();
            waits.add(new LockWait("metadata", waiter, w.text("waiting_query"), Duration.ofSeconds(waited),
                    holders.stream().map(t -> t.longValue("thread_id")).toList(),
                    holders.isEmpty() ? "" : holders.get(0).text("query")));
        }
    }
}

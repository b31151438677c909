package io.maintkit.mysql;

import io.maintkit.core.DataSize;
import io.maintkit.core.Finding;
import io.maintkit.core.Measurement;
import io.maintkit.core.Percent;
import io.maintkit.core.Severity;
import io.maintkit.core.Threshold;
import io.maintkit.mysql.internal.Row;
import io.maintkit.mysql.internal.Session;
import io.maintkit.mysql.internal.Sql;
import io.maintkit.mysql.internal.TableFileNames;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import javax.sql.DataSource;

/**
 * {@code mysql.fragmentation}: space a table rebuild ({@code OPTIMIZE TABLE}) would give back, from
 * {@code DATA_FREE} against data and index size, by MySQLTuner's rule: a table is fragmented when its data is
 * over a floor (100 MiB) <em>and</em> its free space over a share (10 %) of data + index + free, both crossed.
 *
 * <p>InnoDB tables in a shared tablespace (the system tablespace when {@code innodb_file_per_table} was off at
 * their creation, or a MySQL general tablespace) are skipped with the reason: their {@code DATA_FREE} is the
 * tablespace's, and a rebuild gives nothing back to the file system. Two catalog queries for any number of tables
 * (MySQLTuner's per-table queries hang at a few thousand); on MySQL 8 the session sets
 * {@code information_schema_stats_expiry = 0} so the sizes are current.
 */
public final class FragmentationCheck extends MysqlInspection<FragmentationCheck, FragmentationReport> {

    /** The check id. */
    public static final String ID = "mysql.fragmentation";
    /** The default limits: data of at least 100 MiB (1 GiB for critical) and free space of at least 10 % (50 %). */
    public static final Threshold.Both<DataSize, Percent> DEFAULT_THRESHOLDS = Threshold.both(
            Threshold.above(DataSize.ofMegabytes(100), DataSize.ofGigabytes(1)),
            Threshold.above(Percent.of(10), Percent.of(50)));

    private static final Set<String> REBUILDABLE = Set.of("innodb", "myisam", "aria");

    private final Threshold.Both<DataSize, Percent> thresholds;

    private FragmentationCheck(Context context, Threshold.Both<DataSize, Percent> thresholds) {
        super(context);
        this.thresholds = Objects.requireNonNull(thresholds, "thresholds");
    }

    /** A check with the defaults. */
    public static FragmentationCheck on(DataSource dataSource) {
        return new FragmentationCheck(Context.of(dataSource), DEFAULT_THRESHOLDS);
    }

    @Override
    FragmentationCheck with(Context changed) {
        return new FragmentationCheck(changed, thresholds);
    }

    @Override
    public String id() {
        return ID;
    }

    /** This check with other limits: data size first, free share second, both must be crossed. */
    public FragmentationCheck thresholds(Threshold.Both<DataSize, Percent> limits) {
        return new FragmentationCheck(context, limits);
    }

    @Override
    FragmentationReport inspect(Session session) throws SQLException {
        List<Finding> findings = new ArrayList<>();
        Session.Attempt shared = session.attempt(Sql.load(session.server().isMariaDb()
                ? "shared-tablespace-mariadb" : "shared-tablespace-mysql"));
        Set<String> inShared = new HashSet<>();
        for (Row r : shared.rows()) {
            String subject = TableFileNames.subject(r.text("name"));
            if (subject != null) {
                inShared.add(subject);
            }
        }
        if (!shared.succeeded()) {
            findings.add(unknown("tablespace-unknown", "cannot tell which InnoDB tables share a tablespace ("
                    + shared.reason() + "); their free space may be the tablespace's, not the table's"));
        }
        List<TableFragmentation> tables = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (Row r : session.query(Sql.load("tables"))) {
            String schema = r.text("table_schema");
            String table = r.text("table_name");
            String engine = r.text("engine");
            if (engine == null || !REBUILDABLE.contains(engine.toLowerCase(java.util.Locale.ROOT))
                    || !context.scope().includes(schema, table)) {
                continue;
            }
            DataSize data = DataSize.ofBytes(r.longValue("data_length"));
            DataSize index = DataSize.ofBytes(r.longValue("index_length"));
            DataSize free = DataSize.ofBytes(r.longValue("data_free"));
            long all = data.bytes() + index.bytes() + free.bytes();
            Percent ratio = all == 0 ? Percent.of(0) : Percent.ratio(free.bytes(), all);
            boolean isShared = "InnoDB".equalsIgnoreCase(engine) && inShared.contains(schema + "." + table);
            Severity severity = isShared ? Severity.OK : thresholds.evaluate(data, ratio);
            TableFragmentation t = new TableFragmentation(schema, table, engine, data, index, free, ratio, isShared,
                    severity);
            tables.add(t);
            if (isShared) {
                skipped.add(t.subject());
            } else if (severity != Severity.OK) {
                findings.add(Finding.of(ID, "fragmented-table", t.subject(), severity, free + " reclaimable ("
                                + ratio + " of " + DataSize.ofBytes(all) + "), a rebuild gives it back")
                        .withMeasurements(Measurement.bytes("free_bytes", free),
                                Measurement.percent("free_percent", ratio), Measurement.bytes("data_bytes", data),
                                Measurement.bytes("index_bytes", index))
                        .withDetail("engine", engine));
            }
        }
        if (!skipped.isEmpty()) {
            findings.add(Finding.of(ID, "shared-tablespace-skipped", context.target(), Severity.INFO, skipped.size()
                            + " InnoDB table(s) in a shared tablespace not assessed: their free space is the"
                            + " tablespace's and a rebuild gives nothing back to the file system (e.g. "
                            + String.join(", ", skipped.subList(0, Math.min(5, skipped.size()))) + ")")
                    .withMeasurements(Measurement.count("tables", skipped.size())));
        }
        tables.sort(Comparator.comparing(TableFragmentation::free).reversed());
        findings.sort(Comparator.comparing((Finding f) -> -f.severity().rank()));
        return new FragmentationReport(session.server(), tables, findings);
    }
}

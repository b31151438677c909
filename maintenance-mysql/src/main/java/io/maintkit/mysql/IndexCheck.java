package io.maintkit.mysql;

import io.maintkit.core.Finding;
import io.maintkit.core.Measurement;
import io.maintkit.core.Severity;
import io.maintkit.mysql.internal.ForeignKeyDefinition;
import io.maintkit.mysql.internal.KeyCatalog;
import io.maintkit.mysql.internal.KeyDefinition;
import io.maintkit.mysql.internal.Row;
import io.maintkit.mysql.internal.Session;
import io.maintkit.mysql.internal.Sql;
import io.maintkit.mysql.internal.Texts;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import javax.sql.DataSource;

/**
 * {@code mysql.indexes}: duplicate and redundant indexes by pt-duplicate-key-checker's rules (exact duplicates, a
 * leftmost prefix of another index of the same type, a unique index made redundant by a stronger one, a trailing
 * copy of InnoDB's clustered key), duplicate foreign keys, foreign keys without an index that leads with their
 * columns, tables without a primary key or a unique NOT NULL key, unused indexes and ignored (MariaDB) or
 * invisible (MySQL) indexes.
 *
 * <p>A drop a foreign key needs (the server would refuse it with error 1553) is never suggested: such an index is
 * reported as {@code redundant-index-needed-by-foreign-key}, at INFO. An index is called unused only when usage
 * statistics exist ({@code performance_schema}, or MariaDB's {@code userstat}), the server has been up at least
 * {@link #minimumUptime(Duration)}, and it is neither primary, unique, FULLTEXT nor needed by a foreign key.
 * Four catalog queries whatever the number of tables (five when usage statistics are read).
 */
public final class IndexCheck extends MysqlInspection<IndexCheck, IndexReport> {

    /** The check id. */
    public static final String ID = "mysql.indexes";
    /** A server up for less than this cannot show an index unused: 7 days. */
    public static final Duration DEFAULT_MINIMUM_UPTIME = Duration.ofDays(7);

    private final Duration minimumUptime;

    private IndexCheck(Context context, Duration minimumUptime) {
        super(context);
        this.minimumUptime = Objects.requireNonNull(minimumUptime, "minimumUptime");
    }

    /** A check with the defaults. */
    public static IndexCheck on(DataSource dataSource) {
        return new IndexCheck(Context.of(dataSource), DEFAULT_MINIMUM_UPTIME);
    }

    @Override
    IndexCheck with(Context changed) {
        return new IndexCheck(changed, minimumUptime);
    }

    @Override
    public String id() {
        return ID;
    }

    /** This check calling indexes unused only once the server has been up at least {@code uptime}. */
    public IndexCheck minimumUptime(Duration uptime) {
        return new IndexCheck(context, uptime);
    }

    @Override
    IndexReport inspect(Session session) throws SQLException {
        ServerVersion server = session.server();
        Map<String, String> tables = new LinkedHashMap<>();
        for (Row r : session.query(Sql.load("table-engines"))) {
            if (context.scope().includes(r.text("table_schema"), r.text("table_name"))) {
                tables.put(KeyCatalog.table(r.text("table_schema"), r.text("table_name")),
                        String.valueOf(r.text("engine")));
            }
        }
        KeyCatalog catalog = KeyCatalog.read(session, (schema, table) -> tables.containsKey(
                KeyCatalog.table(schema, table)), true);
        TableKeyRules rules = new TableKeyRules(ID);
        List<Finding> findings = new ArrayList<>();
        List<RedundantIndex> redundant = new ArrayList<>();
        Set<String> neededOrRedundant = new HashSet<>();
        for (Map.Entry<String, String> t : tables.entrySet()) {
            String[] st = KeyCatalog.split(t.getKey());
            List<KeyDefinition> tableKeys = catalog.keys(t.getKey());
            List<ForeignKeyDefinition> tableFks = catalog.foreignKeys(t.getKey());
            rules.missingPrimaryKey(st[0], st[1], tableKeys, findings);
            Set<String> skip = new HashSet<>(rules.redundantIndexes(st[0], st[1],
                    "InnoDB".equalsIgnoreCase(t.getValue()), tableKeys, tableFks, redundant, findings));
            rules.duplicateForeignKeys(st[0], st[1], tableFks, redundant, findings);
            rules.foreignKeysWithoutIndex(st[0], st[1], tableKeys, tableFks, findings);
            skip.addAll(TableKeyRules.supportingForeignKeys(tableKeys, tableFks));
            skip.forEach(name -> neededOrRedundant.add(t.getKey() + "\u0000" + name));
            for (KeyDefinition k : tableKeys) {
                if (k.hidden()) {
                    String kind = server.isMariaDb() ? "ignored-index" : "invisible-index";
                    findings.add(Finding.of(ID, kind, st[0] + "." + st[1] + "." + k.name(), Severity.INFO,
                            (server.isMariaDb() ? "ignored" : "invisible") + " index: still maintained on every"
                                    + " write, never used by the optimizer; drop it or make it used again")
                            .withDetail("table", st[0] + "." + st[1]));
                }
            }
        }
        unused(session, tables, catalog, neededOrRedundant, findings);
        findings.sort(Comparator.comparing((Finding f) -> -f.severity().rank()));
        return new IndexReport(server, redundant, findings);
    }

    private void unused(Session session, Map<String, String> tables, KeyCatalog catalog, Set<String> skip,
                        List<Finding> findings) throws SQLException {
        boolean performanceSchema = Texts.isOn(session.variable("performance_schema"));
        boolean userstat = Texts.isOn(session.variable("userstat"));
        if (!performanceSchema && !userstat) {
            findings.add(Finding.of(ID, "index-usage-unknown", context.target(), Severity.INFO, "unused indexes not"
                    + " assessed: performance_schema is off" + (session.server().isMariaDb()
                    ? " and userstat is off" : "")));
            return;
        }
        Duration uptime = Duration.ofSeconds(session.statusValue("Uptime", 0));
        if (uptime.compareTo(minimumUptime) < 0) {
            findings.add(Finding.of(ID, "index-usage-unknown", context.target(), Severity.INFO, "unused indexes not"
                            + " assessed: the server has been up " + Texts.age(uptime) + ", less than "
                            + Texts.age(minimumUptime))
                    .withMeasurements(Measurement.seconds("uptime", uptime)));
            return;
        }
        Session.Attempt usage = session.attempt(Sql.load(performanceSchema ? "index-usage-performance-schema"
                : "index-usage-userstat"));
        if (!usage.succeeded()) {
            findings.add(Finding.of(ID, "index-usage-unknown", context.target(), Severity.UNKNOWN,
                    "cannot read index usage: " + usage.reason()));
            return;
        }
        Map<String, Long> uses = new HashMap<>();
        for (Row r : usage.rows()) {
            uses.merge(KeyCatalog.table(r.text("table_schema"), r.text("table_name")) + "\u0000"
                    + r.text("index_name"), r.longValue("uses"), Long::sum);
        }
        for (String table : tables.keySet()) {
            for (KeyDefinition k : catalog.keys(table)) {
                String id = table + "\u0000" + k.name();
                if (k.unique() || "FULLTEXT".equals(k.type()) || skip.contains(id)
                        || performanceSchema && !uses.containsKey(id) || uses.getOrDefault(id, 0L) > 0) {
                    continue;
                }
                String subject = table.replace('\u0000', '.') + "." + k.name();
                findings.add(Finding.of(ID, "unused-index", subject, Severity.WARNING, "no reads through this index"
                                + " in " + Texts.age(uptime) + " of uptime (" + (performanceSchema
                                ? "performance_schema" : "userstat") + "): it only costs writes")
                        .withMeasurements(Measurement.seconds("uptime", uptime))
                        .withDetail("table", table.replace('\u0000', '.')));
            }
        }
    }
}

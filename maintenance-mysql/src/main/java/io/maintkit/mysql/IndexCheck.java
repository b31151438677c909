package io.maintkit.mysql;

import io.maintkit.core.Finding;
import io.maintkit.core.Measurement;
import io.maintkit.core.Severity;
import io.maintkit.mysql.internal.DuplicateKeyRules;
import io.maintkit.mysql.internal.ForeignKeyDefinition;
import io.maintkit.mysql.internal.Identifiers;
import io.maintkit.mysql.internal.KeyDefinition;
import io.maintkit.mysql.internal.Row;
import io.maintkit.mysql.internal.Session;
import io.maintkit.mysql.internal.Sql;
import io.maintkit.mysql.internal.TableFileNames;
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
                tables.put(key(r), String.valueOf(r.text("engine")));
            }
        }
        Map<String, Map<String, KeyDefinition>> keys = keys(session, server, tables.keySet());
        Map<String, Map<String, ForeignKeyDefinition>> fks = foreignKeys(session, tables.keySet());
        List<Finding> findings = new ArrayList<>();
        List<RedundantIndex> redundant = new ArrayList<>();
        Set<String> neededOrRedundant = new HashSet<>();
        for (Map.Entry<String, String> t : tables.entrySet()) {
            String[] st = t.getKey().split("\u0000", 2);
            List<KeyDefinition> tableKeys = new ArrayList<>(keys.getOrDefault(t.getKey(), Map.of()).values());
            List<ForeignKeyDefinition> tableFks = new ArrayList<>(fks.getOrDefault(t.getKey(), Map.of()).values());
            missingPrimaryKey(st[0], st[1], tableKeys, findings);
            redundancies(st[0], st[1], "InnoDB".equalsIgnoreCase(t.getValue()), tableKeys, tableFks, redundant,
                    findings, neededOrRedundant);
            for (ForeignKeyDefinition fk : tableFks) {
                if (tableKeys.stream().noneMatch(k -> k.supports(fk.columns()))) {
                    findings.add(Finding.of(ID, "foreign-key-without-index", st[0] + "." + st[1] + "." + fk.name(),
                                    Severity.WARNING, "foreign key " + fk.name() + " " + fk.describe()
                                            + " has no index leading with its columns: checks and cascades scan")
                            .withDetail("table", st[0] + "." + st[1]));
                }
                for (KeyDefinition k : tableKeys) {
                    if (k.supports(fk.columns())) {
                        neededOrRedundant.add(t.getKey() + "\u0000" + k.name());
                    }
                }
            }
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
        unused(session, tables, keys, neededOrRedundant, findings);
        findings.sort(Comparator.comparing((Finding f) -> -f.severity().rank()));
        return new IndexReport(server, redundant, findings);
    }

    private static String key(Row r) {
        return r.text("table_schema") + "\u0000" + r.text("table_name");
    }

    /**
     * Every foreign key of the tables in scope. On MariaDB from InnoDB's own dictionary
     * ({@code INNODB_SYS_FOREIGN}), which opens no table (only InnoDB has foreign keys there); without the
     * {@code PROCESS} privilege it needs, and on MySQL (whose catalog opens no table either), from
     * {@code KEY_COLUMN_USAGE}.
     */
    private static Map<String, Map<String, ForeignKeyDefinition>> foreignKeys(Session session, Set<String> inScope)
            throws SQLException {
        Map<String, Map<String, ForeignKeyDefinition>> fks = new HashMap<>();
        if (session.server().isMariaDb()) {
            Session.Attempt dictionary = session.attempt(Sql.load("foreign-keys-mariadb"));
            if (dictionary.succeeded()) {
                for (Row r : dictionary.rows()) {
                    String[] child = TableFileNames.split(r.text("for_name"));
                    String[] parent = TableFileNames.split(r.text("ref_name"));
                    String[] id = TableFileNames.split(r.text("id"));
                    if (child == null || parent == null || id == null) {
                        continue;
                    }
                    String table = child[0] + "\u0000" + child[1];
                    if (inScope.contains(table)) {
                        fks.computeIfAbsent(table, t -> new LinkedHashMap<>()).computeIfAbsent(id[1],
                                        n -> new ForeignKeyDefinition(n, parent[0], parent[1]))
                                .addColumn(r.text("column_name"), r.text("ref_column"));
                    }
                }
                return fks;
            }
        }
        for (Row r : session.query(Sql.load("foreign-keys"))) {
            if (inScope.contains(key(r))) {
                fks.computeIfAbsent(key(r), t -> new LinkedHashMap<>()).computeIfAbsent(r.text("constraint_name"),
                                n -> new ForeignKeyDefinition(n, r.text("ref_schema"), r.text("ref_table")))
                        .addColumn(r.text("column_name"), r.text("ref_column"));
            }
        }
        return fks;
    }

    private Map<String, Map<String, KeyDefinition>> keys(Session session, ServerVersion server, Set<String> inScope)
            throws SQLException {
        String hidden = server.isMariaDb() ? (server.atLeast(10, 6, 0) ? "s.IGNORED = 'YES'" : "0")
                : (server.atLeast(8, 0, 0) ? "s.IS_VISIBLE = 'NO'" : "0");
        String expression = !server.isMariaDb() && server.atLeast(8, 0, 13) ? "s.EXPRESSION" : "NULL";
        Map<String, Map<String, KeyDefinition>> keys = new HashMap<>();
        for (Row r : session.query(Sql.load("index-columns", Map.of("hidden", hidden, "expression", expression)))) {
            if (!inScope.contains(key(r))) {
                continue;
            }
            KeyDefinition k = keys.computeIfAbsent(key(r), t -> new LinkedHashMap<>())
                    .computeIfAbsent(r.text("index_name"), n -> new KeyDefinition(n, r.text("index_type"),
                            r.longValue("non_unique") == 0, r.flag("hidden")));
            k.addColumn(r.text("column_name"), r.text("expression"),
                    r.isNull("sub_part") ? null : r.longValue("sub_part"),
                    "YES".equalsIgnoreCase(r.text("nullable")), "D".equals(r.text("collation")));
        }
        return keys;
    }

    private void missingPrimaryKey(String schema, String table, List<KeyDefinition> keys, List<Finding> findings) {
        if (keys.stream().noneMatch(k -> k.primary() || k.unique() && !k.nullable())) {
            findings.add(Finding.of(ID, "missing-primary-key", schema + "." + table, Severity.WARNING,
                    "no primary key and no unique NOT NULL key: row-based replication scans the table for every"
                            + " changed row, and InnoDB clusters on a hidden row id"));
        }
    }

    private void redundancies(String schema, String table, boolean innodb, List<KeyDefinition> keys,
                              List<ForeignKeyDefinition> fks, List<RedundantIndex> redundant, List<Finding> findings,
                              Set<String> neededOrRedundant) {
        String qualified = Identifiers.qualified(schema, table);
        List<DuplicateKeyRules.Dupe> dupes = DuplicateKeyRules.keys(keys, innodb);
        Set<KeyDefinition> dropped = new HashSet<>();
        dupes.forEach(d -> dropped.add(d.key()));
        for (DuplicateKeyRules.Dupe d : dupes) {
            KeyDefinition k = d.key();
            neededOrRedundant.add(schema + "\u0000" + table + "\u0000" + k.name());
            ForeignKeyDefinition needs = neededBy(k, d, keys, dropped, fks);
            String subject = schema + "." + table + "." + k.name();
            String fix;
            String kind = d.kind();
            Severity severity = Severity.WARNING;
            String summary = d.reason();
            if (needs != null) {
                dropped.remove(k);
                kind = "redundant-index-needed-by-foreign-key";
                severity = Severity.INFO;
                fix = "";
                summary += "; kept: foreign key " + needs.name() + " " + needs.describe() + " needs it (a drop would"
                        + " fail with error 1553)";
            } else if (d.shortened() != null) {
                fix = "ALTER TABLE " + qualified + " DROP INDEX " + Identifiers.quote(k.name()) + ", ADD INDEX "
                        + Identifiers.quote(k.name()) + " (" + d.shortened() + ")";
            } else {
                fix = "ALTER TABLE " + qualified + " DROP INDEX " + Identifiers.quote(k.name());
            }
            redundant.add(new RedundantIndex(schema, table, k.name(), k.definition(), d.duplicateOf().name(), kind,
                    fix));
            Finding f = Finding.of(ID, kind, subject, severity, summary)
                    .withDetail("table", schema + "." + table)
                    .withDetail("columns", k.definition())
                    .withDetail("duplicate_of", d.duplicateOf().name());
            findings.add(fix.isEmpty() ? f : f.withDetail("fix", fix));
        }
        for (DuplicateKeyRules.DupeForeignKey d : DuplicateKeyRules.foreignKeys(fks)) {
            String fix = "ALTER TABLE " + qualified + " DROP FOREIGN KEY " + Identifiers.quote(d.key().name());
            redundant.add(new RedundantIndex(schema, table, d.key().name(), String.join(",", d.key().columns()),
                    d.duplicateOf().name(), "duplicate-foreign-key", fix));
            findings.add(Finding.of(ID, "duplicate-foreign-key", schema + "." + table + "." + d.key().name(),
                            Severity.WARNING, "foreign key " + d.key().name() + " " + d.key().describe()
                                    + " duplicates foreign key " + d.duplicateOf().name())
                    .withDetail("table", schema + "." + table)
                    .withDetail("duplicate_of", d.duplicateOf().name())
                    .withDetail("fix", fix));
        }
    }

    /** The foreign key that would lose its last usable index if {@code k} went, or null. */
    private static ForeignKeyDefinition neededBy(KeyDefinition k, DuplicateKeyRules.Dupe d, List<KeyDefinition> keys,
                                                 Set<KeyDefinition> dropped, List<ForeignKeyDefinition> fks) {
        for (ForeignKeyDefinition fk : fks) {
            if (!k.supports(fk.columns())) {
                continue;
            }
            boolean otherSupport = keys.stream().anyMatch(o -> o != k && !dropped.contains(o)
                    && o.supports(fk.columns()));
            if (!otherSupport && d.shortened() != null) {
                int kept = k.columnCount() - d.duplicateOf().columnCount();
                otherSupport = kept > 0 && fk.columns().size() <= kept;
            }
            if (!otherSupport) {
                return fk;
            }
        }
        return null;
    }

    private void unused(Session session, Map<String, String> tables, Map<String, Map<String, KeyDefinition>> keys,
                        Set<String> skip, List<Finding> findings) throws SQLException {
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
            uses.merge(key(r) + "\u0000" + r.text("index_name"), r.longValue("uses"), Long::sum);
        }
        for (String table : tables.keySet()) {
            for (KeyDefinition k : keys.getOrDefault(table, Map.of()).values()) {
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

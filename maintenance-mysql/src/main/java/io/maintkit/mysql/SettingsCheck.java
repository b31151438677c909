package io.maintkit.mysql;

import io.maintkit.core.Finding;
import io.maintkit.core.Severity;
import io.maintkit.mysql.internal.Session;
import io.maintkit.mysql.internal.Sql;
import io.maintkit.mysql.internal.Texts;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.sql.DataSource;

/**
 * {@code mysql.settings}: settings that silently disable maintenance or safety: {@code innodb_file_per_table} off
 * (a rebuild can never give space back), binary logs that never expire, {@code innodb_stats_auto_recalc} off
 * (statistics go stale), {@code sql_mode} without a strict mode (bad data is truncated with a warning instead of
 * refused), {@code table_open_cache} or {@code table_definition_cache} smaller than the number of tables (tables
 * reopened all the time), and, at INFO, {@code performance_schema} off (no statement or index usage statistics).
 * Two statements.
 */
public final class SettingsCheck extends MysqlInspection<SettingsCheck, SettingsReport> {

    /** The check id. */
    public static final String ID = "mysql.settings";

    private static final List<String> READ = List.of("innodb_file_per_table", "log_bin", "binlog_expire_logs_seconds",
            "expire_logs_days", "innodb_stats_auto_recalc", "sql_mode", "performance_schema", "table_open_cache",
            "table_definition_cache");

    private SettingsCheck(Context context) {
        super(context);
    }

    /** A check with the defaults. */
    public static SettingsCheck on(DataSource dataSource) {
        return new SettingsCheck(Context.of(dataSource));
    }

    @Override
    SettingsCheck with(Context changed) {
        return new SettingsCheck(changed);
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    SettingsReport inspect(Session session) throws SQLException {
        Map<String, String> values = new LinkedHashMap<>();
        for (String name : READ) {
            String v = session.variable(name);
            if (v != null) {
                values.put(name, v);
            }
        }
        List<Finding> findings = new ArrayList<>();
        if (values.containsKey("innodb_file_per_table") && !Texts.isOn(values.get("innodb_file_per_table"))) {
            findings.add(setting("file-per-table-off", Severity.WARNING, "innodb_file_per_table is OFF: new tables"
                    + " go to the shared system tablespace, which never shrinks; OPTIMIZE gives nothing back"));
        }
        if (Texts.isOn(values.get("log_bin")) && BinlogCheck.retention(session).isEmpty()) {
            findings.add(setting("binlog-never-expires", Severity.WARNING, "binary logs never expire"
                    + " (binlog_expire_logs_seconds and expire_logs_days are 0): they grow until the disk is full"));
        }
        if (values.containsKey("innodb_stats_auto_recalc") && !Texts.isOn(values.get("innodb_stats_auto_recalc"))) {
            findings.add(setting("stats-auto-recalc-off", Severity.WARNING, "innodb_stats_auto_recalc is OFF:"
                    + " optimizer statistics go stale unless ANALYZE TABLE runs"));
        }
        String mode = String.valueOf(values.get("sql_mode")).toUpperCase(Locale.ROOT);
        if (!mode.contains("STRICT_TRANS_TABLES") && !mode.contains("STRICT_ALL_TABLES")) {
            findings.add(setting("non-strict-sql-mode", Severity.WARNING, "sql_mode has no strict mode ("
                    + values.get("sql_mode") + "): out-of-range and invalid values are stored truncated, with a"
                    + " warning, instead of refused"));
        }
        long tables = session.one(Sql.load("table-count")).longValue("tables");
        for (String cache : List.of("table_open_cache", "table_definition_cache")) {
            long size = values.containsKey(cache) ? Long.parseLong(values.get(cache).trim()) : Long.MAX_VALUE;
            if (size < tables) {
                findings.add(setting(cache.replace('_', '-') + "-too-small", Severity.WARNING, cache + " is " + size
                        + " for " + tables + " tables: tables are closed and reopened all the time, and every"
                        + " catalog scan (information_schema, this inspection's too) reopens them"));
            }
        }
        if (values.containsKey("performance_schema") && !Texts.isOn(values.get("performance_schema"))) {
            findings.add(setting("performance-schema-off", Severity.INFO, "performance_schema is OFF: no statement"
                    + " digests, index usage or metadata lock details (it can only be turned on at start)"));
        }
        findings.sort(Comparator.comparing((Finding f) -> -f.severity().rank()));
        return new SettingsReport(session.server(), values, findings);
    }

    private Finding setting(String kind, Severity severity, String summary) {
        return Finding.of(ID, kind, context.target(), severity, summary);
    }
}

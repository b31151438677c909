package io.maintkit.postgres;

import io.maintkit.core.Finding;
import io.maintkit.core.Severity;
import io.maintkit.postgres.SettingsReport.SettingProblem;
import io.maintkit.postgres.internal.Session;
import io.maintkit.postgres.internal.Settings;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * {@code postgres.settings}: settings that silently switch maintenance off or blind it, as the current session
 * sees them (so per-database and per-role overrides count): {@code track_counts} off (CRITICAL: autovacuum can no
 * longer tell what needs work), {@code autovacuum} off, {@code track_activities} off, an
 * {@code autovacuum_naptime} above five minutes, and {@code autovacuum_max_workers} below one. One query.
 */
public final class SettingsCheck extends PostgresInspection<SettingsCheck, SettingsReport> {

    /** The check id. */
    public static final String ID = "postgres.settings";

    private static final double MAX_NAPTIME_SECONDS = 300;

    private SettingsCheck(Context context) {
        super(context);
    }

    /** A check of the given database. */
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
    public SettingsReport inspect() throws SQLException {
        try (Session session = context.open()) {
            Settings s = Settings.read(session, "autovacuum", "track_counts", "track_activities",
                    "autovacuum_naptime", "autovacuum_max_workers");
            List<Finding> findings = new ArrayList<>();
            List<SettingProblem> problems = new ArrayList<>();
            String db = session.database();
            if (s.isOff("track_counts")) {
                add(problems, findings, s, "track_counts", "track-counts-off", Severity.CRITICAL, "track_counts is"
                        + " off in database " + db + ": autovacuum cannot tell which tables need vacuuming or"
                        + " analyzing, and the activity statistics other checks read stay empty");
            }
            if (s.isOff("autovacuum")) {
                add(problems, findings, s, "autovacuum", "autovacuum-disabled", Severity.WARNING, "autovacuum is"
                        + " off: dead rows pile up and statistics go stale unless VACUUM and ANALYZE are scheduled by"
                        + " hand");
            }
            if (s.isOff("track_activities")) {
                add(problems, findings, s, "track_activities", "track-activities-off", Severity.WARNING,
                        "track_activities is off in database " + db + ": running queries, idle transactions and"
                                + " lock waits are invisible");
            }
            if (s.number("autovacuum_naptime", 60) > MAX_NAPTIME_SECONDS) {
                add(problems, findings, s, "autovacuum_naptime", "autovacuum-naptime-long", Severity.WARNING,
                        "autovacuum_naptime is " + s.text("autovacuum_naptime")
                                + "s: autovacuum visits each database that seldom");
            }
            if (s.has("autovacuum_max_workers") && s.number("autovacuum_max_workers", 3) < 1) {
                add(problems, findings, s, "autovacuum_max_workers", "autovacuum-workers-none", Severity.WARNING,
                        "autovacuum_max_workers is below one");
            }
            return new SettingsReport(db, session.versionNum(), problems, findings);
        }
    }

    private static void add(List<SettingProblem> problems, List<Finding> findings, Settings s, String setting,
                            String kind, Severity severity, String summary) {
        problems.add(new SettingProblem(setting, String.valueOf(s.text(setting)), severity));
        findings.add(Finding.of(ID, kind, setting, severity, summary));
    }
}

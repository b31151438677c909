package io.maintkit.runbook;

import io.lettuce.core.RedisClient;
import io.maintkit.backup.BackupStore;
import io.maintkit.backup.BackupVerifier;
import io.maintkit.backup.RestoreTest;
import io.maintkit.certs.CertExpiryChecker;
import io.maintkit.core.DiskSpaceCheck;
import io.maintkit.core.Durations;
import io.maintkit.core.FileRetention;
import io.maintkit.core.MaintenanceWindow;
import io.maintkit.core.Runbook;
import io.maintkit.core.RunbookTier;
import io.maintkit.postgres.TableRetention;

import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;

/**
 * The standard runbook, built from whatever the host hands over, as a core {@link Runbook} the host prints and then
 * schedules. Only the parts the host gave resources for appear; a tier with nothing in it is left out.
 *
 * <pre>{@code
 * StandardRunbook standard = StandardRunbook.on()
 *         .postgres(postgresDataSource)
 *         .mysql(mariadbDataSource)
 *         .redis(redisClient)
 *         .certificates(CertExpiryChecker.on().directory(Path.of("/etc/ssl/app")))
 *         .backups(BackupStore.directory(Path.of("/backups/daily")))
 *         .logs(Path.of("/var/log/app"))
 *         .zone(ZoneId.of("Europe/Berlin"));
 * System.out.println(standard.describe());           // what runs when, and why, before anything is scheduled
 * Runbook runbook = standard.runbook();
 * TierResult weekly = runbook.tier(StandardRunbook.WEEKLY).run(ExecutionOptions.defaults().allowDestructive(true));
 * }</pre>
 *
 * <ul>
 *   <li><b>{@value #DAILY}</b> ({@value #DEFAULT_DAILY_CRON}, after the night's backups and windows; changes
 *       nothing): the PostgreSQL, MariaDB/MySQL and Redis health suites, disk space of the log folders, the backup
 *       directory and the {@link #disks(Path...) paths named}, backup verification and freshness, certificate
 *       expiry.</li>
 *   <li><b>{@value #WEEKLY}</b> ({@value #DEFAULT_WEEKLY_CRON}, tasks inside Sunday 02:00 for 4 h): the vacuum and
 *       analyze plan, the optimize plan, log clean-up (compress after 7 days, delete after 90), the Redis keyspace
 *       audit.</li>
 *   <li><b>{@value #MONTHLY}</b> ({@value #DEFAULT_MONTHLY_CRON}, the first Saturday; tasks inside Saturday 02:00
 *       for 4 h): the restore test of the newest verified backup, the table retention policies the host gives,
 *       the certificate audit of every chain.</li>
 * </ul>
 *
 * <p>Every primitive keeps its own defaults ({@code DEFAULT_*} constants of each). Destructive tasks (log deletion,
 * table retention) run only when the host's {@link io.maintkit.core.ExecutionOptions} allow them. The engine modules
 * are optional dependencies: a host puts on its path only those it hands resources for (a framework that reflects
 * over this class's methods needs them all, as reflection resolves every method's parameter types: hand such a
 * framework the {@link Runbook}). Immutable: each method returns a new instance; the resources are only touched when
 * a tier runs.
 */
public final class StandardRunbook {

    /** The daily tier's name. */
    public static final String DAILY = "daily";
    /** The weekly tier's name. */
    public static final String WEEKLY = "weekly";
    /** The monthly tier's name. */
    public static final String MONTHLY = "monthly";
    /** The zone of the schedule by default: UTC. */
    public static final ZoneId DEFAULT_ZONE = ZoneOffset.UTC;
    /** Daily at 06:00: after the night's backups and maintenance windows, before the working day. */
    public static final String DEFAULT_DAILY_CRON = "0 6 * * *";
    /** Weekly on Sunday at 02:00, when the weekly window opens. */
    public static final String DEFAULT_WEEKLY_CRON = "0 2 * * SUN";
    /** Monthly on the first Saturday at 02:00, when the monthly window opens (so never on the weekly night). */
    public static final String DEFAULT_MONTHLY_CRON = "0 2 * * SAT#1";
    /** When the default windows open: 02:00. */
    public static final LocalTime DEFAULT_WINDOW_START = LocalTime.of(2, 0);
    /** How long the default windows stay open: 4 h. */
    public static final Duration DEFAULT_WINDOW_LENGTH = Duration.ofHours(4);
    /** The time each daily and weekly check may take: 30 min (a verification reads the newest backup whole). */
    public static final Duration DEFAULT_CHECK_TIMEOUT = Duration.ofMinutes(30);
    /** The time each monthly check may take: 3 h (a restore test restores a whole backup). */
    public static final Duration DEFAULT_MONTHLY_CHECK_TIMEOUT = Duration.ofHours(3);
    /** The log files cleaned up in each log folder: {@code **.log}, and what clean-up compressed of them. */
    public static final String DEFAULT_LOG_GLOB = "**.log";
    /** Log files are compressed after 7 days. */
    public static final Duration DEFAULT_LOG_COMPRESS_AFTER = Duration.ofDays(7);
    /** Log files are deleted after 90 days. */
    public static final Duration DEFAULT_LOG_DELETE_AFTER = Duration.ofDays(90);
    /** The monthly certificate audit warns once two thirds of a certificate's lifetime have passed. */
    public static final double DEFAULT_RENEW_FRACTION = 2.0 / 3;

    private final Settings settings;

    private StandardRunbook(Settings settings) {
        this.settings = settings;
    }

    /**
     * A standard runbook with nothing handed over yet and the default schedule.
     *
     * @return the runbook's configuration
     */
    public static StandardRunbook on() {
        return new StandardRunbook(new Settings());
    }

    /**
     * This runbook with the PostgreSQL parts: the health suite daily, the vacuum and analyze plan weekly.
     *
     * @param dataSource the host's pool for the database
     * @return a new configuration
     */
    public StandardRunbook postgres(DataSource dataSource) {
        Objects.requireNonNull(dataSource, "dataSource");
        return with(s -> s.postgres = dataSource);
    }

    /**
     * This runbook with the MariaDB/MySQL parts: the health suite daily, the optimize plan weekly.
     *
     * @param dataSource the host's pool for the server
     * @return a new configuration
     */
    public StandardRunbook mysql(DataSource dataSource) {
        Objects.requireNonNull(dataSource, "dataSource");
        return with(s -> s.mysql = dataSource);
    }

    /**
     * This runbook with the Redis parts: the health suite daily, the keyspace audit weekly.
     *
     * @param client the host's Lettuce client (its default URI is the server checked)
     * @return a new configuration
     */
    public StandardRunbook redis(RedisClient client) {
        Objects.requireNonNull(client, "client");
        return with(s -> s.redis = client);
    }

    /**
     * This runbook with the certificate parts: expiry daily, the audit of every chain monthly.
     *
     * @param sources the host's files, folders, keystores and endpoints, with its limits
     * @return a new configuration
     */
    public StandardRunbook certificates(CertExpiryChecker sources) {
        Objects.requireNonNull(sources, "sources");
        return with(s -> s.certificates = sources);
    }

    /**
     * This runbook with the backup parts: verification and freshness daily; monthly, a restore test of the newest
     * verified backup when {@link #restoreTest} hands one over.
     *
     * @param store where the backups are
     * @return a new configuration
     */
    public StandardRunbook backups(BackupStore store) {
        return backups(store, UnaryOperator.identity());
    }

    /**
     * As {@link #backups(BackupStore)}, with the verifier adjusted, e.g. {@code v -> v.matching("backup-*")
     * .checksums(ChecksumManifest.sha256())} for a store that keeps a checksum manifest beside its backups.
     *
     * @param store     where the backups are
     * @param configure adjusts {@code BackupVerifier.on(store)}: pattern, age limits, checksums
     * @return a new configuration
     */
    public StandardRunbook backups(BackupStore store, UnaryOperator<BackupVerifier> configure) {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(configure, "configure");
        return with(s -> {
            s.backups = store;
            s.verifier = configure;
        });
    }

    /**
     * This runbook restoring the newest verified backup monthly with this test, e.g.
     * {@code PostgresRestoreTest.on(adminDataSource, scratchConnections).connection(host, port, user)} or
     * {@code MysqlRestoreTest.on(...)}: the restore needs a server that may create scratch databases and where its
     * client connects, which only the host knows.
     *
     * @param test the restore test
     * @return a new configuration
     */
    public StandardRunbook restoreTest(RestoreTest test) {
        Objects.requireNonNull(test, "test");
        return with(s -> s.restoreTest = test);
    }

    /**
     * This runbook applying one more PostgreSQL table retention policy monthly.
     *
     * @param retention the host's policy (table, age, archive)
     * @return a new configuration
     * @throws IllegalStateException when the policy misses its table, age or archive
     */
    public StandardRunbook tableRetention(TableRetention retention) {
        Part part = PostgresParts.retention(Objects.requireNonNull(retention, "retention"));
        return with(s -> s.retentions.add(part));
    }

    /**
     * This runbook applying one more MariaDB/MySQL table retention policy monthly.
     *
     * @param retention the host's policy (table, age, archive)
     * @return a new configuration
     * @throws IllegalStateException when the policy misses its table, age or archive
     */
    public StandardRunbook tableRetention(io.maintkit.mysql.TableRetention retention) {
        Part part = MysqlParts.retention(Objects.requireNonNull(retention, "retention"));
        return with(s -> s.retentions.add(part));
    }

    /**
     * This runbook cleaning up these log folders weekly ({@value #DEFAULT_LOG_GLOB}: compressed after 7 days,
     * deleted after 90) and checking their disk space daily.
     *
     * @param folders the folders
     * @return a new configuration
     */
    public StandardRunbook logs(Path... folders) {
        List<Path> added = List.of(folders);
        return with(s -> s.logs.addAll(added));
    }

    /**
     * This runbook checking the disk space of these paths daily (besides the log folders and a backup directory).
     *
     * @param paths paths on the file systems to watch, e.g. a database's data directory
     * @return a new configuration
     */
    public StandardRunbook disks(Path... paths) {
        List<Path> added = List.of(paths);
        return with(s -> s.disks.addAll(added));
    }

    /**
     * This runbook reading its cron expressions and windows in {@code zone} (default {@link #DEFAULT_ZONE}).
     *
     * @param zone the zone
     * @return a new configuration
     */
    public StandardRunbook zone(ZoneId zone) {
        Objects.requireNonNull(zone, "zone");
        return with(s -> s.zone = zone);
    }

    /**
     * This runbook with another daily schedule.
     *
     * @param cron five fields, read in the runbook's zone
     * @return a new configuration
     */
    public StandardRunbook daily(String cron) {
        String checked = checkedCron(DAILY, cron);
        return with(s -> s.dailyCron = checked);
    }

    /**
     * This runbook with another weekly schedule and window; the window should be open when the cron fires.
     *
     * @param cron   five fields, read in the runbook's zone
     * @param window when the weekly tasks may run
     * @return a new configuration
     */
    public StandardRunbook weekly(String cron, MaintenanceWindow window) {
        String checked = checkedCron(WEEKLY, cron);
        Objects.requireNonNull(window, "window");
        return with(s -> {
            s.weeklyCron = checked;
            s.weeklyWindow = window;
        });
    }

    /**
     * This runbook with another monthly schedule and window; the window should be open when the cron fires.
     *
     * @param cron   five fields, read in the runbook's zone
     * @param window when the monthly tasks may run
     * @return a new configuration
     */
    public StandardRunbook monthly(String cron, MaintenanceWindow window) {
        String checked = checkedCron(MONTHLY, cron);
        Objects.requireNonNull(window, "window");
        return with(s -> {
            s.monthlyCron = checked;
            s.monthlyWindow = window;
        });
    }

    /**
     * The runbook: a tier for each of daily, weekly and monthly that has something to do, in that order.
     *
     * @return the runbook, for the host's scheduler
     */
    public Runbook runbook() {
        List<Part> parts = parts();
        Runbook runbook = Runbook.on();
        for (RunbookTier tier : List.of(schedule(DAILY), schedule(WEEKLY), schedule(MONTHLY))) {
            RunbookTier filled = tier;
            boolean any = false;
            for (Part p : parts) {
                if (p.tier().equals(tier.name())) {
                    any = true;
                    filled = p.isTask() ? filled.task(p.task().name(), p.task().source()) : filled.checks(p.checks());
                }
            }
            if (any) {
                runbook = runbook.tier(filled);
            }
        }
        return runbook;
    }

    /**
     * What runs when, and why: each tier's schedule and window, then each of its checks and tasks with the reason
     * it is there and the limits it applies. Touches no system.
     *
     * @return the text, one block per tier
     */
    public String describe() {
        List<Part> parts = parts();
        StringBuilder out = new StringBuilder();
        for (String name : List.of(DAILY, WEEKLY, MONTHLY)) {
            List<Part> mine = parts.stream().filter(p -> p.tier().equals(name)).toList();
            if (mine.isEmpty()) {
                continue;
            }
            RunbookTier tier = schedule(name);
            out.append(name).append(": cron ").append(tier.cron().orElseThrow()).append(" (")
                    .append(tier.zone().orElseThrow()).append(')');
            if (mine.stream().anyMatch(Part::isTask)) {
                out.append(", tasks inside the window ").append(tier.window().orElseThrow());
            } else {
                out.append(", checks only: changes nothing");
            }
            out.append("; each check may take up to ").append(Durations.humanize(tier.checkTimeout())).append('\n');
            for (Part p : mine) {
                out.append(p.isTask() ? "  task   " : "  checks ").append(p.what()).append('\n')
                        .append("         why: ").append(p.why()).append('\n');
            }
        }
        return out.toString();
    }

    /** Every entry, from what the host handed over; each engine's classes load only when it was. */
    private List<Part> parts() {
        Settings s = settings;
        List<Part> parts = new ArrayList<>();
        if (s.postgres != null) {
            parts.addAll(PostgresParts.of(s.postgres));
        }
        if (s.mysql != null) {
            parts.addAll(MysqlParts.of(s.mysql));
        }
        if (s.redis != null) {
            parts.addAll(RedisParts.of(s.redis));
        }
        Set<Path> disks = new LinkedHashSet<>(s.disks);
        disks.addAll(s.logs);
        if (s.backups != null) {
            BackupParts.directory(s.backups).ifPresent(disks::add);
        }
        for (Path disk : disks) {
            parts.add(Part.checks(DAILY, "disk space (" + DiskSpaceCheck.ID + " " + disk + ")",
                    "used space of the file system holding " + disk + ": warning above "
                            + DiskSpaceCheck.DEFAULT_THRESHOLDS.warning() + ", critical above "
                            + DiskSpaceCheck.DEFAULT_THRESHOLDS.critical(),
                    List.of(DiskSpaceCheck.on(disk).asCheck())));
        }
        if (s.backups != null) {
            parts.addAll(BackupParts.of(s.backups, s.verifier, s.restoreTest));
        }
        if (s.certificates != null) {
            parts.addAll(CertificateParts.of(s.certificates));
        }
        for (Path folder : s.logs) {
            FileRetention cleanUp = FileRetention.on(folder).matching(DEFAULT_LOG_GLOB)
                    .compressAfter(DEFAULT_LOG_COMPRESS_AFTER).deleteAfter(DEFAULT_LOG_DELETE_AFTER);
            parts.add(Part.task(WEEKLY, "log clean-up " + folder,
                    DEFAULT_LOG_GLOB + " compressed after " + Durations.humanize(DEFAULT_LOG_COMPRESS_AFTER)
                            + ", deleted after " + Durations.humanize(DEFAULT_LOG_DELETE_AFTER)
                            + " (deletion is destructive: it runs only with allowDestructive(true))",
                    cleanUp::plan));
        }
        if (!s.retentions.isEmpty()) {
            parts.addAll(s.retentions);
        }
        return parts;
    }

    /** The expression as a tier keeps it; fails now, naming the fields, when it is not one. */
    private static String checkedCron(String tier, String cron) {
        return RunbookTier.named(tier).cron(cron, DEFAULT_ZONE).cron().orElseThrow();
    }

    /** The tier of that name with its schedule and window, still empty. */
    private RunbookTier schedule(String name) {
        Settings s = settings;
        ZoneId zone = s.zone;
        return switch (name) {
            case DAILY -> RunbookTier.named(DAILY).cron(s.dailyCron, zone).checkTimeout(DEFAULT_CHECK_TIMEOUT);
            case WEEKLY -> RunbookTier.named(WEEKLY).cron(s.weeklyCron, zone).checkTimeout(DEFAULT_CHECK_TIMEOUT)
                    .window(s.weeklyWindow != null ? s.weeklyWindow : MaintenanceWindow.weekly(DayOfWeek.SUNDAY,
                            DEFAULT_WINDOW_START, DEFAULT_WINDOW_LENGTH, zone));
            default -> RunbookTier.named(MONTHLY).cron(s.monthlyCron, zone)
                    .checkTimeout(DEFAULT_MONTHLY_CHECK_TIMEOUT)
                    .window(s.monthlyWindow != null ? s.monthlyWindow : MaintenanceWindow.weekly(DayOfWeek.SATURDAY,
                            DEFAULT_WINDOW_START, DEFAULT_WINDOW_LENGTH, zone));
        };
    }

    private StandardRunbook with(Consumer<Settings> change) {
        Settings next = settings.copy();
        change.accept(next);
        return new StandardRunbook(next);
    }

    /** What the host handed over; copied and changed by {@link #with}, never shared between instances. */
    private static final class Settings {
        DataSource postgres;
        DataSource mysql;
        RedisClient redis;
        CertExpiryChecker certificates;
        BackupStore backups;
        UnaryOperator<BackupVerifier> verifier;
        RestoreTest restoreTest;
        List<Part> retentions = new ArrayList<>();
        List<Path> logs = new ArrayList<>();
        List<Path> disks = new ArrayList<>();
        ZoneId zone = DEFAULT_ZONE;
        String dailyCron = DEFAULT_DAILY_CRON;
        String weeklyCron = DEFAULT_WEEKLY_CRON;
        String monthlyCron = DEFAULT_MONTHLY_CRON;
        MaintenanceWindow weeklyWindow;
        MaintenanceWindow monthlyWindow;

        Settings copy() {
            Settings c = new Settings();
            c.postgres = postgres;
            c.mysql = mysql;
            c.redis = redis;
            c.certificates = certificates;
            c.backups = backups;
            c.verifier = verifier;
            c.restoreTest = restoreTest;
            c.retentions = new ArrayList<>(retentions);
            c.logs = new ArrayList<>(logs);
            c.disks = new ArrayList<>(disks);
            c.zone = zone;
            c.dailyCron = dailyCron;
            c.weeklyCron = weeklyCron;
            c.monthlyCron = monthlyCron;
            c.weeklyWindow = weeklyWindow;
            c.monthlyWindow = monthlyWindow;
            return c;
        }
    }
}

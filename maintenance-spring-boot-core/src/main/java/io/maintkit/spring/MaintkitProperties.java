package io.maintkit.spring;

import io.maintkit.core.Threshold;
import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code maintkit.*} properties of the Spring Boot adapters.
 *
 * <pre>
 * maintkit.checks.postgres.vacuum.enabled=false
 * maintkit.checks.postgres.table-bloat.percent.warning=30%
 * maintkit.health.refresh-interval=10m
 * maintkit.health.max-age=30m
 * maintkit.health.unknown-status=DOWN
 * maintkit.runbook.schedule.enabled=true
 * maintkit.runbook.tiers.weekly.cron=0 2 * * SUN
 * maintkit.runbook.tiers.weekly.zone=Europe/Berlin
 * </pre>
 */
@ConfigurationProperties("maintkit")
public class MaintkitProperties {

    /** Whether maintkit's health contributor, metrics and scheduling are set up. */
    private boolean enabled = true;

    /**
     * Per check, keyed by check id: CHECK-ID.enabled=false leaves the check out of health and metrics;
     * CHECK-ID.THRESHOLD.warning and .critical set the limits of one of its thresholds (where the host builds the
     * check with MaintkitProperties.threshold). Values: percent 80 or 80%, sizes 512KB, 100MB, 1GB (powers of
     * 1024), durations 500ms, 30s, 10m, 2h, 7d or ISO-8601, counts and ratios as plain numbers.
     */
    private final Map<String, String> checks = new LinkedHashMap<>();

    private final Health health = new Health();

    private final Runbook runbook = new Runbook();

    /** The defaults, before Spring binds the {@code maintkit.*} properties. */
    public MaintkitProperties() {
    }

    /** @return whether maintkit's beans are set up */
    public boolean isEnabled() {
        return enabled;
    }

    /** @param enabled whether maintkit's beans are set up */
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    /** @return the per-check properties, keyed as in {@code maintkit.checks.*} without the prefix */
    public Map<String, String> getChecks() {
        return checks;
    }

    /**
     * Whether a check is served: not when {@code maintkit.checks.<check-id>.enabled=false}.
     *
     * @param checkId the check id
     * @return whether the check is served
     * @throws IllegalArgumentException when the property is neither {@code true} nor {@code false}
     */
    public boolean isCheckEnabled(String checkId) {
        String value = checks.get(checkId + ".enabled");
        if (value == null || value.trim().equalsIgnoreCase("true")) {
            return true;
        }
        if (value.trim().equalsIgnoreCase("false")) {
            return false;
        }
        throw new IllegalArgumentException("maintkit.checks." + checkId + ".enabled must be true or false, was "
                + value);
    }

    /**
     * One threshold of a check, with the limits of {@code maintkit.checks.<check-id>.<name>.warning} and
     * {@code .critical} where set, and those of {@code defaults} otherwise. The host calls it where it builds the
     * check:
     *
     * <pre>{@code
     * DiskSpaceCheck.on(dir).thresholds(properties.threshold(DiskSpaceCheck.ID, "used", limits)).asCheck()
     * }</pre>
     *
     * <p>The properties are read in the type of the defaults' limits: {@code Percent}, {@code DataSize},
     * {@code Duration}, {@code Long}, {@code Integer} or {@code Double}.
     *
     * @param checkId  the check id ({@code core.disk-space})
     * @param name     the threshold's name within the check ({@code used})
     * @param defaults the threshold when no property is set; its direction is kept
     * @param <T>      the measured quantity
     * @return the threshold
     * @throws IllegalArgumentException when a property cannot be read, or the critical limit is milder than the
     *                                  warning limit
     */
    public <T extends Comparable<? super T>> Threshold<T> threshold(String checkId, String name,
                                                                    Threshold<T> defaults) {
        String key = checkId + "." + name;
        T warning = ThresholdLimits.parse("maintkit.checks." + key + ".warning", checks.get(key + ".warning"),
                defaults.warning());
        T critical = ThresholdLimits.parse("maintkit.checks." + key + ".critical", checks.get(key + ".critical"),
                defaults.critical());
        try {
            return new Threshold<>(warning, critical, defaults.direction());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("maintkit.checks." + key + ": " + e.getMessage(), e);
        }
    }

    /** @return how health is served */
    public Health getHealth() {
        return health;
    }

    /** @return whether the runbook's tiers are scheduled */
    public Runbook getRunbook() {
        return runbook;
    }

        /** How the {@code maintkit} health contributor answers. */
    public static class Health {

        /** The defaults. */
        public Health() {
        }

        /** How old a check's last completed run may be; an older one is reported with the unknown status. */
        private Duration maxAge = Duration.ofMinutes(15);

        /**
         * How often the host's TaskScheduler runs every check; unset: only the host (or a stale request, when
         * allowed) runs them.
         */
        private Duration refreshInterval;

        /** Whether a request to the health endpoint may run a check whose last run is missing or too old. */
        private boolean runWhenStale;

        /** The status of a check that could not run, or has no recent run: UNKNOWN by default, never UP. */
        private String unknownStatus = "UNKNOWN";

        /** The status of a check whose worst finding is a warning; its findings are in the details. */
        private String warningStatus = "UP";

        /** How many findings each check lists in its details at most, worst first. */
        private int maxFindings = 10;

        /** @return the maximum age of a run */
        public Duration getMaxAge() {
            return maxAge;
        }

        /** @param maxAge the maximum age of a run */
        public void setMaxAge(Duration maxAge) {
            this.maxAge = maxAge;
        }

        /** @return how often the host's scheduler runs every check, or {@code null} */
        public Duration getRefreshInterval() {
            return refreshInterval;
        }

        /** @param refreshInterval how often the host's scheduler runs every check */
        public void setRefreshInterval(Duration refreshInterval) {
            this.refreshInterval = refreshInterval;
        }

        /** @return whether a request may run a stale check */
        public boolean isRunWhenStale() {
            return runWhenStale;
        }

        /** @param runWhenStale whether a request may run a stale check */
        public void setRunWhenStale(boolean runWhenStale) {
            this.runWhenStale = runWhenStale;
        }

        /** @return the status of an unknown result */
        public String getUnknownStatus() {
            return unknownStatus;
        }

        /** @param unknownStatus the status of an unknown result */
        public void setUnknownStatus(String unknownStatus) {
            this.unknownStatus = unknownStatus;
        }

        /** @return the status of a warning */
        public String getWarningStatus() {
            return warningStatus;
        }

        /** @param warningStatus the status of a warning */
        public void setWarningStatus(String warningStatus) {
            this.warningStatus = warningStatus;
        }

        /** @return how many findings are listed per check */
        public int getMaxFindings() {
            return maxFindings;
        }

        /** @param maxFindings how many findings are listed per check */
        public void setMaxFindings(int maxFindings) {
            this.maxFindings = maxFindings;
        }
    }

    /** Scheduling of the application's {@code Runbook} beans. */
    public static class Runbook {

        private final Schedule schedule = new Schedule();

        /**
         * Per tier, keyed by tier name: the cron expression and zone it is scheduled with, instead of the
         * tier's own.
         */
        private final Map<String, Tier> tiers = new LinkedHashMap<>();

        /** The defaults. */
        public Runbook() {
        }

        /** @return whether the tiers are scheduled */
        public Schedule getSchedule() {
            return schedule;
        }

        /** @return the per-tier schedules, keyed by tier name */
        public Map<String, Tier> getTiers() {
            return tiers;
        }
    }

    /** Whether the runbook's tiers are registered with the host's TaskScheduler. */
    public static class Schedule {

        /**
         * Whether each tier of the application's Runbook beans that has a cron expression (its own or from
         * maintkit.runbook.tiers.TIER.cron) is registered with the host's TaskScheduler.
         */
        private boolean enabled;

        /** The defaults. */
        public Schedule() {
        }

        /** @return whether the tiers are scheduled */
        public boolean isEnabled() {
            return enabled;
        }

        /** @param enabled whether the tiers are scheduled */
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }
    }

    /** The schedule of one runbook tier. */
    public static class Tier {

        /** Five-field cron expression (minute hour day-of-month month day-of-week), e.g. 0 2 * * SUN. */
        private String cron;

        /** The zone of the cron expression; unset: the tier's own, else the system's. */
        private ZoneId zone;

        /** The defaults. */
        public Tier() {
        }

        /** @return the cron expression, or {@code null} for the tier's own */
        public String getCron() {
            return cron;
        }

        /** @param cron the cron expression */
        public void setCron(String cron) {
            this.cron = cron;
        }

        /** @return the zone, or {@code null} for the tier's own */
        public ZoneId getZone() {
            return zone;
        }

        /** @param zone the zone */
        public void setZone(ZoneId zone) {
            this.zone = zone;
        }
    }
}

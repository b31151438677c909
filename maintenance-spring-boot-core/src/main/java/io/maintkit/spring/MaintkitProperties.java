package io.maintkit.spring;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code maintkit.*} properties of the Spring Boot adapters.
 *
 * <pre>
 * maintkit.checks.disabled=postgres.table-bloat
 * maintkit.health.refresh-interval=10m
 * maintkit.health.max-age=30m
 * maintkit.health.unknown-status=DOWN
 * </pre>
 */
@ConfigurationProperties("maintkit")
public class MaintkitProperties {

    /** Whether maintkit's health contributor, metrics and scheduling are set up. */
    private boolean enabled = true;

    private final Checks checks = new Checks();

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

    /** @return which checks run */
    public Checks getChecks() {
        return checks;
    }

    /** @return how health is served */
    public Health getHealth() {
        return health;
    }

    /** @return whether the runbook's tiers are scheduled */
    public Runbook getRunbook() {
        return runbook;
    }

    /** Which of the application's {@code Check} and {@code Suite} beans are served. */
    public static class Checks {

        /** The defaults. */
        public Checks() {
        }

        /** Ids of checks to leave out of health and metrics ({@code postgres.table-bloat}). */
        private List<String> disabled = new ArrayList<>();

        /** @return the ids of the checks left out */
        public List<String> getDisabled() {
            return disabled;
        }

        /** @param disabled the ids of the checks left out */
        public void setDisabled(List<String> disabled) {
            this.disabled = new ArrayList<>(disabled);
        }
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

        /** The defaults. */
        public Runbook() {
        }

        /**
         * Whether each tier of the application's Runbook beans that has a cron expression is registered with the
         * host's TaskScheduler.
         */
        private boolean schedule;

        /** @return whether the tiers are scheduled */
        public boolean isSchedule() {
            return schedule;
        }

        /** @param schedule whether the tiers are scheduled */
        public void setSchedule(boolean schedule) {
            this.schedule = schedule;
        }
    }
}

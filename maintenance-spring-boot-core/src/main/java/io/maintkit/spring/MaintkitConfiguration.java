package io.maintkit.spring;

import io.maintkit.core.Check;
import io.maintkit.core.ExecutionListener;
import io.maintkit.core.ExecutionOptions;
import io.maintkit.core.Runbook;
import io.maintkit.core.Suite;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.TaskScheduler;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The beans both Boot adapters set up, imported by their auto-configuration: {@link CheckRuns} over the
 * application's {@link Check} beans and the checks of its {@link Suite} beans (less
 * those switched off by {@code maintkit.checks.<check-id>.enabled=false}), {@link MaintkitMetrics} and
 * {@link MaintkitSchedule}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(MaintkitProperties.class)
public class MaintkitConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(MaintkitConfiguration.class);

    private static final Pattern CHECK_KEY = Pattern.compile(".+\\.(enabled|[^.]+\\.(warning|critical))");

    /** Used by Spring. */
    public MaintkitConfiguration() {
    }

    /**
     * The last completed runs of the application's checks.
     *
     * @param checks     the application's check beans
     * @param suites     the application's suite beans
     * @param properties the {@code maintkit.*} properties
     * @return the runs, none completed yet
     */
    @Bean
    @ConditionalOnMissingBean
    public CheckRuns maintkitCheckRuns(ObjectProvider<Check> checks, ObjectProvider<Suite> suites,
                                       MaintkitProperties properties) {
        List<Check> all = new ArrayList<>();
        checks.orderedStream().forEach(all::add);
        suites.orderedStream().forEach(s -> all.addAll(s.checks()));
        Set<String> ids = all.stream().map(Check::id).collect(Collectors.toSet());
        for (String key : properties.getChecks().keySet()) {
            if (!CHECK_KEY.matcher(key).matches()) {
                throw new IllegalArgumentException("maintkit.checks." + key + ": expected <check-id>.enabled,"
                        + " <check-id>.<threshold>.warning or <check-id>.<threshold>.critical");
            }
            if (key.endsWith(".enabled") && !ids.contains(key.substring(0, key.length() - ".enabled".length()))) {
                LOG.warn("maintkit: maintkit.checks.{} names no check of this application", key);
            }
        }
        all.removeIf(c -> !properties.isCheckEnabled(c.id()));
        return new CheckRuns(all, properties.getHealth(), Clock.systemUTC());
    }

    /**
     * The schedule of checks and runbook tiers on the host's scheduler.
     *
     * @param scheduler  the host's scheduler, if any
     * @param runs       the runs
     * @param properties the {@code maintkit.*} properties
     * @param runbooks   the application's runbooks
     * @param options    the application's execution options, if any
     * @param listeners  the application's listeners ({@link MaintkitMetrics} is one where Micrometer is present)
     * @return the schedule
     */
    @Bean
    public MaintkitSchedule maintkitSchedule(ObjectProvider<TaskScheduler> scheduler, CheckRuns runs,
                                             MaintkitProperties properties, ObjectProvider<Runbook> runbooks,
                                             ObjectProvider<ExecutionOptions> options,
                                             ObjectProvider<ExecutionListener> listeners) {
        return new MaintkitSchedule(scheduler, runs, properties, runbooks, options, listeners);
    }

    /** Micrometer metrics, when Micrometer is on the class path. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(MeterBinder.class)
    public static class Metrics {

        /** Used by Spring. */
        public Metrics() {
        }

        /**
         * The metrics of the runs; pass it to {@link ExecutionOptions#listener} to count executed actions.
         *
         * @param runs the runs
         * @return the meter binder
         */
        @Bean
        @ConditionalOnMissingBean
        public MaintkitMetrics maintkitMetrics(CheckRuns runs) {
            return new MaintkitMetrics(runs);
        }
    }
}

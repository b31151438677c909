package io.maintkit.spring;

import io.maintkit.core.Check;
import io.maintkit.core.ExecutionOptions;
import io.maintkit.core.Runbook;
import io.maintkit.core.Suite;
import io.micrometer.core.instrument.binder.MeterBinder;
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

/**
 * The beans both Boot adapters set up, imported by their auto-configuration: {@link CheckRuns} over the
 * application's {@link Check} beans and the checks of its {@link Suite} beans (less
 * {@code maintkit.checks.disabled}), {@link MaintkitMetrics} and {@link MaintkitSchedule}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(MaintkitProperties.class)
public class MaintkitConfiguration {

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
        all.removeIf(c -> properties.getChecks().getDisabled().contains(c.id()));
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
     * @param metrics    the metrics, if Micrometer is present
     * @return the schedule
     */
    @Bean
    public MaintkitSchedule maintkitSchedule(ObjectProvider<TaskScheduler> scheduler, CheckRuns runs,
                                             MaintkitProperties properties, ObjectProvider<Runbook> runbooks,
                                             ObjectProvider<ExecutionOptions> options,
                                             ObjectProvider<MaintkitMetrics> metrics) {
        return new MaintkitSchedule(scheduler, runs, properties, runbooks, options,
                metrics.getIfAvailable(() -> new MaintkitMetrics(runs)));
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

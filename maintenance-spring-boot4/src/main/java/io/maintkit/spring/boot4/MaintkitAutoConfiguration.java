package io.maintkit.spring.boot4;

import io.maintkit.spring.CheckRuns;
import io.maintkit.spring.HealthView;
import io.maintkit.spring.MaintkitConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * maintkit's auto-configuration for Spring Boot 4 (4.0): the application's {@code Check} and {@code Suite} beans
 * become the composite health contributor {@code maintkit}, with one child per check, answered from each check's
 * last completed run ({@link CheckRuns} describes the statuses); plus Micrometer metrics and scheduling
 * ({@link MaintkitConfiguration}). Switched off with {@code maintkit.enabled=false}.
 */
@AutoConfiguration
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnProperty(prefix = "maintkit", name = "enabled", matchIfMissing = true)
@Import(MaintkitConfiguration.class)
public class MaintkitAutoConfiguration {

    /** Used by Spring. */
    public MaintkitAutoConfiguration() {
    }

    /**
     * The composite health contributor {@code maintkit}: one child per check, named after its id.
     *
     * @param runs the last completed runs
     * @return the contributor
     */
    @Bean
    @ConditionalOnMissingBean(name = "maintkitHealthContributor")
    public CompositeHealthContributor maintkitHealthContributor(CheckRuns runs) {
        Map<String, HealthIndicator> children = new LinkedHashMap<>();
        for (String name : runs.names()) {
            children.put(name, () -> health(runs.health(name)));
        }
        return CompositeHealthContributor.fromMap(children);
    }

    private static Health health(HealthView view) {
        return Health.status(new Status(view.status())).withDetails(view.details()).build();
    }
}

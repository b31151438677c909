package io.maintkit.spring.boot3;

import io.maintkit.core.Check;
import io.maintkit.spring.CheckRuns;
import io.maintkit.spring.MaintkitSchedule;
import java.util.List;
import java.util.function.Supplier;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * A host application with one check and no Micrometer: {@link WithoutMicrometerTest} loads it from a class path
 * without Micrometer and calls {@link #get()}, which starts it, runs its checks and describes what it found.
 */
public class MicrometerFreeHost implements Supplier<String> {

    /** Used by the test, reflectively. */
    public MicrometerFreeHost() {
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class HostApplication {

        @Bean
        Check answering() {
            return Check.of("app.answering", "queue-1", () -> List::of);
        }
    }

    @Override
    public String get() {
        Thread current = Thread.currentThread();
        ClassLoader previous = current.getContextClassLoader();
        current.setContextClassLoader(getClass().getClassLoader());
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(HostApplication.class)
                .web(WebApplicationType.NONE).run()) {
            CheckRuns runs = app.getBean(CheckRuns.class);
            runs.refresh();
            return "schedule: " + app.getBeanNamesForType(MaintkitSchedule.class).length
                    + ", metrics: " + app.containsBean("maintkitMetrics")
                    + ", health contributor: " + app.containsBean("maintkitHealthContributor")
                    + ", app.answering: " + runs.health("app.answering").status();
        } finally {
            current.setContextClassLoader(previous);
        }
    }
}

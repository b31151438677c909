package io.maintkit.spring.boot3;

import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Micrometer is optional: a host without it on its class path starts, gets the health contributor and the schedule,
 * and no metrics.
 */
class WithoutMicrometerTest {

    @Test
    void aHostWithoutMicrometerStartsWithHealthAndScheduleAndNoMetrics() throws Exception {
        try (URLClassLoader host = new URLClassLoader(classPathWithoutMicrometer(),
                ClassLoader.getPlatformClassLoader())) {
            assertThatThrownBy(() -> host.loadClass("io.micrometer.core.instrument.binder.MeterBinder"))
                    .isInstanceOf(ClassNotFoundException.class);
            @SuppressWarnings("unchecked")
            Supplier<String> hostCode = (Supplier<String>) host.loadClass(MicrometerFreeHost.class.getName())
                    .getConstructor().newInstance();

            assertThat(hostCode.get())
                    .isEqualTo("schedule: 1, metrics: false, health contributor: true, app.answering: UP");
        }
    }

    private static URL[] classPathWithoutMicrometer() throws Exception {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<URL> urls = new ArrayList<>();
        for (String entry : classPath.split(File.pathSeparator)) {
            if (!entry.isBlank() && !entry.contains("micrometer")) {
                urls.add(Path.of(entry).toUri().toURL());
            }
        }
        return urls.toArray(URL[]::new);
    }
}

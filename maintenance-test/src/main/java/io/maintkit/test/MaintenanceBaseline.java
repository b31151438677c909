package io.maintkit.test;

import io.maintkit.core.Severity;
import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names the checked-in file of accepted findings for a test, which receives a {@link Baseline} parameter.
 *
 * <pre>{@code
 * @Test
 * @MaintenanceBaseline("src/test/resources/maintkit-baseline.tsv")
 * void schemaIsHealthy(Baseline baseline) {
 *     baseline.check(PostgresHealth.on(dataSource).suite().run());
 * }
 * }</pre>
 *
 * <p>New findings fail the test; accepted ones pass; accepted ones that no longer occur fail it too, so the
 * baseline only shrinks. Run with {@code -Dmaintkit.baseline.update=true} to write the current findings as the
 * new baseline (reasons of lines that still apply are kept).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@ExtendWith(BaselineExtension.class)
public @interface MaintenanceBaseline {

    /**
     * The baseline file, relative to the working directory of the test run (the module's folder under Maven).
     *
     * @return the file's path
     */
    String value();

    /**
     * Findings less severe than this are not baselined and never fail the test; default {@code WARNING}.
     *
     * @return the least severity that counts
     */
    Severity minimumSeverity() default Severity.WARNING;
}

package io.maintkit.test;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

import java.nio.file.Path;

/** Gives a test annotated with {@link MaintenanceBaseline} (on the method or its class) its {@link Baseline}. */
public final class BaselineExtension implements ParameterResolver {

    /** The system property that makes every baseline write the current findings instead of comparing. */
    public static final String UPDATE_PROPERTY = "maintkit.baseline.update";

    /** Creates the extension; JUnit does this for {@link MaintenanceBaseline}. */
    public BaselineExtension() {
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Baseline.class;
    }

    @Override
    public Baseline resolveParameter(ParameterContext parameter, ExtensionContext context) {
        MaintenanceBaseline annotation = context.getTestMethod()
                .flatMap(m -> AnnotationSupport.findAnnotation(m, MaintenanceBaseline.class))
                .or(() -> context.getTestClass()
                        .flatMap(c -> AnnotationSupport.findAnnotation(c, MaintenanceBaseline.class)))
                .orElseThrow(() -> new ParameterResolutionException(
                        "a Baseline parameter needs @MaintenanceBaseline on the test method or its class"));
        return new Baseline(Path.of(annotation.value()), annotation.minimumSeverity(),
                Boolean.getBoolean(UPDATE_PROPERTY));
    }
}

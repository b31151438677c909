package io.maintkit.core;

import java.util.List;
import java.util.Objects;

/**
 * What a finished {@link ActionStep} reports: a line for the operator and the numbers (size before and after,
 * bytes freed, rows archived).
 *
 * @param detail       one line, may be empty
 * @param measurements the numbers
 */
public record StepResult(String detail, List<Measurement> measurements) {

    /** Validates and copies. */
    public StepResult {
        Objects.requireNonNull(detail, "detail");
        measurements = List.copyOf(measurements);
    }

    /** A step that has nothing to add. */
    public static StepResult done() {
        return new StepResult("", List.of());
    }

    /** A step's detail and numbers. */
    public static StepResult of(String detail, Measurement... measurements) {
        return new StepResult(detail, List.of(measurements));
    }
}

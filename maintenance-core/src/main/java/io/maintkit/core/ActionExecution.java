package io.maintkit.core;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What became of one action of an executed plan.
 *
 * @param action       the action
 * @param outcome      what became of it
 * @param detail       the step's report, the failure's reason, or why it was skipped
 * @param start        when it started (or was passed over)
 * @param duration     how long it ran; zero if it did not run
 * @param measurements the step's numbers (size before and after, bytes freed)
 */
public record ActionExecution(MaintenanceAction action, Outcome outcome, String detail, Instant start,
                              Duration duration, List<Measurement> measurements) {

    /** Validates and copies. */
    public ActionExecution {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(duration, "duration");
        measurements = List.copyOf(measurements);
    }
}

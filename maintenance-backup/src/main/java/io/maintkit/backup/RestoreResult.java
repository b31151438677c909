package io.maintkit.backup;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What a {@link RestoreTest} found.
 *
 * @param backup          the backup restored
 * @param scratch         the scratch database's name
 * @param outcome         whether the restore and every expectation passed
 * @param reason          why it failed or could not run; empty when it passed
 * @param restoreDuration how long the restore itself took
 * @param expectations    each expectation's outcome, in the order given
 * @param scratchDropped  whether the scratch database was dropped afterwards
 */
public record RestoreResult(String backup, String scratch, Outcome outcome, String reason, Duration restoreDuration,
                            List<ExpectationResult> expectations, boolean scratchDropped) {

    /** How a restore test ended. */
    public enum Outcome {
        /** Restored, and every expectation held. */
        PASSED,
        /** The restore failed or an expectation did not hold. */
        FAILED,
        /** The test could not run: no client tool, no permission to create a database, a format it cannot restore. */
        COULD_NOT_RUN
    }

    /**
     * One expectation's outcome.
     *
     * @param expectation what was expected, e.g. {@code table public.orders has at least 1 row}
     * @param passed      whether it held
     * @param detail      what was found, e.g. {@code 1200 rows}
     */
    public record ExpectationResult(String expectation, boolean passed, String detail) {
        /** Validates the parts. */
        public ExpectationResult {
            Objects.requireNonNull(expectation, "expectation");
            Objects.requireNonNull(detail, "detail");
        }
    }

    /** Validates and copies. */
    public RestoreResult {
        Objects.requireNonNull(backup, "backup");
        Objects.requireNonNull(scratch, "scratch");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(restoreDuration, "restoreDuration");
        expectations = List.copyOf(expectations);
    }

    /** Whether the restore and every expectation passed. */
    public boolean passed() {
        return outcome == Outcome.PASSED;
    }
}

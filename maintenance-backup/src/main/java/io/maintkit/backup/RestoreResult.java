package io.maintkit.backup;

import io.maintkit.core.Durations;
import io.maintkit.core.Finding;
import io.maintkit.core.Measurement;
import io.maintkit.core.Outcome;
import io.maintkit.core.Report;
import io.maintkit.core.Severity;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What a {@link RestoreTest} found. Its one finding, of the check {@link BackupVerifier#ID}, is OK when the restore
 * succeeded ({@code restore-succeeded}), CRITICAL when it failed ({@code restore-failed}), UNKNOWN when it could not
 * run ({@code restore-could-not-run}).
 *
 * @param backup          the backup restored
 * @param scratch         the scratch database's name
 * @param outcome         {@link Outcome#SUCCEEDED} when restored and every expectation held, {@link Outcome#FAILED}
 *                        when the restore failed or an expectation did not hold, {@link Outcome#COULD_NOT_RUN} when
 *                        no client tool, no permission to create a database or a format it cannot restore stopped it
 * @param reason          why it failed or could not run; empty when it passed
 * @param restoreDuration how long the restore itself took
 * @param expectations    each expectation's outcome, in the order given
 * @param scratchDropped  whether the scratch database was dropped afterwards
 */
public record RestoreResult(String backup, String scratch, Outcome outcome, String reason, Duration restoreDuration,
                            List<ExpectationResult> expectations, boolean scratchDropped)
        implements Report {

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
        return outcome == Outcome.SUCCEEDED;
    }

    /** One finding: the outcome, each expectation as a detail, and a scratch database left behind. */
    @Override
    public List<Finding> findings() {
        Finding f = switch (outcome) {
            case SUCCEEDED -> Finding.of(BackupVerifier.ID, "restore-succeeded", backup, Severity.OK,
                    "restored into " + scratch + " in " + Durations.humanize(restoreDuration) + ", "
                            + expectations.size() + " expectation" + (expectations.size() == 1 ? "" : "s") + " held");
            case FAILED -> Finding.of(BackupVerifier.ID, "restore-failed", backup, Severity.CRITICAL,
                    "restore test failed: " + reason);
            default -> Finding.of(BackupVerifier.ID, "restore-could-not-run", backup, Severity.UNKNOWN,
                    "restore test could not run: " + reason);
        };
        f = f.withMeasurements(Measurement.seconds("restore_time", restoreDuration));
        for (ExpectationResult e : expectations) {
            f = f.withDetail(e.expectation(), (e.passed() ? "held: " : "FAILED: ") + e.detail());
        }
        if (!scratchDropped) {
            f = f.withDetail("scratch database", scratch + " could not be dropped; drop it by hand");
        }
        return List.of(f);
    }
}

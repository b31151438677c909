package io.maintkit.core.internal;

import io.maintkit.core.CheckResult;
import io.maintkit.core.Durations;

import org.slf4j.Logger;

/** The one log line per check run. */
public final class Logs {

    private Logs() {
    }

    /** Logs a finished check: INFO when healthy, WARN otherwise. */
    public static void checkFinished(Logger log, CheckResult r) {
        String outcome = r.completed() ? r.worst() + " (" + r.findings().size() + " findings)"
                : "UNKNOWN (could not run: " + r.reason() + ")";
        if (r.worst().isHealthy()) {
            log.info("check {} on {}: {} in {}", r.checkId(), r.target(), outcome, Durations.humanize(r.duration()));
        } else {
            log.warn("check {} on {}: {} in {}", r.checkId(), r.target(), outcome, Durations.humanize(r.duration()));
        }
    }
}

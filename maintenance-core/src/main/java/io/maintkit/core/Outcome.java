package io.maintkit.core;

/**
 * What became of a piece of executed work: an action of a plan, a table retention run, a backup, a restore test.
 * One vocabulary for every primitive that changes something.
 */
public enum Outcome {
    /** It ran to its end and did everything it set out to do. */
    SUCCEEDED,
    /** It ran and failed; the result's detail says why. What was committed before the failure stays committed. */
    FAILED,
    /** It was running when the caller cancelled or the window closed, and stopped cleanly; a re-run goes on. */
    CANCELLED,
    /** It was passed over because it was not allowed (destructive without opt-in, blocking outside a window). */
    SKIPPED,
    /** It never started: the window was closed, the run was cancelled, or an earlier action failed. */
    NOT_STARTED,
    /** It could not run: a client tool, a privilege or a prerequisite is missing; the detail says which. */
    COULD_NOT_RUN;

    /** Whether the work ran to its end. */
    public boolean succeeded() {
        return this == SUCCEEDED;
    }
}

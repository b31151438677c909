package io.maintkit.core;

/** Hears about a {@link MaintenancePlan} execution as it goes. Every method has an empty default. */
public interface ExecutionListener {

    /** An action is about to run. */
    default void actionStarted(MaintenanceAction action) {
    }

    /** A running action reported progress ("scanning heap: 40 % of 1.2 GiB"). */
    default void progress(MaintenanceAction action, String message) {
    }

    /** An action finished, was skipped or did not start. */
    default void actionFinished(ActionExecution execution) {
    }
}

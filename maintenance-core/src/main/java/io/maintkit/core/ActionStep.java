package io.maintkit.core;

/**
 * The code that carries out a {@link MaintenanceAction}. A step should watch {@link ActionContext#isCancelled()}
 * or register {@link ActionContext#onCancel(Runnable)} to stop promptly, and should keep within
 * {@link ActionContext#remaining()}.
 */
@FunctionalInterface
public interface ActionStep {

    /** Carries out the action; throws when it failed. */
    StepResult run(ActionContext context) throws Exception;
}

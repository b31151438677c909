package io.maintkit.core;

import java.time.Clock;
import java.util.Objects;
import java.util.Optional;

/**
 * How a {@link MaintenancePlan} is executed: inside which window, with which opt-ins, what to do on failure, who
 * listens, and how to cancel.
 *
 * <pre>{@code
 * ExecutionOptions options = ExecutionOptions.defaults()
 *         .window(sundayNight)            // actions start only while it is open; blocking actions need one
 *         .allowDestructive(true)         // DELETE, file deletion, pruning: off by default
 *         .onFailure(OnFailure.CONTINUE)
 *         .listener(progressPrinter)
 *         .cancellation(handle);
 * }</pre>
 *
 * <p>Immutable: each configuration method returns new options. The defaults ({@link #defaults()}) run now, stop at the first failure, and skip every destructive action and
 * every action that blocks reads and writes.
 */
public final class ExecutionOptions {

    /** What to do when an action fails. */
    public enum OnFailure {
        /** Start no further action (the default). */
        STOP,
        /** Go on with the next action. */
        CONTINUE
    }

    private static final ExecutionListener SILENT = new ExecutionListener() { };

    private final MaintenanceWindow window;
    private final boolean allowDestructive;
    private final OnFailure onFailure;
    private final ExecutionListener listener;
    private final Cancellation cancellation;
    private final Clock clock;

    private ExecutionOptions(MaintenanceWindow window, boolean allowDestructive, OnFailure onFailure,
                             ExecutionListener listener, Cancellation cancellation, Clock clock) {
        this.window = window;
        this.allowDestructive = allowDestructive;
        this.onFailure = Objects.requireNonNull(onFailure, "onFailure");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.cancellation = Objects.requireNonNull(cancellation, "cancellation");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Run now, stop at the first failure, nothing destructive, nothing that blocks reads and writes. */
    public static ExecutionOptions defaults() {
        return new ExecutionOptions(null, false, OnFailure.STOP, SILENT, Cancellation.create(), Clock.systemUTC());
    }

    /**
     * These options with a window: actions start only while {@code maintenanceWindow} is open, a running action is
     * asked to stop when it closes, and actions that block reads and writes are allowed to run inside it.
     */
    public ExecutionOptions window(MaintenanceWindow maintenanceWindow) {
        return new ExecutionOptions(Objects.requireNonNull(maintenanceWindow, "maintenanceWindow"), allowDestructive,
                onFailure, listener, cancellation, clock);
    }

    /** These options letting destructive actions (removing rows, files, keys or backups) run, or not (default). */
    public ExecutionOptions allowDestructive(boolean allow) {
        return new ExecutionOptions(window, allow, onFailure, listener, cancellation, clock);
    }

    /** These options doing {@code policy} after a failure; default {@link OnFailure#STOP}. */
    public ExecutionOptions onFailure(OnFailure policy) {
        return new ExecutionOptions(window, allowDestructive, policy, listener, cancellation, clock);
    }

    /** These options telling {@code progressListener} about progress. */
    public ExecutionOptions listener(ExecutionListener progressListener) {
        return new ExecutionOptions(window, allowDestructive, onFailure, progressListener, cancellation, clock);
    }

    /** These options with a handle the caller keeps to cancel the execution from another thread. */
    public ExecutionOptions cancellation(Cancellation handle) {
        return new ExecutionOptions(window, allowDestructive, onFailure, listener, handle, clock);
    }

    /** These options deciding by {@code executionClock} whether the window is open; default the system clock. */
    public ExecutionOptions clock(Clock executionClock) {
        return new ExecutionOptions(window, allowDestructive, onFailure, listener, cancellation, executionClock);
    }

    /** The window actions must start in; empty: no window (actions start at once, blocking ones are skipped). */
    public Optional<MaintenanceWindow> window() {
        return Optional.ofNullable(window);
    }

    /** Whether destructive actions may run. */
    public boolean allowDestructive() {
        return allowDestructive;
    }

    /** What happens after a failed action. */
    public OnFailure onFailure() {
        return onFailure;
    }

    /** Who hears about progress. */
    public ExecutionListener listener() {
        return listener;
    }

    /** The caller's cancellation handle. */
    public Cancellation cancellation() {
        return cancellation;
    }

    /** The clock deciding whether the window is open. */
    public Clock clock() {
        return clock;
    }
}

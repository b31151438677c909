package io.maintkit.core;

import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * How a {@link MaintenancePlan} is executed: inside which window, with which opt-ins, what to do on failure, who
 * listens, how to cancel, and on which node of a fleet.
 *
 * <pre>{@code
 * ExecutionOptions options = ExecutionOptions.defaults()
 *         .window(sundayNight)            // actions start only while it is open; blocking actions need one
 *         .allowDestructive(true)         // DELETE, file deletion, pruning: off by default
 *         .onFailure(OnFailure.CONTINUE)
 *         .listener(progressPrinter)
 *         .cancellation(handle)
 *         .lock(fleetLock);               // one node of the fleet runs the plan, the others skip
 * }</pre>
 *
 * <p>Immutable: each configuration method returns new options. The defaults ({@link #defaults()}) run now, stop at
 * the first failure, and skip every destructive action and every action that blocks reads and writes.
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
    private final ExecutionLock lock;
    private final String owner;

    private ExecutionOptions(Settings s) {
        this.window = s.window;
        this.allowDestructive = s.allowDestructive;
        this.onFailure = Objects.requireNonNull(s.onFailure, "onFailure");
        this.listener = Objects.requireNonNull(s.listener, "listener");
        this.cancellation = Objects.requireNonNull(s.cancellation, "cancellation");
        this.clock = Objects.requireNonNull(s.clock, "clock");
        this.lock = s.lock;
        this.owner = Objects.requireNonNull(s.owner, "owner");
    }

    /**
     * Run now, stop at the first failure, nothing destructive, nothing that blocks reads and writes, no fleet lock.
     *
     * @return the default options
     */
    public static ExecutionOptions defaults() {
        Settings s = new Settings();
        s.onFailure = OnFailure.STOP;
        s.listener = SILENT;
        s.cancellation = Cancellation.create();
        s.clock = Clock.systemUTC();
        String host = System.getenv().getOrDefault("HOSTNAME", System.getenv().getOrDefault("COMPUTERNAME", "host"));
        s.owner = host + " pid " + ProcessHandle.current().pid();
        return new ExecutionOptions(s);
    }

    /**
     * These options with a window: actions start only while {@code maintenanceWindow} is open, a running action is
     * asked to stop when it closes, and actions that block reads and writes are allowed to run inside it.
     *
     * @param maintenanceWindow the window
     * @return new options
     */
    public ExecutionOptions window(MaintenanceWindow maintenanceWindow) {
        Objects.requireNonNull(maintenanceWindow, "maintenanceWindow");
        return with(s -> s.window = maintenanceWindow);
    }

    /**
     * These options letting destructive actions (removing rows, files, keys or backups) run, or not (the default).
     *
     * @param allow whether destructive actions may run
     * @return new options
     */
    public ExecutionOptions allowDestructive(boolean allow) {
        return with(s -> s.allowDestructive = allow);
    }

    /**
     * These options doing {@code policy} after a failure; default {@link OnFailure#STOP}.
     *
     * @param policy what to do
     * @return new options
     */
    public ExecutionOptions onFailure(OnFailure policy) {
        return with(s -> s.onFailure = policy);
    }

    /**
     * These options telling {@code progressListener} about progress.
     *
     * @param progressListener who listens
     * @return new options
     */
    public ExecutionOptions listener(ExecutionListener progressListener) {
        return with(s -> s.listener = progressListener);
    }

    /**
     * These options with a handle the caller keeps to cancel the execution from another thread.
     *
     * @param handle the handle
     * @return new options
     */
    public ExecutionOptions cancellation(Cancellation handle) {
        return with(s -> s.cancellation = handle);
    }

    /**
     * These options deciding by {@code executionClock} whether the window is open; default the system clock.
     *
     * @param executionClock the clock
     * @return new options
     */
    public ExecutionOptions clock(Clock executionClock) {
        return with(s -> s.clock = executionClock);
    }

    /**
     * These options running the plan only on the node that takes {@code fleetLock}, named after the plan, for the
     * whole execution; a node that finds it held skips every action and names the holder.
     *
     * @param fleetLock the lock the nodes share
     * @return new options
     */
    public ExecutionOptions lock(ExecutionLock fleetLock) {
        Objects.requireNonNull(fleetLock, "fleetLock");
        return with(s -> s.lock = fleetLock);
    }

    /**
     * These options naming this node so in the fleet lock, for the reports of the nodes that skip; default the
     * host name and process id.
     *
     * @param name this node's name, without credentials
     * @return new options
     */
    public ExecutionOptions owner(String name) {
        return with(s -> s.owner = name);
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

    /** The fleet lock, if one is set. */
    public Optional<ExecutionLock> lock() {
        return Optional.ofNullable(lock);
    }

    /** This node's name in the fleet lock. */
    public String owner() {
        return owner;
    }

    private ExecutionOptions with(Consumer<Settings> change) {
        Settings s = new Settings();
        s.window = window;
        s.allowDestructive = allowDestructive;
        s.onFailure = onFailure;
        s.listener = listener;
        s.cancellation = cancellation;
        s.clock = clock;
        s.lock = lock;
        s.owner = owner;
        change.accept(s);
        return new ExecutionOptions(s);
    }

    /** The fields, copied and changed by {@link #with}: never escapes this class. */
    private static final class Settings {
        MaintenanceWindow window;
        boolean allowDestructive;
        OnFailure onFailure;
        ExecutionListener listener;
        Cancellation cancellation;
        Clock clock;
        ExecutionLock lock;
        String owner;
    }
}

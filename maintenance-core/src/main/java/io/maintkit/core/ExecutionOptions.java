package io.maintkit.core;

import java.time.Clock;
import java.util.Objects;
import java.util.Optional;

/**
 * How a {@link MaintenancePlan} is executed: inside which window, with which opt-ins, what to do on failure, who
 * listens, and how to cancel.
 *
 * <pre>{@code
 * ExecutionOptions options = ExecutionOptions.builder()
 *         .window(sundayNight)            // actions start only while it is open; blocking actions need one
 *         .allowDestructive(true)         // DELETE, file deletion, pruning: off by default
 *         .onFailure(OnFailure.CONTINUE)
 *         .listener(progressPrinter)
 *         .cancellation(handle)
 *         .build();
 * }</pre>
 *
 * <p>The defaults ({@link #defaults()}) run now, stop at the first failure, and skip every destructive action and
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

    private ExecutionOptions(Builder b) {
        this.window = b.window;
        this.allowDestructive = b.allowDestructive;
        this.onFailure = b.onFailure;
        this.listener = b.listener;
        this.cancellation = b.cancellation;
        this.clock = b.clock;
    }

    /** Run now, stop at the first failure, nothing destructive, nothing that blocks reads and writes. */
    public static ExecutionOptions defaults() {
        return builder().build();
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
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

    /** Builds {@link ExecutionOptions}. */
    public static final class Builder {
        private MaintenanceWindow window;
        private boolean allowDestructive;
        private OnFailure onFailure = OnFailure.STOP;
        private ExecutionListener listener = SILENT;
        private Cancellation cancellation = Cancellation.create();
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /**
         * Actions start only while {@code maintenanceWindow} is open, a running action is asked to stop when it
         * closes, and actions that block reads and writes are allowed to run inside it.
         */
        public Builder window(MaintenanceWindow maintenanceWindow) {
            this.window = Objects.requireNonNull(maintenanceWindow, "maintenanceWindow");
            return this;
        }

        /** Lets destructive actions (removing rows, files, keys or backups) run; off by default. */
        public Builder allowDestructive(boolean allow) {
            this.allowDestructive = allow;
            return this;
        }

        /** What to do after a failure; default {@link OnFailure#STOP}. */
        public Builder onFailure(OnFailure policy) {
            this.onFailure = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /** Who hears about progress. */
        public Builder listener(ExecutionListener progressListener) {
            this.listener = Objects.requireNonNull(progressListener, "progressListener");
            return this;
        }

        /** A handle the caller keeps to cancel the execution from another thread. */
        public Builder cancellation(Cancellation handle) {
            this.cancellation = Objects.requireNonNull(handle, "handle");
            return this;
        }

        /** The clock deciding whether the window is open; default the system clock. */
        public Builder clock(Clock executionClock) {
            this.clock = Objects.requireNonNull(executionClock, "executionClock");
            return this;
        }

        /** The options. */
        public ExecutionOptions build() {
            return new ExecutionOptions(this);
        }
    }
}

package io.maintkit.core;

import java.util.ArrayList;
import java.util.List;

/**
 * A handle a caller keeps to cancel a running {@link MaintenancePlan} execution from another thread.
 * Cancelling stops the running action through its registered callbacks and starts no further action.
 */
public final class Cancellation {

    private final List<Runnable> callbacks = new ArrayList<>();
    private boolean cancelled;

    private Cancellation() {
    }

    /** A fresh, uncancelled handle. */
    public static Cancellation create() {
        return new Cancellation();
    }

    /** Cancels; idempotent. */
    public void cancel() {
        List<Runnable> toRun;
        synchronized (this) {
            if (cancelled) {
                return;
            }
            cancelled = true;
            toRun = List.copyOf(callbacks);
            callbacks.clear();
        }
        toRun.forEach(Runnable::run);
    }

    /** Whether {@link #cancel()} was called. */
    public synchronized boolean isCancelled() {
        return cancelled;
    }

    /** Registers a callback; runs it at once when already cancelled. Closing the handle unregisters it. */
    AutoCloseable register(Runnable callback) {
        synchronized (this) {
            if (!cancelled) {
                callbacks.add(callback);
                return () -> {
                    synchronized (this) {
                        callbacks.remove(callback);
                    }
                };
            }
        }
        callback.run();
        return () -> { };
    }
}

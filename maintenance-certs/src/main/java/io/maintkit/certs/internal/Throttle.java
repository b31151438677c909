package io.maintkit.certs.internal;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Runs at most {@code limit} tasks at once on a host's executor, queueing the rest: a thread that finishes a task
 * takes the next one waiting, so no more than {@code limit} of the host's threads are ever held. A task the executor
 * rejects runs in the thread that submitted it, so that no task is ever lost and no check waits forever.
 */
public final class Throttle implements Executor {

    private final Executor delegate;
    private final int limit;
    private final Queue<Runnable> waiting = new ArrayDeque<>();
    private int running;

    /** A throttle of {@code limit} tasks at once on {@code delegate}. */
    public Throttle(Executor delegate, int limit) {
        this.delegate = delegate;
        this.limit = limit;
    }

    @Override
    public void execute(Runnable task) {
        synchronized (this) {
            if (running >= limit) {
                waiting.add(task);
                return;
            }
            running++;
        }
        submit(task);
    }

    private void submit(Runnable task) {
        try {
            delegate.execute(() -> runThenNext(task));
        } catch (RejectedExecutionException e) {
            runThenNext(task);
        }
    }

    /** Runs the task, then every task waiting, in this thread: never more than {@code limit} threads are used. */
    private void runThenNext(Runnable first) {
        Runnable task = first;
        while (task != null) {
            try {
                task.run();
            } catch (RuntimeException e) {
                // a task completes its own future; nothing is left to tell here
            }
            synchronized (this) {
                task = waiting.poll();
                if (task == null) {
                    running--;
                }
            }
        }
    }
}

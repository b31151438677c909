package io.maintkit.core;

import io.maintkit.core.internal.Failures;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An ordered list of {@link MaintenanceAction}s: a value that can be printed, inspected and tested, and that
 * changes nothing until {@link #execute(ExecutionOptions)} is called.
 *
 * <pre>{@code
 * MaintenancePlan plan = VacuumPlanner.on(dataSource).plan();
 * System.out.println(plan.describe());
 * ExecutionReport report = plan.execute(ExecutionOptions.defaults().window(sundayNight));
 * }</pre>
 *
 * <p>Execution runs one action at a time, in order, on the calling thread. An action runs only if the
 * options allow it: a destructive action needs {@link ExecutionOptions#allowDestructive(boolean)}, an
 * action that blocks reads and writes needs a {@link MaintenanceWindow}. No action starts while the window is
 * closed or after cancellation; a running action is asked to stop through its {@link ActionContext}.
 *
 * @param name    what the plan is for ({@code vacuum public@db-1}, {@code log clean-up /var/log/app})
 * @param actions the actions, in the order they run
 */
public record MaintenancePlan(String name, List<MaintenanceAction> actions) {

    private static final Logger LOG = LoggerFactory.getLogger(MaintenancePlan.class);

    /** Validates and copies. */
    public MaintenancePlan {
        Objects.requireNonNull(name, "name");
        actions = List.copyOf(actions);
    }

    /** Whether there is nothing to do. */
    public boolean isEmpty() {
        return actions.isEmpty();
    }

    /** The sum of the actions' estimated costs. */
    public EstimatedCost totalCost() {
        return actions.stream().map(MaintenanceAction::cost).reduce(EstimatedCost.NONE, EstimatedCost::plus);
    }

    /** The plan as an operator reads it in a terminal: one block per action with command, reason, locks, cost. */
    public String describe() {
        return TextRenderer.render(this);
    }

    /**
     * Runs the plan under {@code options}; see the class description for what runs when. With a fleet lock, the
     * plan runs only if this node takes the lock named after the plan; otherwise every action is skipped and the
     * report names the holder.
     */
    public ExecutionReport execute(ExecutionOptions options) {
        Instant start = options.clock().instant();
        long t0 = System.nanoTime();
        List<ActionExecution> done;
        if (options.lock().isEmpty()) {
            done = run(options);
            return new ExecutionReport(name, start, Duration.ofNanos(System.nanoTime() - t0), done);
        }
        try (ExecutionLock.Attempt attempt = options.lock().get().tryLock(name, options.owner())) {
            done = attempt.acquired() ? run(options)
                    : passOverAll(Outcome.SKIPPED, "the execution lock " + name + " is held by " + attempt.holder(),
                            options);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            done = passOverAll(Outcome.COULD_NOT_RUN, "cannot take the execution lock " + name + ": "
                    + Failures.describe(e), options);
        }
        return new ExecutionReport(name, start, Duration.ofNanos(System.nanoTime() - t0), done);
    }

    private List<ActionExecution> passOverAll(Outcome outcome, String why, ExecutionOptions options) {
        List<ActionExecution> passed = new ArrayList<>();
        for (MaintenanceAction action : actions) {
            ActionExecution execution = passOver(action, outcome, why, options.clock().instant());
            log(execution);
            options.listener().actionFinished(execution);
            passed.add(execution);
        }
        return passed;
    }

    private List<ActionExecution> run(ExecutionOptions options) {
        List<ActionExecution> done = new ArrayList<>();
        String stopReason = null;
        for (MaintenanceAction action : actions) {
            Instant now = options.clock().instant();
            if (stopReason == null) {
                stopReason = reasonNotToStart(options, now);
            }
            ActionExecution execution;
            if (stopReason != null) {
                execution = passOver(action, Outcome.NOT_STARTED, stopReason, now);
            } else {
                String refusal = refusal(action, options);
                execution = refusal != null
                        ? passOver(action, Outcome.SKIPPED, refusal, now)
                        : run(action, options, now);
                if (execution.outcome() == Outcome.FAILED
                        && options.onFailure() == ExecutionOptions.OnFailure.STOP) {
                    stopReason = "an earlier action failed: " + action.command();
                }
            }
            log(execution);
            options.listener().actionFinished(execution);
            done.add(execution);
        }
        return done;
    }

    private static String reasonNotToStart(ExecutionOptions options, Instant now) {
        if (options.cancellation().isCancelled()) {
            return "cancelled";
        }
        Optional<MaintenanceWindow> window = options.window();
        if (window.isPresent() && !window.get().isOpen(now)) {
            return "the maintenance window is closed (" + window.get() + ")";
        }
        return null;
    }

    private static String refusal(MaintenanceAction action, ExecutionOptions options) {
        if (action.destructive() && !options.allowDestructive()) {
            return "destructive: runs only with allowDestructive(true)";
        }
        if (action.lockImpact() == LockImpact.BLOCKS_READS_AND_WRITES && options.window().isEmpty()) {
            return "blocks reads and writes: runs only inside a maintenance window";
        }
        return null;
    }

    private static ActionExecution passOver(MaintenanceAction action, Outcome outcome,
                                            String why, Instant now) {
        return new ActionExecution(action, outcome, why, now, Duration.ZERO, List.of());
    }

    private static ActionExecution run(MaintenanceAction action, ExecutionOptions options, Instant start) {
        options.listener().actionStarted(action);
        Optional<Instant> deadline = options.window().flatMap(w -> w.closesAt(start));
        StepContext context = new StepContext(action, options, deadline);
        long t0 = System.nanoTime();
        try {
            StepResult result = action.step().run(context);
            return new ActionExecution(action, Outcome.SUCCEEDED, result.detail(), start,
                    Duration.ofNanos(System.nanoTime() - t0), result.measurements());
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
                options.cancellation().cancel();
            }
            boolean cancelled = context.isCancelled();
            return new ActionExecution(action,
                    cancelled ? Outcome.CANCELLED : Outcome.FAILED,
                    cancelled ? "cancelled: " + Failures.describe(e) : Failures.describe(e),
                    start, Duration.ofNanos(System.nanoTime() - t0), List.of());
        }
    }

    private static void log(ActionExecution e) {
        String line = "action {}: {} in {}{}";
        Object[] args = {e.action().command(), e.outcome(), Durations.humanize(e.duration()),
                e.detail().isEmpty() ? "" : " (" + e.detail() + ")"};
        if (e.outcome() == Outcome.FAILED) {
            LOG.warn(line, args);
        } else {
            LOG.info(line, args);
        }
    }

    /** The context handed to a running step. */
    private record StepContext(MaintenanceAction action, ExecutionOptions options, Optional<Instant> deadline)
            implements ActionContext {

        @Override
        public boolean isCancelled() {
            return options.cancellation().isCancelled()
                    || deadline.map(d -> !options.clock().instant().isBefore(d)).orElse(false);
        }

        @Override
        public AutoCloseable onCancel(Runnable callback) {
            return options.cancellation().register(callback);
        }

        @Override
        public void progress(String message) {
            options.listener().progress(action, message);
        }

        @Override
        public java.time.Clock clock() {
            return options.clock();
        }
    }
}

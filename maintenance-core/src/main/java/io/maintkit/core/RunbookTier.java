package io.maintkit.core;

import io.maintkit.core.internal.Failures;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One tier of a {@link Runbook} (daily, weekly, monthly, or the host's own): checks to run as a {@link Suite}, then
 * maintenance tasks that each produce a {@link MaintenancePlan} to execute, with the schedule the host's scheduler
 * should use. A tier never owns a thread or a timer: the host calls {@link #run(ExecutionOptions)}.
 *
 * <pre>{@code
 * RunbookTier weekly = RunbookTier.named("weekly")
 *         .cron("0 2 * * SUN", ZoneId.of("Europe/Berlin"))
 *         .window(sundayNight)
 *         .checks(PostgresHealth.on(dataSource).checks())
 *         .task("vacuum", VacuumPlanner.on(dataSource)::plan);
 * TierResult result = weekly.run(ExecutionOptions.defaults().lock(fleetLock));
 * }</pre>
 *
 * <p>Immutable: each configuration method returns a new tier.
 */
public final class RunbookTier {

    private static final Pattern CRON_FIELD = Pattern.compile("[0-9A-Za-z*/,?#LW-]+");

    private final String name;
    private final String cron;
    private final ZoneId zone;
    private final MaintenanceWindow window;
    private final List<Check> checks;
    private final List<Task> tasks;
    private final Duration checkTimeout;

    private RunbookTier(String name, String cron, ZoneId zone, MaintenanceWindow window, List<Check> checks,
                        List<Task> tasks, Duration checkTimeout) {
        this.name = name;
        this.cron = cron;
        this.zone = zone;
        this.window = window;
        this.checks = List.copyOf(checks);
        this.tasks = List.copyOf(tasks);
        this.checkTimeout = checkTimeout;
    }

    /**
     * A tier that does nothing yet.
     *
     * @param name its name ({@code daily}, {@code weekly})
     * @return the tier
     */
    public static RunbookTier named(String name) {
        if (Objects.requireNonNull(name, "name").isBlank()) {
            throw new IllegalArgumentException("a tier needs a name");
        }
        return new RunbookTier(name, null, null, null, List.of(), List.of(), Suite.DEFAULT_TIMEOUT);
    }

    /**
     * A plan-producing maintenance task: a primitive's {@code plan()} ({@code VacuumPlanner.on(ds)::plan}).
     */
    @FunctionalInterface
    public interface PlanSource {
        /**
         * Inspects and plans; changes nothing.
         *
         * @return the plan
         * @throws Exception when the system cannot be inspected
         */
        MaintenancePlan plan() throws Exception;
    }

    /**
     * A named task of a tier.
     *
     * @param name   what it is ({@code vacuum}, {@code log clean-up})
     * @param source what plans it
     */
    public record Task(String name, PlanSource source) {
        /** Validates. */
        public Task {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(source, "source");
        }
    }

    /**
     * This tier with the schedule the host's scheduler should use: a cron expression of five fields (minute, hour,
     * day of month, month, day of week) and the zone it is read in.
     *
     * @param expression the cron expression, e.g. {@code 0 2 * * SUN}
     * @param in         the zone
     * @return a new tier
     * @throws IllegalArgumentException when the expression does not have five fields of cron characters
     */
    public RunbookTier cron(String expression, ZoneId in) {
        String[] fields = Objects.requireNonNull(expression, "expression").trim().split("\\s+");
        if (fields.length != 5 || !List.of(fields).stream().allMatch(f -> CRON_FIELD.matcher(f).matches())) {
            throw new IllegalArgumentException("a cron expression has five fields (minute hour day-of-month month"
                    + " day-of-week), was: " + expression);
        }
        return new RunbookTier(name, String.join(" ", fields), Objects.requireNonNull(in, "zone"), window, checks,
                tasks, checkTimeout);
    }

    /**
     * This tier running its tasks inside {@code maintenanceWindow} unless the run's options name another.
     *
     * @param maintenanceWindow the window
     * @return a new tier
     */
    public RunbookTier window(MaintenanceWindow maintenanceWindow) {
        return new RunbookTier(name, cron, zone, Objects.requireNonNull(maintenanceWindow, "window"), checks, tasks,
                checkTimeout);
    }

    /**
     * This tier with more checks.
     *
     * @param added the checks
     * @return a new tier
     */
    public RunbookTier checks(List<? extends Check> added) {
        List<Check> all = new ArrayList<>(checks);
        all.addAll(added);
        return new RunbookTier(name, cron, zone, window, all, tasks, checkTimeout);
    }

    /**
     * This tier with more checks.
     *
     * @param added the checks
     * @return a new tier
     */
    public RunbookTier checks(Check... added) {
        return checks(List.of(added));
    }

    /**
     * This tier with one more task.
     *
     * @param taskName what the task is
     * @param source   what plans it
     * @return a new tier
     */
    public RunbookTier task(String taskName, PlanSource source) {
        List<Task> all = new ArrayList<>(tasks);
        all.add(new Task(taskName, source));
        return new RunbookTier(name, cron, zone, window, checks, all, checkTimeout);
    }

    /**
     * This tier giving each check up to {@code perCheck} before it is reported as timed out (default
     * {@link Suite#DEFAULT_TIMEOUT}): a backup verification that reads every byte, or a restore test, needs longer.
     *
     * @param perCheck the time each check may take
     * @return a new tier
     */
    public RunbookTier checkTimeout(Duration perCheck) {
        Objects.requireNonNull(perCheck, "perCheck");
        if (perCheck.isNegative() || perCheck.isZero()) {
            throw new IllegalArgumentException("a check timeout must be positive, was " + perCheck);
        }
        return new RunbookTier(name, cron, zone, window, checks, tasks, perCheck);
    }

    /** The time each check may take. */
    public Duration checkTimeout() {
        return checkTimeout;
    }

    /** The tier's name. */
    public String name() {
        return name;
    }

    /** The cron expression the host should schedule the tier with, if set. */
    public Optional<String> cron() {
        return Optional.ofNullable(cron);
    }

    /** The zone the cron expression is read in, if set. */
    public Optional<ZoneId> zone() {
        return Optional.ofNullable(zone);
    }

    /** The window the tasks run in, if set. */
    public Optional<MaintenanceWindow> window() {
        return Optional.ofNullable(window);
    }

    /** The checks, in order. */
    public List<Check> checks() {
        return checks;
    }

    /** The tasks, in order. */
    public List<Task> tasks() {
        return tasks;
    }

    /**
     * Runs the checks as a suite, then plans each task and executes its plan, one after the other, under
     * {@code options} (with the tier's window when the options have none). With a fleet lock in the options, the
     * whole tier runs only on the node that takes the lock {@code runbook <name>}; another node skips it and its
     * result names the holder. A task whose planning fails is reported and the next task goes on.
     *
     * @param options how to execute the plans
     * @return what was checked, planned, run and skipped
     */
    public TierResult run(ExecutionOptions options) {
        ExecutionOptions effective = window != null && options.window().isEmpty() ? options.window(window) : options;
        Instant start = effective.clock().instant();
        long t0 = System.nanoTime();
        if (effective.lock().isEmpty()) {
            return runHeld(effective, start, t0);
        }
        String lockName = "runbook " + name;
        try (ExecutionLock.Attempt attempt = effective.lock().get().tryLock(lockName, effective.owner())) {
            if (!attempt.acquired()) {
                return TierResult.skipped(name, start, Duration.ofNanos(System.nanoTime() - t0),
                        "the execution lock " + lockName + " is held by " + attempt.holder());
            }
            return runHeld(effective, start, t0);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return TierResult.skipped(name, start, Duration.ofNanos(System.nanoTime() - t0),
                    "cannot take the execution lock " + lockName + ": " + Failures.describe(e));
        }
    }

    private TierResult runHeld(ExecutionOptions options, Instant start, long t0) {
        SuiteResult checked = Suite.of(name, checks).timeout(checkTimeout).clock(options.clock()).run();
        List<TierResult.TaskResult> done = new ArrayList<>();
        for (Task task : tasks) {
            MaintenancePlan plan;
            try {
                plan = task.source().plan();
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                done.add(TierResult.TaskResult.couldNotPlan(task.name(), Failures.describe(e)));
                continue;
            }
            done.add(TierResult.TaskResult.executed(task.name(), plan, plan.execute(options)));
        }
        return new TierResult(name, start, Duration.ofNanos(System.nanoTime() - t0), checked, done, "");
    }

    /** {@code weekly: cron 0 2 * * SUN (Europe/Berlin), window SUNDAY 02:00 for 2h (Europe/Berlin), ...}. */
    @Override
    public String toString() {
        return name + ": " + (cron == null ? "no schedule" : "cron " + cron + " (" + zone + ")")
                + (window == null ? "" : ", window " + window)
                + ", " + checks.size() + " check(s), " + tasks.size() + " task(s)";
    }
}

package io.maintkit.core;

import java.util.Objects;

/**
 * One step of a {@link MaintenancePlan}: what it does, why it was planned, what it locks, whether it destroys
 * data, and what it costs. The action can be printed and inspected; it runs only through
 * {@link MaintenancePlan#execute(ExecutionOptions)}.
 *
 * <pre>{@code
 * MaintenanceAction vacuum = MaintenanceAction.builder("public.orders", "VACUUM (ANALYZE) public.orders")
 *         .reason("12,000 dead tuples, autovacuum trigger is 5,050")
 *         .lockImpact(LockImpact.NONE)
 *         .cost(EstimatedCost.reading(DataSize.ofMegabytes(800)))
 *         .step(context -> { ...; return StepResult.done(); })
 *         .build();
 * }</pre>
 */
public final class MaintenanceAction {

    private final String target;
    private final String command;
    private final String reason;
    private final LockImpact lockImpact;
    private final boolean destructive;
    private final EstimatedCost cost;
    private final ActionStep step;

    private MaintenanceAction(Builder b) {
        this.target = b.target;
        this.command = b.command;
        this.reason = Objects.requireNonNull(b.reason, "reason");
        this.lockImpact = b.lockImpact;
        this.destructive = b.destructive;
        this.cost = b.cost;
        this.step = Objects.requireNonNull(b.step, "step");
    }

    /**
     * Starts an action.
     *
     * @param target  what it acts on, named as an operator writes it ({@code public.orders}, {@code /var/log/app.log})
     * @param command what it does, exactly: the SQL statement or a one-line description of the file operation
     */
    public static Builder builder(String target, String command) {
        return new Builder(target, command);
    }

    /** What the action acts on. */
    public String target() {
        return target;
    }

    /** What the action does, exactly (the SQL it runs, or the file operation). */
    public String command() {
        return command;
    }

    /** Why it was planned, with the measured numbers. */
    public String reason() {
        return reason;
    }

    /** What it does to the application's access while it runs. */
    public LockImpact lockImpact() {
        return lockImpact;
    }

    /** Whether it removes data (rows, files, keys, backups); such actions run only when explicitly allowed. */
    public boolean destructive() {
        return destructive;
    }

    /** What it is expected to cost and free. */
    public EstimatedCost cost() {
        return cost;
    }

    /** How it runs; called by {@link MaintenancePlan#execute(ExecutionOptions)}. */
    ActionStep step() {
        return step;
    }

    /** {@code VACUUM (ANALYZE) public.orders -- 12,000 dead tuples ...}. */
    @Override
    public String toString() {
        return command + " -- " + reason;
    }

    /** Builds a {@link MaintenanceAction}. */
    public static final class Builder {
        private final String target;
        private final String command;
        private String reason;
        private LockImpact lockImpact = LockImpact.NONE;
        private boolean destructive;
        private EstimatedCost cost = EstimatedCost.NONE;
        private ActionStep step;

        private Builder(String target, String command) {
            this.target = Objects.requireNonNull(target, "target");
            this.command = Objects.requireNonNull(command, "command");
        }

        /** Why the action was planned, with the numbers that led to it. Required. */
        public Builder reason(String why) {
            this.reason = why;
            return this;
        }

        /** What it locks; default {@link LockImpact#NONE}. */
        public Builder lockImpact(LockImpact impact) {
            this.lockImpact = Objects.requireNonNull(impact, "impact");
            return this;
        }

        /** Whether it removes data; default false. */
        public Builder destructive(boolean removesData) {
            this.destructive = removesData;
            return this;
        }

        /** Its estimated cost; default {@link EstimatedCost#NONE}. */
        public Builder cost(EstimatedCost estimate) {
            this.cost = Objects.requireNonNull(estimate, "estimate");
            return this;
        }

        /** How it runs. Required. */
        public Builder step(ActionStep runner) {
            this.step = runner;
            return this;
        }

        /** The action. */
        public MaintenanceAction build() {
            return new MaintenanceAction(this);
        }
    }
}

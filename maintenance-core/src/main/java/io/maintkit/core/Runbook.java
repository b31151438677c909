package io.maintkit.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A runbook as a value: named {@link RunbookTier tiers} (daily, weekly, monthly, quarterly, or the host's own), each
 * with its checks, its plan-producing tasks and the schedule the host should give it. The host prints it before it
 * schedules anything, and its scheduler calls {@code runbook.tier("weekly").run(options)}.
 *
 * <pre>{@code
 * Runbook runbook = Runbook.on()
 *         .tier(RunbookTier.named("daily").cron("0 3 * * *", berlin).checks(postgres.checks()))
 *         .tier(RunbookTier.named("weekly").cron("0 2 * * SUN", berlin).window(sundayNight)
 *                 .task("vacuum", VacuumPlanner.on(dataSource)::plan));
 * System.out.println(runbook.describe());
 * }</pre>
 *
 * <p>Immutable: {@link #tier(RunbookTier)} returns a new runbook.
 */
public final class Runbook {

    private final List<RunbookTier> tiers;

    private Runbook(List<RunbookTier> tiers) {
        this.tiers = List.copyOf(tiers);
    }

    /**
     * A runbook without tiers.
     *
     * @return the runbook
     */
    public static Runbook on() {
        return new Runbook(List.of());
    }

    /**
     * This runbook with one more tier, or with the tier of the same name replaced.
     *
     * @param tier the tier
     * @return a new runbook
     */
    public Runbook tier(RunbookTier tier) {
        Objects.requireNonNull(tier, "tier");
        List<RunbookTier> all = new ArrayList<>(tiers);
        all.removeIf(t -> t.name().equals(tier.name()));
        all.add(tier);
        return new Runbook(all);
    }

    /**
     * The tier of that name.
     *
     * @param name the tier's name
     * @return the tier
     * @throws IllegalArgumentException naming the tiers there are, when there is none of that name
     */
    public RunbookTier tier(String name) {
        return tiers.stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow(() ->
                new IllegalArgumentException("no tier " + name + " in this runbook; its tiers are "
                        + tiers.stream().map(RunbookTier::name).collect(Collectors.joining(", "))));
    }

    /** The tiers, in the order they were added. */
    public List<RunbookTier> tiers() {
        return tiers;
    }

    /**
     * What runs when, for an operator: each tier's schedule and window, its checks by id and its tasks by name.
     *
     * @return the text
     */
    public String describe() {
        StringBuilder out = new StringBuilder();
        for (RunbookTier t : tiers) {
            out.append(t.name()).append(": ")
                    .append(t.cron().map(c -> "cron " + c + " (" + t.zone().orElseThrow() + ")")
                            .orElse("no schedule: run by the host"))
                    .append('\n');
            t.window().ifPresent(w -> out.append("  window: ").append(w).append('\n'));
            if (!t.checks().isEmpty()) {
                out.append("  checks: ").append(t.checks().stream().map(Check::id).collect(Collectors.joining(", ")))
                        .append('\n');
            }
            if (!t.tasks().isEmpty()) {
                out.append("  tasks:  ").append(t.tasks().stream().map(RunbookTier.Task::name)
                        .collect(Collectors.joining(", "))).append('\n');
            }
        }
        return out.toString();
    }
}

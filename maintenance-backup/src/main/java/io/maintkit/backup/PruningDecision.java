package io.maintkit.backup;

import io.maintkit.core.KeepReason;
import io.maintkit.core.MaintenancePlan;
import io.maintkit.core.RetentionDecision;

import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What {@link BackupPruner#decide()} decided: the policy's decision with every kept backup's reasons, the newest
 * verified backup (never removed), and the plan of deletions, or why it refused to plan any.
 *
 * @param store          the store's location
 * @param decision       the retention policy's decision over the matching backups
 * @param newestVerified the newest backup that verified; the plan never removes it
 * @param refusal        why nothing was planned, when no backup verifies
 * @param plan           the deletions, in order from newest to oldest; empty when refused
 */
public record PruningDecision(String store, RetentionDecision<BackupEntry> decision, Optional<BackupEntry> newestVerified,
                          Optional<String> refusal, MaintenancePlan plan) {

    /** Validates the parts. */
    public PruningDecision {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(decision, "decision");
        Objects.requireNonNull(newestVerified, "newestVerified");
        Objects.requireNonNull(refusal, "refusal");
        Objects.requireNonNull(plan, "plan");
    }

    /** Whether pruning was refused. */
    public boolean refused() {
        return refusal.isPresent();
    }

    /** Each backup with why it is kept or that it goes, then the plan. */
    public String describe() {
        StringBuilder sb = new StringBuilder("Pruning " + store + "\n");
        refusal.ifPresent(r -> sb.append("REFUSED: ").append(r).append('\n'));
        for (RetentionDecision.Entry<BackupEntry> e : decision.entries()) {
            boolean newest = newestVerified.map(n -> n.name().equals(e.item().name())).orElse(false);
            String why = e.kept() ? "keep   " + e.reasons().stream().map(KeepReason::toString)
                    .collect(Collectors.joining(", ")) : newest ? "keep   newest verified backup" : "delete";
            sb.append(String.format("  %-40s %s%n", e.item().name(), why));
        }
        return sb.append('\n').append(plan.describe()).toString();
    }
}

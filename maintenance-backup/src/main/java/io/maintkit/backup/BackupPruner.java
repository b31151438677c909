package io.maintkit.backup;

import io.maintkit.core.EstimatedCost;
import io.maintkit.core.LockImpact;
import io.maintkit.core.MaintenanceAction;
import io.maintkit.core.MaintenancePlan;
import io.maintkit.core.Measurement;
import io.maintkit.core.RetentionDecision;
import io.maintkit.core.RetentionPolicy;
import io.maintkit.core.StepResult;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Plans the pruning of a store by a {@link RetentionPolicy}: a {@link MaintenancePlan} of destructive actions, each
 * deleting one backup and its manifest line. The plan is a dry run until executed with
 * {@code ExecutionOptions.defaults().allowDestructive(true)}. It never removes the newest backup that verifies, and
 * it plans nothing when no backup verifies.
 *
 * <pre>{@code
 * BackupPruner pruner = BackupPruner.on(store).matching("backup-*.dump").checksums(ChecksumManifest.sha256());
 * System.out.println(pruner.decide().describe());     // every backup: kept and why, or deleted
 * pruner.plan().execute(ExecutionOptions.defaults().allowDestructive(true));
 * }</pre>
 */
public final class BackupPruner {

    /** The runbooks' policy: 7 daily, 4 weekly and 12 monthly backups, in UTC. */
    public static final RetentionPolicy DEFAULT_POLICY = RetentionPolicy.builder()
            .keepDaily(7).keepWeekly(4).keepMonthly(12).build();

    private final BackupStore store;
    private final String pattern;
    private final RetentionPolicy policy;
    private final ChecksumManifest checksums;
    private final Clock clock;

    private BackupPruner(BackupStore store, String pattern, RetentionPolicy policy, ChecksumManifest checksums,
                         Clock clock) {
        this.store = store;
        this.pattern = pattern;
        this.policy = policy;
        this.checksums = checksums;
        this.clock = clock;
    }

    /** A pruner of {@code store} with {@link #DEFAULT_POLICY}. */
    public static BackupPruner on(BackupStore store) {
        return new BackupPruner(Objects.requireNonNull(store, "store"), BackupVerifier.DEFAULT_PATTERN, DEFAULT_POLICY,
                null, Clock.systemUTC());
    }

    /** Only backups whose name matches this glob take part. */
    public BackupPruner matching(String glob) {
        return new BackupPruner(store, Objects.requireNonNull(glob, "glob"), policy, checksums, clock);
    }

    /** The policy deciding what to keep. */
    public BackupPruner policy(RetentionPolicy retention) {
        return new BackupPruner(store, pattern, Objects.requireNonNull(retention, "retention"), checksums, clock);
    }

    /** Verifies against this manifest and removes each pruned backup's line from it. */
    public BackupPruner checksums(ChecksumManifest manifest) {
        return new BackupPruner(store, pattern, policy, Objects.requireNonNull(manifest, "manifest"), clock);
    }

    /** The clock of the verification. */
    public BackupPruner clock(Clock now) {
        return new BackupPruner(store, pattern, policy, checksums, Objects.requireNonNull(now, "now"));
    }

    /**
     * The plan of deletions: {@link #decide()}'s plan.
     *
     * @return the deletions, newest first; empty when nothing goes or when no backup verifies
     * @throws IOException when the store cannot be listed
     */
    public MaintenancePlan plan() throws IOException {
        return decide().plan();
    }

    /**
     * Verifies the store (newest first, until a backup verifies), applies the policy and plans the deletions.
     *
     * @return the decision with every backup's reasons, and the plan
     * @throws IOException when the store cannot be listed
     */
    public PruningDecision decide() throws IOException {
        BackupVerifier verifier = BackupVerifier.on(store).matching(pattern).sizeAnomaly(0,
                BackupVerifier.DEFAULT_MAX_SIZE_CHANGE).clock(clock);
        if (checksums != null) {
            verifier = verifier.checksums(checksums);
        }
        BackupReport report = verifier.verify();
        String name = "prune " + store.location() + " (" + policy + ")";
        RetentionDecision<BackupEntry> decision = policy.apply(report.backups(), BackupEntry::modified);
        Optional<BackupEntry> newest = report.newestVerified().map(BackupVerification::backup);
        if (newest.isEmpty()) {
            String why = report.backups().isEmpty() ? "no backups match " + pattern
                    : "none of the " + report.backups().size() + " backups verifies; pruning could remove the last"
                    + " good copy";
            return new PruningDecision(store.location(), decision, newest, Optional.of(why),
                    new MaintenancePlan(name, List.of()));
        }
        List<MaintenanceAction> actions = new ArrayList<>();
        for (BackupEntry b : decision.removed()) {
            if (b.name().equals(newest.get().name())) {
                continue;
            }
            actions.add(delete(b, newest.get()));
        }
        return new PruningDecision(store.location(), decision, newest, Optional.empty(),
                new MaintenancePlan(name, actions));
    }

    private MaintenanceAction delete(BackupEntry backup, BackupEntry keep) {
        String command = "delete " + backup.name() + " from " + store.location()
                + (checksums != null ? " and its line in " + checksums.name() : "");
        return MaintenanceAction.builder(store.location() + "/" + backup.name(), command)
                .reason("not kept by " + policy + "; written " + backup.modified())
                .lockImpact(LockImpact.NONE)
                .destructive(true)
                .cost(EstimatedCost.NONE.freeing(backup.dataSize()))
                .step(context -> {
                    if (store.metadata(keep.name()).isEmpty()) {
                        throw new IllegalStateException("the newest verified backup " + keep.name()
                                + " is gone; refusing to delete more");
                    }
                    if (store.metadata(backup.name()).isPresent()) {
                        store.delete(backup.name());
                    }
                    if (checksums != null) {
                        checksums.remove(store, backup.name());
                    }
                    return StepResult.of("deleted " + backup.name(), Measurement.bytes("freed", backup.dataSize()));
                })
                .build();
    }

    @Override
    public String toString() {
        return "BackupPruner[" + store.location() + ", matching " + pattern + ", " + policy + "]";
    }
}

package io.maintkit.runbook;

import io.maintkit.backup.BackupStore;
import io.maintkit.backup.BackupVerifier;
import io.maintkit.backup.DirectoryBackupStore;
import io.maintkit.backup.RestoreTest;
import io.maintkit.core.Durations;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** The backup entries; loaded only when the host hands over a backup store. */
final class BackupParts {

    private BackupParts() {
    }

    /** The daily verification, and the monthly restore test when the host hands one over. */
    static List<Part> of(BackupStore store, UnaryOperator<BackupVerifier> configure, RestoreTest test) {
        BackupVerifier verifier = configure.apply(BackupVerifier.on(store));
        List<Part> parts = new ArrayList<>();
        parts.add(Part.checks(StandardRunbook.DAILY, "backup verification and freshness (" + BackupVerifier.ID
                        + " " + store.location() + ")",
                "the newest backup read to its end (format walk, checksums where a manifest is kept), a warning when "
                        + "the newest verified backup is older than "
                        + Durations.humanize(BackupVerifier.DEFAULT_AGE.warning()) + ", critical after "
                        + Durations.humanize(BackupVerifier.DEFAULT_AGE.critical()) + ", and size anomalies",
                List.of(verifier.asCheck())));
        if (test != null) {
            parts.add(Part.checks(StandardRunbook.MONTHLY, "restore test (" + BackupVerifier.ID + " "
                            + store.location() + ")",
                    "the newest verified backup restored into a scratch database that is dropped afterwards ("
                            + test.describe() + "): a backup that was never restored is not a backup",
                    List.of(verifier.restoreTest(test).asCheck())));
        }
        return parts;
    }

    /** The directory of a store on this machine, for the disk-space check. */
    static Optional<Path> directory(BackupStore store) {
        return store instanceof DirectoryBackupStore d ? Optional.of(d.directory()) : Optional.empty();
    }
}

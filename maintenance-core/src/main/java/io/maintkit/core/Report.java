package io.maintkit.core;

import java.util.List;

/**
 * What every primitive's result can say in the common language: its findings and the worst of them.
 * A primitive's own report type ({@code BloatReport}, {@code BackupReport}) implements this beside its typed data.
 */
public interface Report {

    /** Every finding, worst first or in the primitive's natural order. */
    List<Finding> findings();

    /** The worst severity among the findings, {@link Severity#OK} when there are none. */
    default Severity worst() {
        return Severity.worst(findings().stream().map(Finding::severity).toList());
    }
}

package io.maintkit.redis;

import io.maintkit.core.Finding;
import io.maintkit.core.Report;
import io.maintkit.redis.internal.Texts;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link PersistenceCheck} read and found.
 *
 * @param node              the node
 * @param lastBgsaveStatus  {@code rdb_last_bgsave_status}: {@code ok} or {@code err}
 * @param lastSave          {@code rdb_last_save_time}: the last successful save (or the start)
 * @param changesSinceSave  {@code rdb_changes_since_last_save}
 * @param saveInProgress    {@code rdb_bgsave_in_progress}
 * @param aofEnabled        {@code aof_enabled}
 * @param aofLastWriteStatus {@code aof_last_write_status}; empty when AOF is off
 * @param findings          what it found, worst first
 */
public record PersistenceReport(String node, String lastBgsaveStatus, Instant lastSave, long changesSinceSave,
                                boolean saveInProgress, boolean aofEnabled, Optional<String> aofLastWriteStatus,
                                List<Finding> findings) implements Report {

    /** Validates and sorts the findings worst first. */
    public PersistenceReport {
        Objects.requireNonNull(node, "node");
        findings = Texts.worstFirst(findings);
    }
}

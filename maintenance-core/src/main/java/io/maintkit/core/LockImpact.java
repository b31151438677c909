package io.maintkit.core;

/** What a {@link MaintenanceAction} does to the application's access while it runs. */
public enum LockImpact {
    /** Reads and writes go on (plain VACUUM, ANALYZE, file compression). */
    NONE,
    /** Reads go on, writes wait (REINDEX without CONCURRENTLY, a batch DELETE's row locks). */
    BLOCKS_WRITES,
    /** Reads and writes wait (VACUUM FULL, OPTIMIZE on engines without online rebuild). */
    BLOCKS_READS_AND_WRITES
}

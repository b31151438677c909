/**
 * Backup verification (freshness, checksums, a walk of each format, restore tests), the backup runner and pruning
 * by retention policy.
 */
module io.maintkit.backup {
    requires transitive io.maintkit.core;
    requires transitive java.sql;
    requires com.fasterxml.jackson.core;

    exports io.maintkit.backup;
}

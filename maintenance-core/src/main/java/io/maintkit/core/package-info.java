/**
 * The shared model of maintkit: {@link io.maintkit.core.Severity}, {@link io.maintkit.core.Finding},
 * {@link io.maintkit.core.Check}, {@link io.maintkit.core.Suite}, thresholds and units,
 * {@link io.maintkit.core.MaintenancePlan}s with guarded execution, {@link io.maintkit.core.MaintenanceWindow},
 * {@link io.maintkit.core.RetentionPolicy}, {@link io.maintkit.core.FileRetention},
 * {@link io.maintkit.core.DiskSpaceCheck} and {@link io.maintkit.core.ArchiveSink}, the exactly-once archive the
 * engine modules' table retentions write to.
 */
package io.maintkit.core;

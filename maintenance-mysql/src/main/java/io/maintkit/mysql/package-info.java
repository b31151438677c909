/**
 * MariaDB/MySQL inspection and maintenance over the host's JDBC driver: per-check inspections
 * ({@link io.maintkit.mysql.FragmentationCheck}, {@link io.maintkit.mysql.IndexCheck} and the others), gathered by
 * {@link io.maintkit.mysql.MysqlHealth}, each read-only under its own statement and lock time limits, with typed
 * reports and stable finding kinds. {@link io.maintkit.mysql.MysqlSchemaLint} checks tables' definitions, for a
 * test suite run on a freshly migrated database. {@link io.maintkit.mysql.TableRetention} removes old rows in
 * primary-key range batches after archiving them to a {@link io.maintkit.core.ArchiveSink}, exactly once whatever
 * interrupts it.
 */
package io.maintkit.mysql;

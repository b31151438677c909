/**
 * PostgreSQL inspections: {@link io.maintkit.postgres.BloatInspector} (estimated, approximate or exact table and
 * B-tree bloat with a confidence), the health checks {@code postgres.vacuum}, {@code postgres.analyze},
 * {@code postgres.wraparound}, {@code postgres.indexes}, {@code postgres.sequences}, {@code postgres.connections},
 * {@code postgres.replication}, {@code postgres.queries}, {@code postgres.size}, {@code postgres.settings} and
 * {@code postgres.security}, and {@link io.maintkit.postgres.PostgresHealth}, which assembles them into a
 * {@link io.maintkit.core.Suite}. Each inspection returns its own report with typed items
 * ({@link io.maintkit.postgres.IndexReport} with its {@code IndexProblem}s, {@link io.maintkit.postgres.VacuumReport}
 * with its tables, ...) that also implements {@link io.maintkit.core.Report}; every finding carries a stable
 * {@link io.maintkit.core.Finding#kind()} ({@code vacuum-overdue}, {@code duplicate-index}, {@code hba-trust}).
 * {@link io.maintkit.postgres.PostgresSchemaLint} ({@code postgres.schema-lint}) holds the static checks that mean
 * something on an empty, freshly migrated database, for test suites; its rules are the {@link
 * io.maintkit.postgres.SchemaLintRule}s.
 *
 * <p>Every inspection borrows one connection from the host's {@link javax.sql.DataSource}, runs a fixed number of
 * catalog queries in a read-only transaction with its own {@code statement_timeout}, {@code lock_timeout} and
 * {@code application_name} ({@link io.maintkit.postgres.SessionSettings}), and gives the connection back. What a
 * missing privilege or extension hides is reported {@code UNKNOWN} with the reason, never as a number.
 * Supported servers: PostgreSQL 13 to 18.
 *
 * <p>Maintenance that changes things is planned, never run behind the caller's back:
 * {@link io.maintkit.postgres.VacuumPlanner} turns those inspections into a {@link io.maintkit.core.MaintenancePlan}
 * of VACUUM, ANALYZE, REINDEX CONCURRENTLY and (only with an opt-in and a window) VACUUM FULL, each statement run with
 * a short lock timeout, retried, bounded by the window, and cancellable; {@link io.maintkit.postgres.TableRetention}
 * removes old rows in batches after archiving them to an {@link io.maintkit.core.ArchiveSink}, exactly once
 * whatever interrupts it. Both offer {@code plan()}, which returns a {@link io.maintkit.core.MaintenancePlan}.
 */
package io.maintkit.postgres;

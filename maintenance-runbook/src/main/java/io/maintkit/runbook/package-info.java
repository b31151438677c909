/**
 * {@link io.maintkit.runbook.StandardRunbook}: the runbook of daily health checks, weekly vacuum, optimize, log
 * clean-up and keyspace audit, and monthly restore test, table retention and certificate audit, as a core
 * {@link io.maintkit.core.Runbook} the host prints and schedules.
 */
package io.maintkit.runbook;

/**
 * Assertions and baselines for test suites: {@link io.maintkit.test.MaintkitAssertions#assertThat(io.maintkit.core.Report)}
 * and {@link io.maintkit.test.MaintenanceBaseline}.
 */
package io.maintkit.test;

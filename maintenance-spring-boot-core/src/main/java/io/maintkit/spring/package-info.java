/**
 * The part of maintkit's Spring Boot adapters that does not depend on the Boot version: the last completed run of
 * each check ({@link io.maintkit.spring.CheckRuns}), the mapping of severities to health statuses, Micrometer
 * metrics ({@link io.maintkit.spring.MaintkitMetrics}) and the {@code maintkit.*} properties
 * ({@link io.maintkit.spring.MaintkitProperties}).
 */
package io.maintkit.spring;

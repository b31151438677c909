/**
 * MicroProfile Health checks served from the last completed run of maintkit checks and suites:
 * {@link io.maintkit.microprofile.MaintkitHealthCheck}.
 */
package io.maintkit.microprofile;

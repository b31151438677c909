/**
 * maintkit for Spring Boot 4 (4.0): {@link io.maintkit.spring.boot4.MaintkitAutoConfiguration}.
 */
package io.maintkit.spring.boot4;

/**
 * maintkit for Spring Boot 3 (3.5): {@link io.maintkit.spring.boot3.MaintkitAutoConfiguration}.
 */
package io.maintkit.spring.boot3;

/**
 * Real database engines for tests and demos: an embedded PostgreSQL (the major chosen by the
 * {@code maintkit.postgres.version} system property), an embedded MariaDB, an embedded Redis and,
 * where a Docker engine exists, MySQL 8 through Testcontainers.
 *
 * <p>{@link io.maintkit.testkit.TestEngines} is the entry point: each engine is started lazily once
 * per JVM and stopped by a JVM shutdown hook. Environment variables point the engines at existing
 * servers instead:
 * <ul>
 *   <li>{@code MAINTKIT_POSTGRES_URL}, e.g. {@code jdbc:postgresql://db:5432/postgres?user=u&password=p}</li>
 *   <li>{@code MAINTKIT_MARIADB_URL}, e.g. {@code jdbc:mariadb://db:3306/?user=root&password=p}</li>
 *   <li>{@code MAINTKIT_MYSQL_URL}, e.g. {@code jdbc:mysql://db:3306/?user=root&password=p}</li>
 *   <li>{@code MAINTKIT_REDIS_URL}, e.g. {@code redis://:password@cache:6379}</li>
 * </ul>
 *
 * <p>Every embedded engine listens on 127.0.0.1 only, on a free port.
 *
 * <p>{@link io.maintkit.testkit.TestPki} is a small certificate authority: roots, intermediates and
 * leaves with chosen validity windows, keys and names, written as PEM, DER or keystores.
 */
package io.maintkit.testkit;

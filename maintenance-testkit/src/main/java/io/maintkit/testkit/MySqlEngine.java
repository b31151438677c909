package io.maintkit.testkit;

import javax.sql.DataSource;

/**
 * A MySQL 8 server for tests, from {@link TestEngines#mysql8()}: a Testcontainers container where a
 * Docker engine exists, or an existing server named by {@code MAINTKIT_MYSQL_URL}.
 *
 * <p>Data sources use MariaDB Connector/J (with {@code allowPublicKeyRetrieval=true}, which MySQL
 * 8's {@code caching_sha2_password} needs without TLS) and open a new physical connection per
 * {@code getConnection()} call.
 */
public interface MySqlEngine {

    /**
     * The server version as {@code SELECT VERSION()} reports it.
     *
     * @return e.g. {@code 8.4.5}
     */
    String version();

    /**
     * The host to connect to.
     *
     * @return the host
     */
    String host();

    /**
     * The TCP port to connect to.
     *
     * @return the port
     */
    int port();

    /**
     * The administrative account {@link #dataSource()} connects as.
     *
     * @return usually {@code root}
     */
    String user();

    /**
     * That account's password, for tools that cannot take a DataSource. Keep it out of logs.
     *
     * @return the password
     */
    String password();

    /**
     * A MariaDB Connector/J URL for a database on this server, without credentials.
     *
     * @param database the database name; empty for none
     * @return e.g. {@code jdbc:mariadb://127.0.0.1:32768/orders?allowPublicKeyRetrieval=true}
     */
    String jdbcUrl(String database);

    /**
     * An administrative data source with no default database.
     *
     * @return the data source
     */
    DataSource dataSource();

    /**
     * A data source for a database and account of your choosing.
     *
     * @param database the database name; empty for none
     * @param user the account to log in as
     * @param password its password; may be empty
     * @return the data source
     */
    DataSource dataSource(String database, String user, String password);

    /**
     * Creates an empty database, dropping an existing one of that name first.
     *
     * @param name the database name, used as a quoted identifier
     * @return an administrative data source whose default database is the new one
     */
    DataSource createDatabase(String name);
}

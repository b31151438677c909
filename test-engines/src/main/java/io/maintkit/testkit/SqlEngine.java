package io.maintkit.testkit;

import java.nio.file.Path;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * What every SQL engine of the test kit offers: where it listens, its administrative account, JDBC
 * URLs, data sources and fresh databases. {@link PostgresEngine}, {@link MariaDbEngine} and
 * {@link MySqlEngine} add what is particular to each.
 *
 * <p>Data sources open a new physical connection per {@code getConnection()} call; close what you
 * open.
 */
public interface SqlEngine {

    /**
     * The server version as the server reports it ({@code SHOW server_version},
     * {@code SELECT VERSION()}).
     *
     * @return e.g. {@code 18.1} or {@code 11.4.5-MariaDB-log}
     */
    String version();

    /**
     * The host to connect to.
     *
     * @return {@code 127.0.0.1} for an embedded server
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
     * @return e.g. {@code postgres} or {@code root}
     */
    String user();

    /**
     * That account's password, for tools that cannot take a DataSource (e.g. {@code PGPASSWORD},
     * {@code mariadb-dump}). Keep it out of logs.
     *
     * @return the password; empty for an embedded server
     */
    String password();

    /**
     * A JDBC URL for a database on this server, without credentials.
     *
     * @param database the database name; empty for none where the engine allows it
     * @return e.g. {@code jdbc:postgresql://127.0.0.1:54321/orders}
     */
    String jdbcUrl(String database);

    /**
     * An administrative data source for the engine's default database: {@code postgres} for
     * PostgreSQL, none for MariaDB and MySQL, or the database an environment variable's URL names.
     *
     * @return the data source
     */
    DataSource dataSource();

    /**
     * A data source for a database and account of your choosing, e.g. a role a test created
     * without privileges.
     *
     * @param database the database name; empty for none where the engine allows it
     * @param user the account to log in as
     * @param password its password; may be empty
     * @return the data source
     */
    DataSource dataSource(String database, String user, String password);

    /**
     * Creates an empty database, dropping an existing one of that name first (with its open
     * connections), so every test can start from scratch.
     *
     * @param name the database name, used as a quoted identifier
     * @return an administrative data source whose database is the new one
     */
    DataSource createDatabase(String name);

    /**
     * The directory holding the programs that match the server (PostgreSQL: {@code postgres},
     * {@code initdb}, {@code pg_ctl}; MariaDB: {@code mariadb}, {@code mariadb-dump},
     * {@code mariadb-check}).
     *
     * @return the directory for an embedded server; empty for an existing server named by an
     *     environment variable or a server in a container
     */
    Optional<Path> binDirectory();
}

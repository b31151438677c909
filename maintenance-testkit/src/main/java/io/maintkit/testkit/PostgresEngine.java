package io.maintkit.testkit;

import java.nio.file.Path;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * A PostgreSQL server for tests: the shared one from {@link TestEngines#postgres()}, or a dedicated
 * one from {@link #start(PostgresSettings)}.
 *
 * <p>Data sources open a new physical connection per {@code getConnection()} call; close what you
 * open.
 */
public interface PostgresEngine {

    /**
     * Starts a dedicated embedded server with the given settings, for tests that need settings or
     * files the shared server does not have (e.g. {@code ssl=on}). Close it when done; a JVM
     * shutdown hook stops it otherwise.
     *
     * <p>It uses the same binaries as the shared server, even when {@code MAINTKIT_POSTGRES_URL}
     * points the shared engine elsewhere.
     *
     * @param settings the server settings, usually {@link PostgresSettings#defaults()} plus changes
     * @return the running server
     * @throws IllegalStateException when the server does not start; the message carries the
     *     server log's tail
     */
    static PostgresServer start(PostgresSettings settings) {
        return PostgresServer.launch(settings, false);
    }

    /**
     * The server's major version, read from {@code server_version_num}.
     *
     * @return e.g. {@code 18}
     */
    int majorVersion();

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
     * The superuser that {@link #dataSource()} connects as.
     *
     * @return {@code postgres} for an embedded server
     */
    String user();

    /**
     * The superuser's password, for tools that cannot take a DataSource (e.g. {@code PGPASSWORD}).
     * Keep it out of logs.
     *
     * @return the password; empty for an embedded server, which trusts local connections
     */
    String password();

    /**
     * A JDBC URL for a database on this server, without credentials.
     *
     * @param database the database name
     * @return e.g. {@code jdbc:postgresql://127.0.0.1:54321/orders}
     */
    String jdbcUrl(String database);

    /**
     * A superuser data source for the {@code postgres} database (for a server named by
     * {@code MAINTKIT_POSTGRES_URL}: the database that URL names, if it names one).
     *
     * @return the data source
     */
    DataSource dataSource();

    /**
     * A data source for a database and account of your choosing, e.g. a role a test created
     * without privileges.
     *
     * @param database the database name
     * @param user the role to log in as
     * @param password its password; may be empty
     * @return the data source
     */
    DataSource dataSource(String database, String user, String password);

    /**
     * Creates an empty database, dropping an existing one of that name first (with its open
     * connections), so every test can start from scratch.
     *
     * @param name the database name, used as a quoted identifier
     * @return a superuser data source for the new database
     */
    DataSource createDatabase(String name);

    /**
     * The directory holding the server binaries ({@code postgres}, {@code initdb}, {@code pg_ctl}).
     *
     * @return the directory for an embedded server; empty for an existing server named by
     *     {@code MAINTKIT_POSTGRES_URL}
     */
    Optional<Path> binDirectory();
}

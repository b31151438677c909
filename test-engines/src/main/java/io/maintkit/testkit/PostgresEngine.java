package io.maintkit.testkit;

/**
 * A PostgreSQL server for tests: the shared one from {@link TestEngines#postgres()}, or a dedicated
 * one from {@link #start(PostgresSettings)}.
 *
 * <p>An embedded server listens on 127.0.0.1, trusts local connections (the superuser
 * {@code postgres} has an empty password) and {@link #dataSource()} connects to the
 * {@code postgres} database; for a server named by {@code MAINTKIT_POSTGRES_URL}, to the database
 * that URL names, if it names one.
 */
public interface PostgresEngine extends SqlEngine {

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
     * The server's major version, the leading number of {@link #version()}.
     *
     * @return e.g. {@code 18}
     */
    default int majorVersion() {
        String version = version();
        int end = 0;
        while (end < version.length() && Character.isDigit(version.charAt(end))) {
            end++;
        }
        if (end == 0) {
            throw new IllegalStateException("Not a PostgreSQL version: " + version);
        }
        return Integer.parseInt(version.substring(0, end));
    }
}

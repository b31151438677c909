package io.maintkit.testkit;

import java.nio.file.Path;
import java.util.Optional;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** An existing PostgreSQL server named by {@code MAINTKIT_POSTGRES_URL}. */
final class ExternalPostgres implements PostgresEngine {

    static final String VARIABLE = "MAINTKIT_POSTGRES_URL";
    private static final Logger LOG = LoggerFactory.getLogger(ExternalPostgres.class);

    private final PostgresAccess access;
    private final int majorVersion;

    private ExternalPostgres(PostgresAccess access) {
        this.access = access;
        this.majorVersion = access.majorVersion();
    }

    static ExternalPostgres connect(String url) {
        ServerUrl parsed = ServerUrl.parseJdbc(VARIABLE, url, "postgresql", 5432);
        PostgresAccess access = new PostgresAccess(parsed.host(), parsed.port(), parsed.user() == null ? "postgres" : parsed.user(),
                parsed.password(), parsed.parameters(), parsed.database());
        ExternalPostgres engine = new ExternalPostgres(access);
        String requested = System.getProperty(PostgresBinaries.VERSION_PROPERTY);
        if (requested != null && !requested.isBlank() && !requested.trim().equals(Integer.toString(engine.majorVersion))) {
            LOG.warn("{} points at PostgreSQL {} but {}={} was asked for", parsed, engine.majorVersion,
                    PostgresBinaries.VERSION_PROPERTY, requested.trim());
        }
        LOG.info("Using the existing PostgreSQL {} server from {}", engine.majorVersion, parsed);
        return engine;
    }

    @Override
    public int majorVersion() {
        return majorVersion;
    }

    @Override
    public String host() {
        return access.host();
    }

    @Override
    public int port() {
        return access.port();
    }

    @Override
    public String user() {
        return access.user();
    }

    @Override
    public String password() {
        return access.password();
    }

    @Override
    public String jdbcUrl(String database) {
        return access.jdbcUrl(database);
    }

    @Override
    public DataSource dataSource() {
        return access.dataSource();
    }

    @Override
    public DataSource dataSource(String database, String user, String password) {
        return access.dataSource(database, user, password);
    }

    @Override
    public DataSource createDatabase(String name) {
        return access.createDatabase(name);
    }

    @Override
    public Optional<Path> binDirectory() {
        return Optional.empty();
    }

    @Override
    public String toString() {
        return "ExternalPostgres[" + majorVersion + " " + access + "]";
    }
}

package io.maintkit.testkit;

import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** An existing PostgreSQL server named by {@code MAINTKIT_POSTGRES_URL}. */
final class ExternalPostgres extends AbstractSqlEngine implements PostgresEngine {

    static final String VARIABLE = "MAINTKIT_POSTGRES_URL";
    private static final Logger LOG = LoggerFactory.getLogger(ExternalPostgres.class);

    private ExternalPostgres(SqlAccess access) {
        super(access, Optional.empty());
    }

    static ExternalPostgres connect(String url) {
        ServerUrl parsed = ServerUrl.parseJdbc(VARIABLE, url, "postgresql", 5432);
        ExternalPostgres engine = new ExternalPostgres(new SqlAccess(SqlAccess.Dialect.POSTGRES, parsed.host(), parsed.port(),
                parsed.user() == null ? "postgres" : parsed.user(), parsed.password(), parsed.parameters(), parsed.database()));
        String requested = System.getProperty(PostgresBinaries.VERSION_PROPERTY);
        if (requested != null && !requested.isBlank() && !requested.trim().equals(Integer.toString(engine.majorVersion()))) {
            LOG.warn("{} points at PostgreSQL {} but {}={} was asked for", parsed, engine.majorVersion(),
                    PostgresBinaries.VERSION_PROPERTY, requested.trim());
        }
        LOG.info("Using the existing PostgreSQL {} server from {}", engine.version(), parsed);
        return engine;
    }
}

package io.maintkit.testkit;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An existing MariaDB or MySQL server named by {@code MAINTKIT_MARIADB_URL} or
 * {@code MAINTKIT_MYSQL_URL}, reached through MariaDB Connector/J.
 */
final class ExternalMySql extends AbstractSqlEngine implements MariaDbEngine, MySqlEngine {

    private static final Logger LOG = LoggerFactory.getLogger(ExternalMySql.class);

    private ExternalMySql(SqlAccess access) {
        super(access, Optional.empty());
    }

    static ExternalMySql connect(String variable, String url) {
        if (!url.startsWith("jdbc:mariadb:") && !url.startsWith("jdbc:mysql:")) {
            throw new IllegalArgumentException(variable + " must be a jdbc:mariadb:// or jdbc:mysql:// URL");
        }
        String scheme = url.startsWith("jdbc:mariadb:") ? "mariadb" : "mysql";
        ServerUrl parsed = ServerUrl.parseJdbc(variable, url, scheme, 3306);
        Map<String, String> parameters = new LinkedHashMap<>(parsed.parameters());
        if (scheme.equals("mysql")) {
            // MySQL 8 authenticates with caching_sha2_password, which needs the server's RSA key without TLS
            parameters.putIfAbsent("allowPublicKeyRetrieval", "true");
        }
        ExternalMySql engine = new ExternalMySql(new SqlAccess(SqlAccess.Dialect.MYSQL, parsed.host(), parsed.port(),
                parsed.user() == null ? "root" : parsed.user(), parsed.password(), parameters, parsed.database()));
        LOG.info("Using the existing server {} from {}", engine.version(), parsed);
        return engine;
    }
}

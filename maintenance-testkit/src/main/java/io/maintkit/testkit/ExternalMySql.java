package io.maintkit.testkit;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An existing MariaDB or MySQL server named by {@code MAINTKIT_MARIADB_URL} or
 * {@code MAINTKIT_MYSQL_URL}, reached through MariaDB Connector/J.
 */
final class ExternalMySql implements MariaDbEngine, MySqlEngine {

    private static final Logger LOG = LoggerFactory.getLogger(ExternalMySql.class);

    private final MySqlAccess access;
    private final String version;

    private ExternalMySql(MySqlAccess access) {
        this.access = access;
        this.version = access.version();
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
        ExternalMySql engine = new ExternalMySql(new MySqlAccess(parsed.host(), parsed.port(),
                parsed.user() == null ? "root" : parsed.user(), parsed.password(), parameters, parsed.database()));
        LOG.info("Using the existing server {} from {}", engine.version, parsed);
        return engine;
    }

    @Override
    public String version() {
        return version;
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
        return "ExternalMySql[" + version + " " + access + "]";
    }
}

package io.maintkit.testkit;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Supplier;
import javax.sql.DataSource;

/** How to reach one SQL server: URLs, data sources, database creation and its version. */
final class SqlAccess {

    /** What differs between the servers: URL scheme, driver, identifier quotes and statements. */
    enum Dialect {
        /** PostgreSQL through pgJDBC. */
        POSTGRES("postgresql", org.postgresql.Driver::new, "postgres", '"', " WITH (FORCE)", "SHOW server_version"),
        /** MariaDB or MySQL through MariaDB Connector/J. */
        MYSQL("mariadb", org.mariadb.jdbc.Driver::new, "", '`', "", "SELECT VERSION()");

        private final String scheme;
        private final Supplier<Driver> driver;
        private final String administrativeDatabase;
        private final char quote;
        private final String dropSuffix;
        private final String versionQuery;

        Dialect(String scheme, Supplier<Driver> driver, String administrativeDatabase, char quote, String dropSuffix,
                String versionQuery) {
            this.scheme = scheme;
            this.driver = driver;
            this.administrativeDatabase = administrativeDatabase;
            this.quote = quote;
            this.dropSuffix = dropSuffix;
            this.versionQuery = versionQuery;
        }

        String quote(String identifier) {
            String q = String.valueOf(quote);
            return q + identifier.replace(q, q + q) + q;
        }
    }

    private final Dialect dialect;
    private final String host;
    private final int port;
    private final String user;
    private final String password;
    private final Map<String, String> parameters;
    private final String defaultDatabase;

    /**
     * @param defaultDatabase the database {@link #dataSource()} connects to; null or empty for the
     *     dialect's administrative one
     */
    SqlAccess(Dialect dialect, String host, int port, String user, String password, Map<String, String> parameters,
              String defaultDatabase) {
        this.dialect = dialect;
        this.host = host;
        this.port = port;
        this.user = user;
        this.password = password == null ? "" : password;
        this.parameters = Map.copyOf(parameters);
        this.defaultDatabase = defaultDatabase == null || defaultDatabase.isEmpty() ? dialect.administrativeDatabase
                : defaultDatabase;
    }

    String host() {
        return host;
    }

    int port() {
        return port;
    }

    String user() {
        return user;
    }

    String password() {
        return password;
    }

    String jdbcUrl(String database) {
        Objects.requireNonNull(database, "database");
        StringBuilder url = new StringBuilder("jdbc:").append(dialect.scheme).append("://").append(hostForUrl(host))
                .append(':').append(port).append('/').append(URLEncoder.encode(database, StandardCharsets.UTF_8));
        char separator = '?';
        for (Map.Entry<String, String> parameter : new TreeMap<>(parameters).entrySet()) {
            url.append(separator).append(URLEncoder.encode(parameter.getKey(), StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(parameter.getValue(), StandardCharsets.UTF_8));
            separator = '&';
        }
        return url.toString();
    }

    DataSource dataSource(String database, String login, String secret) {
        return new DriverDataSource(dialect.driver.get(), jdbcUrl(database), login, secret);
    }

    DataSource dataSource() {
        return dataSource(defaultDatabase, user, password);
    }

    /** The data source administrative statements run through: MariaDB and MySQL need no database. */
    private DataSource administrative() {
        return dialect == Dialect.POSTGRES ? dataSource() : dataSource("", user, password);
    }

    DataSource createDatabase(String name) {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("A database name must not be blank");
        }
        String quoted = dialect.quote(name);
        try (Connection connection = administrative().getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + quoted + dialect.dropSuffix);
            statement.execute("CREATE DATABASE " + quoted);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create database " + quoted + " on " + this + ": " + e.getMessage(), e);
        }
        return dataSource(name, user, password);
    }

    String version() {
        try (Connection connection = administrative().getConnection();
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(dialect.versionQuery)) {
            rs.next();
            return rs.getString(1).trim();
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the server version of " + this + ": " + e.getMessage(), e);
        }
    }

    /** A host as it stands in a URL: an IPv6 literal in brackets. */
    static String hostForUrl(String host) {
        return host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    /** Names the server and account; never the password. */
    @Override
    public String toString() {
        return dialect.scheme + "://" + user + "@" + hostForUrl(host) + ":" + port;
    }
}

package io.maintkit.testkit;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import javax.sql.DataSource;

/** How to reach one MariaDB or MySQL server through MariaDB Connector/J. */
final class MySqlAccess {

    private final String host;
    private final int port;
    private final String user;
    private final String password;
    private final Map<String, String> parameters;
    private final String defaultDatabase;

    MySqlAccess(String host, int port, String user, String password, Map<String, String> parameters, String defaultDatabase) {
        this.host = host;
        this.port = port;
        this.user = user;
        this.password = password == null ? "" : password;
        this.parameters = Map.copyOf(parameters);
        this.defaultDatabase = defaultDatabase == null ? "" : defaultDatabase;
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
        StringBuilder url = new StringBuilder("jdbc:mariadb://").append(PostgresAccess.hostForUrl(host)).append(':').append(port)
                .append('/').append(URLEncoder.encode(database, StandardCharsets.UTF_8));
        char separator = '?';
        for (Map.Entry<String, String> parameter : new TreeMap<>(parameters).entrySet()) {
            url.append(separator).append(URLEncoder.encode(parameter.getKey(), StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(parameter.getValue(), StandardCharsets.UTF_8));
            separator = '&';
        }
        return url.toString();
    }

    DataSource dataSource(String database, String login, String secret) {
        return new DriverDataSource(new org.mariadb.jdbc.Driver(), jdbcUrl(database), login, secret);
    }

    DataSource dataSource() {
        return dataSource(defaultDatabase, user, password);
    }

    DataSource createDatabase(String name) {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("A database name must not be blank");
        }
        String quoted = "`" + name.replace("`", "``") + "`";
        try (Connection connection = dataSource("", user, password).getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + quoted);
            statement.execute("CREATE DATABASE " + quoted);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create database " + quoted + " on " + host + ":" + port + ": " + e.getMessage(), e);
        }
        return dataSource(name, user, password);
    }

    String version() {
        try (Connection connection = dataSource("", user, password).getConnection();
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT VERSION()")) {
            rs.next();
            return rs.getString(1);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the server version of " + host + ":" + port + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "mariadb://" + user + "@" + PostgresAccess.hostForUrl(host) + ":" + port;
    }
}

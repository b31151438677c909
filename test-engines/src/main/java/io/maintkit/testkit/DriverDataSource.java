package io.maintkit.testkit;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Objects;
import java.util.Properties;
import java.util.logging.Logger;
import javax.sql.DataSource;

/** A DataSource that opens a new physical connection per call through one JDBC driver. */
final class DriverDataSource implements DataSource {

    private final Driver driver;
    private final String url;
    private final String user;
    private final String password;
    private final Properties extra;
    private int loginTimeoutSeconds;
    private PrintWriter logWriter;

    DriverDataSource(Driver driver, String url, String user, String password) {
        this(driver, url, user, password, new Properties());
    }

    DriverDataSource(Driver driver, String url, String user, String password, Properties extra) {
        this.driver = Objects.requireNonNull(driver, "driver");
        this.url = Objects.requireNonNull(url, "url");
        this.user = user;
        this.password = password;
        this.extra = (Properties) extra.clone();
    }

    @Override
    public Connection getConnection() throws SQLException {
        return getConnection(user, password);
    }

    @Override
    public Connection getConnection(String username, String pass) throws SQLException {
        Properties properties = (Properties) extra.clone();
        if (username != null) {
            properties.setProperty("user", username);
        }
        if (pass != null && !pass.isEmpty()) {
            properties.setProperty("password", pass);
        }
        Connection connection = driver.connect(url, properties);
        if (connection == null) {
            throw new SQLException("The driver " + driver.getClass().getName() + " does not accept " + url);
        }
        return connection;
    }

    @Override
    public PrintWriter getLogWriter() {
        return logWriter;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        this.logWriter = out;
    }

    @Override
    public void setLoginTimeout(int seconds) {
        this.loginTimeoutSeconds = seconds;
    }

    @Override
    public int getLoginTimeout() {
        return loginTimeoutSeconds;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("java.util.logging is not used");
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        throw new SQLException("Not a wrapper for " + iface.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }

    /** Names the server, database and user; never the password. */
    @Override
    public String toString() {
        return "DataSource[" + url + " user=" + user + "]";
    }
}

package io.maintkit.testkit;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The part every SQL engine shares: it answers through its {@link SqlAccess} and reads the server
 * version once, when it is made.
 */
abstract class AbstractSqlEngine implements SqlEngine {

    private final SqlAccess access;
    private final Optional<Path> binDirectory;
    private final String version;

    AbstractSqlEngine(SqlAccess access, Optional<Path> binDirectory) {
        this.access = Objects.requireNonNull(access, "access");
        this.binDirectory = Objects.requireNonNull(binDirectory, "binDirectory");
        this.version = access.version();
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
        return binDirectory;
    }

    /** What {@link #toString()} adds after the version and address, e.g. {@code " stopped"}. */
    String state() {
        return "";
    }

    /** Names the engine, version, account and address; never the password. */
    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + version + " " + access + state() + "]";
    }
}

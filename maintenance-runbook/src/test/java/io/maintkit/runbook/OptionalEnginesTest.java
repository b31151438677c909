package io.maintkit.runbook;

import io.maintkit.testkit.PostgresEngine;
import io.maintkit.testkit.TestEngines;

import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;
import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The engine modules are optional dependencies: a host with only PostgreSQL on its class path (no MariaDB/MySQL, Redis,
 * Lettuce, certificate or backup module) builds, prints and runs the standard runbook. (Reflection over
 * {@link StandardRunbook}'s methods would need every engine: it resolves every method's parameter types.)
 */
class OptionalEnginesTest {

    /** What a PostgreSQL-only host does not have. */
    private static final Pattern ABSENT = Pattern.compile(
            ".*(maintenance-(mysql|redis|certs|backup)|lettuce|netty|reactor|bcp|bcutil|mariadb|jackson).*");

    @Test
    void aPostgresOnlyHostRunsTheRunbookWithoutTheOtherEnginesOnItsClassPath() throws Exception {
        PostgresEngine postgres = TestEngines.postgres();
        try (URLClassLoader host = new URLClassLoader(postgresOnlyClassPath(), ClassLoader.getPlatformClassLoader())) {
            assertThatThrownBy(() -> host.loadClass("io.lettuce.core.RedisClient"))
                    .isInstanceOf(ClassNotFoundException.class);
            assertThatThrownBy(() -> host.loadClass("io.maintkit.backup.BackupStore"))
                    .isInstanceOf(ClassNotFoundException.class);

            Object dataSource = host.loadClass("org.postgresql.ds.PGSimpleDataSource").getConstructor().newInstance();
            dataSource.getClass().getMethod("setURL", String.class).invoke(dataSource, postgres.jdbcUrl("postgres"));
            dataSource.getClass().getMethod("setUser", String.class).invoke(dataSource, postgres.user());
            dataSource.getClass().getMethod("setPassword", String.class).invoke(dataSource, postgres.password());
            @SuppressWarnings("unchecked")
            Function<DataSource, String> hostCode = (Function<DataSource, String>) host
                    .loadClass("io.maintkit.runbook.PostgresOnlyHost").getConstructor().newInstance();

            String described = hostCode.apply((DataSource) dataSource);

            assertThat(described).contains("PostgreSQL health", "vacuum and analyze (PostgreSQL)")
                    .doesNotContain("Redis", "MariaDB", "backup").endsWith("ran: true, checks: 12");
        }
    }

    private static URL[] postgresOnlyClassPath() throws Exception {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<URL> urls = new ArrayList<>();
        for (String entry : classPath.split(File.pathSeparator)) {
            if (!entry.isBlank() && !ABSENT.matcher(entry).matches()) {
                urls.add(Path.of(entry).toUri().toURL());
            }
        }
        return urls.toArray(URL[]::new);
    }
}

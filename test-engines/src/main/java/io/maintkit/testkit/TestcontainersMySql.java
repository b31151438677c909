package io.maintkit.testkit;

import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.mysql.MySQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * MySQL 8 in a Testcontainers container. Only loaded once {@link #unavailableReason()} found
 * Testcontainers on the classpath.
 */
final class TestcontainersMySql extends AbstractSqlEngine implements MySqlEngine {

    static final String IMAGE = "mysql:8.4";
    private static final Logger LOG = LoggerFactory.getLogger(TestcontainersMySql.class);
    private static final int MYSQL_PORT = 3306;

    private final Container container;

    private TestcontainersMySql(Container container, SqlAccess access) {
        super(access, Optional.empty());
        this.container = container;
    }

    /** Why MySQL 8 cannot run here, or empty when it can. Never throws. */
    static Optional<String> unavailableReason() {
        try {
            Class.forName("org.testcontainers.DockerClientFactory", false, TestcontainersMySql.class.getClassLoader());
            Class.forName("org.testcontainers.mysql.MySQLContainer", false, TestcontainersMySql.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            return Optional.of("org.testcontainers:testcontainers-mysql is not on the test classpath (add it with test scope)");
        }
        if (!dockerConfigured()) {
            return Optional.of("no Docker engine found (DOCKER_HOST is unset and there is no Docker socket)");
        }
        try {
            if (!DockerClientFactory.instance().isDockerAvailable()) {
                return Optional.of("Testcontainers found no working Docker engine");
            }
        } catch (Throwable e) {
            return Optional.of("Testcontainers could not reach Docker (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
        }
        return Optional.empty();
    }

    /** A cheap look for signs of a Docker engine, so that a machine without one is not probed at length. */
    private static boolean dockerConfigured() {
        if (System.getenv("DOCKER_HOST") != null || System.getenv("TESTCONTAINERS_DOCKER_SOCKET_OVERRIDE") != null) {
            return true;
        }
        String home = System.getProperty("user.home", "");
        String runtime = System.getenv("XDG_RUNTIME_DIR");
        for (String candidate : new String[] {"/var/run/docker.sock", "/run/docker.sock", home + "/.testcontainers.properties",
                home + "/.docker/run/docker.sock", home + "/.docker/desktop/docker.sock", home + "/.colima/default/docker.sock",
                home + "/.rd/docker.sock", runtime == null ? "" : runtime + "/docker.sock",
                runtime == null ? "" : runtime + "/podman/podman.sock"}) {
            if (!candidate.isEmpty() && Files.exists(Path.of(candidate))) {
                return true;
            }
        }
        return false;
    }

    static TestcontainersMySql start() {
        long started = System.nanoTime();
        byte[] secret = new byte[12];
        new SecureRandom().nextBytes(secret);
        String password = HexFormat.of().formatHex(secret);
        Container container = new Container(DockerImageName.parse(IMAGE));
        container.withUsername("root").withPassword(password).withDatabaseName("maintkit");
        if (dockerOnThisMachine()) {
            container.withCreateContainerCmdModifier(command -> command.getHostConfig().withPortBindings(
                    new PortBinding(Ports.Binding.bindIp("127.0.0.1"), new ExposedPort(MYSQL_PORT))));
        }
        container.start();
        TestcontainersMySql engine;
        try {
            engine = new TestcontainersMySql(container, new SqlAccess(SqlAccess.Dialect.MYSQL, container.getHost(),
                    container.getMappedPort(MYSQL_PORT), "root", password, Map.of("allowPublicKeyRetrieval", "true"), ""));
        } catch (RuntimeException e) {
            container.stop();
            throw e;
        }
        Workspace.onShutdown("maintkit-mysql-stop", container::stop);
        LOG.info("MySQL {} started in a container ({}) on {}:{} in {} ms", engine.version(), IMAGE, engine.host(), engine.port(),
                (System.nanoTime() - started) / 1_000_000);
        return engine;
    }

    private static boolean dockerOnThisMachine() {
        try {
            return InetAddress.getByName(DockerClientFactory.instance().dockerHostIpAddress()).isLoopbackAddress();
        } catch (Exception e) {
            return false;
        }
    }

    @Override
    String state() {
        return " " + container.getDockerImageName();
    }

    /** The MySQL container, checked for readiness with MariaDB Connector/J instead of MySQL Connector/J. */
    private static final class Container extends MySQLContainer {

        Container(DockerImageName image) {
            super(image);
        }

        @Override
        public String getDriverClassName() {
            return "org.mariadb.jdbc.Driver";
        }

        @Override
        public String getJdbcUrl() {
            return "jdbc:mariadb://" + getHost() + ":" + getMappedPort(MYSQL_PORT) + "/" + getDatabaseName()
                    + "?allowPublicKeyRetrieval=true";
        }

        @Override
        protected String constructUrlForConnection(String queryString) {
            if (queryString == null || queryString.isEmpty()) {
                return getJdbcUrl();
            }
            return getJdbcUrl() + "&" + (queryString.startsWith("?") ? queryString.substring(1) : queryString);
        }
    }
}

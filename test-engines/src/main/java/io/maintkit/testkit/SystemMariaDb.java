package io.maintkit.testkit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operating system's MariaDB (Debian's {@code mariadb-server}: {@code /usr/sbin/mariadbd} and
 * {@code mariadb-install-db}) run as a process of its own, on a free loopback port and a fresh data
 * directory, with the same settings as the embedded server (binary log on, {@code utf8mb4}, a
 * password-less {@code root}).
 *
 * <pre>{@code
 * Optional<SystemMariaDb> debian = SystemMariaDb.shared();            // one per JVM, or empty
 * SystemMariaDb replica = SystemMariaDb.start("--server-id=2");       // a server of your own; stop() it
 * }</pre>
 *
 * <p>Where the packages are not installed, {@link #shared()} is empty and {@link #unavailableReason()}
 * says why, so tests can skip with a visible message.
 */
public final class SystemMariaDb extends AbstractSqlEngine implements MariaDbEngine {

    /** The server program of Debian's {@code mariadb-server}. */
    public static final Path SERVER = Path.of("/usr/sbin/mariadbd");
    /** The data directory installer of Debian's {@code mariadb-server}. */
    public static final Path INSTALLER = Path.of("/usr/bin/mariadb-install-db");

    private static final Logger LOG = LoggerFactory.getLogger(SystemMariaDb.class);
    private static final Lazy<Optional<SystemMariaDb>> SHARED = new Lazy<>("the system's MariaDB", () ->
            unavailableReason().isPresent() ? Optional.empty() : Optional.of(start("--server-id=1")));

    private final Process process;
    private final Path runDirectory;
    private boolean stopped;

    private SystemMariaDb(Process process, Path runDirectory, SqlAccess access) {
        super(access, Optional.of(Path.of("/usr/bin")));
        this.process = process;
        this.runDirectory = runDirectory;
    }

    /**
     * Why the system's MariaDB cannot run here.
     *
     * @return the reason, or empty when {@code mariadbd} and {@code mariadb-install-db} are installed
     */
    public static Optional<String> unavailableReason() {
        if (!Files.isExecutable(SERVER) || !Files.isExecutable(INSTALLER)) {
            return Optional.of(SERVER + " or " + INSTALLER + " is missing (Debian package mariadb-server)");
        }
        return Optional.empty();
    }

    /**
     * The system's MariaDB shared by this JVM, started on first use and stopped by a shutdown hook.
     *
     * @return the running server, or empty when the packages are missing (see {@link #unavailableReason()})
     */
    public static Optional<SystemMariaDb> shared() {
        return SHARED.get();
    }

    /**
     * Starts a server of the caller's own, e.g. a replica ({@code --server-id=2}); stop it with {@link #stop()}.
     *
     * @param extraOptions server options added after the defaults, e.g. {@code --server-id=2}
     * @return the running server
     * @throws IllegalStateException when it does not start
     */
    public static SystemMariaDb start(String... extraOptions) {
        unavailableReason().ifPresent(reason -> {
            throw new IllegalStateException(reason);
        });
        long started = System.nanoTime();
        Path run = Workspace.newRunDirectory("system-mariadb-");
        try {
            Path data = run.resolve("data");
            Path tmp = Workspace.directory(run.resolve("tmp"));
            List<String> install = new ArrayList<>(List.of(INSTALLER.toString(), "--no-defaults",
                    "--datadir=" + data, "--auth-root-authentication-method=normal", "--skip-test-db",
                    "--skip-name-resolve"));
            if (ServerAccount.jvmIsRoot()) {
                install.add("--user=root");
            }
            Processes.Result installed = Processes.run(install, run, Map.of(), 120);
            if (installed.exitCode() != 0) {
                throw new IllegalStateException("mariadb-install-db failed in " + data + ": "
                        + Workspace.tail(installed.output(), 20));
            }
            SystemMariaDb engine = launch(run, data, tmp, List.of(extraOptions));
            LOG.info("System MariaDB {} started on {}:{} in {} ms (data directory {})", engine.version(),
                    ServerProcess.HOST, engine.port(), (System.nanoTime() - started) / 1_000_000, data);
            return engine;
        } catch (RuntimeException e) {
            Workspace.delete(run);
            throw e;
        }
    }

    private static SystemMariaDb launch(Path run, Path data, Path tmp, List<String> extraOptions) {
        Path log = run.resolve("server.log");
        Path socket = run.resolve("mariadb.sock");
        List<String> options = new ArrayList<>(List.of(
                "--no-defaults", // must come first
                "--datadir=" + data,
                "--tmpdir=" + tmp,
                "--bind-address=" + ServerProcess.HOST,
                "--skip-name-resolve",
                "--character-set-server=utf8mb4",
                "--max-allowed-packet=64M",
                "--log-bin=mariadb-bin",
                "--innodb-flush-log-at-trx-commit=2",
                "--innodb-buffer-pool-size=64M",
                "--pid-file=" + run.resolve("mariadb.pid")));
        options.add("--socket=" + (socket.toString().length() <= ServerProcess.MAX_SOCKET_PATH ? socket
                : Workspace.root().resolve("system-mariadb-" + run.getFileName() + ".sock")));
        if (ServerAccount.jvmIsRoot()) {
            options.add("--user=root"); // mariadbd refuses to run as root without it
        }
        options.addAll(extraOptions);
        return ServerProcess.start("System MariaDB", run, log, 30, new ServerProcess.Launch<>() {
            @Override
            public ProcessBuilder command(int port) {
                List<String> command = new ArrayList<>();
                command.add(SERVER.toString());
                command.addAll(options);
                command.add("--port=" + port);
                return new ProcessBuilder(command).directory(run.toFile());
            }

            @Override
            public DataSource probe(int port) {
                return access(port).dataSource();
            }

            @Override
            public SystemMariaDb started(Process process, int port) {
                SystemMariaDb engine = new SystemMariaDb(process, run, access(port));
                Workspace.onShutdown("maintkit-system-mariadb-stop-" + port, engine::stop);
                return engine;
            }

            @Override
            public String context() {
                return "data directory " + data;
            }
        });
    }

    private static SqlAccess access(int port) {
        return new SqlAccess(SqlAccess.Dialect.MYSQL, ServerProcess.HOST, port, "root", "", Map.of(), "");
    }

    /** Stops the server (SIGTERM, a clean shutdown) and deletes its data; harmless when already stopped. */
    public synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        Processes.destroy(process, 30);
        Workspace.delete(runDirectory);
    }

    @Override
    String state() {
        return stopped ? " stopped" : "";
    }
}

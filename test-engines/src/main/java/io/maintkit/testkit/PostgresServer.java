package io.maintkit.testkit;

import static io.maintkit.testkit.ServerProcess.HOST;
import static io.maintkit.testkit.ServerProcess.MAX_SOCKET_PATH;
import static io.maintkit.testkit.ServerProcess.START_TIMEOUT_SECONDS;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An embedded PostgreSQL server run from the binaries on the classpath, in a throw-away data
 * directory, listening on 127.0.0.1.
 *
 * <p>Obtain one from {@link PostgresEngine#start(PostgresSettings)} and close it when done; closing
 * stops the server ({@code pg_ctl stop -m fast}) and deletes its data directory. The shared server
 * of {@link TestEngines#postgres()} is one of these too, stopped by a JVM shutdown hook; closing it
 * is refused.
 *
 * <p>When the JVM runs as root, the server runs as the unprivileged account {@code nobody}, since
 * PostgreSQL refuses to run as root.
 */
public final class PostgresServer extends AbstractSqlEngine implements PostgresEngine, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PostgresServer.class);
    private static final String SUPERUSER = "postgres";

    private final PostgresBinaries binaries;
    private final Path runDirectory;
    private final Path dataDirectory;
    private final Path logFile;
    private final boolean shared;
    private final Process process;
    private Thread shutdownHook;
    private boolean stopped;

    private PostgresServer(PostgresBinaries binaries, Path runDirectory, Path dataDirectory, Path logFile, boolean shared,
                           Process process, int port) {
        super(access(port), Optional.of(binaries.bin()));
        this.binaries = binaries;
        this.runDirectory = runDirectory;
        this.dataDirectory = dataDirectory;
        this.logFile = logFile;
        this.shared = shared;
        this.process = process;
    }

    private static SqlAccess access(int port) {
        return new SqlAccess(SqlAccess.Dialect.POSTGRES, HOST, port, SUPERUSER, "", Map.of(), null);
    }

    static PostgresServer launch(PostgresSettings settings, boolean shared) {
        long started = System.nanoTime();
        PostgresBinaries binaries = settings.extensionFiles().isEmpty() ? PostgresBinaries.get()
                : PostgresBinaries.get().withExtensionFiles(settings.extensionFiles());
        ServerAccount account = ServerAccount.current();
        Path run = Workspace.newRunDirectory("pg-");
        try {
            Path data = run.resolve("data");
            Files.createDirectory(data);
            account.own(run);
            account.own(data);
            initdb(binaries, account, run, data);
            copyFiles(settings, account, data);
            writeConfiguration(settings, run, data);
            Path log = run.resolve("server.log");
            PostgresServer server = startServer(binaries, account, run, data, log, shared);
            LOG.info("PostgreSQL {} started on {}:{} in {} ms (data directory {}, running as {})", binaries.version(), HOST,
                    server.port(), (System.nanoTime() - started) / 1_000_000, data, account);
            return server;
        } catch (IOException e) {
            Workspace.delete(run);
            throw new UncheckedIOException("Cannot prepare a PostgreSQL data directory in " + run, e);
        } catch (RuntimeException e) {
            Workspace.delete(run);
            throw e;
        }
    }

    private static void initdb(PostgresBinaries binaries, ServerAccount account, Path run, Path data) {
        List<String> command = List.of(binaries.executable("initdb").toString(), "-D", data.toString(), "-A", "trust",
                "-U", SUPERUSER, "-E", "UTF8", "--locale=C", "--no-sync");
        Processes.Result result = Processes.run(account.command(command), run, Map.of("LC_ALL", "C"), START_TIMEOUT_SECONDS);
        if (!result.succeeded()) {
            throw new IllegalStateException("initdb failed (exit " + result.exitCode() + ", running as " + account + "):"
                    + System.lineSeparator() + Workspace.tail(result.output(), 30));
        }
    }

    private static void copyFiles(PostgresSettings settings, ServerAccount account, Path data) throws IOException {
        for (Map.Entry<String, Path> file : settings.files().entrySet()) {
            copyInto(file.getValue(), data.resolve(file.getKey()), account);
        }
    }

    private static void copyInto(Path source, Path target, ServerAccount account) throws IOException {
        if (!Files.isRegularFile(source)) {
            throw new IllegalArgumentException("Not a readable file: " + source);
        }
        Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-------"));
        account.own(target);
    }

    private static void writeConfiguration(PostgresSettings settings, Path run, Path data) throws IOException {
        Map<String, String> values = new LinkedHashMap<>(settings.settings());
        for (String name : PostgresSettings.FILE_SETTINGS) {
            String value = values.get(name);
            if (value != null && !value.isBlank() && Path.of(value).isAbsolute() && Files.isRegularFile(Path.of(value))) {
                Path copy = data.resolve(name);
                copyInto(Path.of(value), copy, ServerAccount.current());
                values.put(name, copy.toString());
            }
        }
        values.put("listen_addresses", HOST);
        if (!values.containsKey("unix_socket_directories")) {
            // a socket path longer than the kernel allows would stop the server; TCP is enough then
            boolean fits = run.toString().length() + "/.s.PGSQL.65535".length() <= MAX_SOCKET_PATH;
            values.put("unix_socket_directories", fits ? run.toString() : "");
        }
        StringBuilder conf = new StringBuilder(System.lineSeparator()).append("# maintkit test server").append(System.lineSeparator());
        for (Map.Entry<String, String> setting : values.entrySet()) {
            conf.append(setting.getKey()).append(" = '").append(setting.getValue().replace("'", "''")).append('\'')
                    .append(System.lineSeparator());
        }
        Files.writeString(data.resolve("postgresql.conf"), conf, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }

    private static PostgresServer startServer(PostgresBinaries binaries, ServerAccount account, Path run, Path data, Path log,
                                              boolean shared) {
        return ServerProcess.start("PostgreSQL " + binaries.version(), run, log, 10, new ServerProcess.Launch<>() {
            @Override
            public ProcessBuilder command(int port) {
                ProcessBuilder builder = new ProcessBuilder(account.command(List.of(binaries.executable("postgres").toString(),
                        "-D", data.toString(), "-p", Integer.toString(port)))).directory(run.toFile());
                Processes.scrubEnvironment(builder.environment());
                builder.environment().put("LC_ALL", "C");
                return builder;
            }

            @Override
            public DataSource probe(int port) {
                return access(port).dataSource();
            }

            @Override
            public PostgresServer started(Process process, int port) {
                PostgresServer server = new PostgresServer(binaries, run, data, log, shared, process, port);
                server.shutdownHook = Workspace.onShutdown("maintkit-postgres-stop-" + port, server::stop);
                return server;
            }

            @Override
            public String context() {
                return "data directory " + data + ", running as " + account;
            }
        });
    }

    /** Stops the server and deletes its run directory; idempotent. */
    synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        PostgresServer.stop(binaries, dataDirectory, runDirectory, process);
    }

    /** Stops a server with {@code pg_ctl stop -m fast}, by signal if that fails, and deletes its run directory. */
    static void stop(PostgresBinaries binaries, Path dataDirectory, Path runDirectory, Process process) {
        if (process.isAlive()) {
            ServerAccount account = ServerAccount.current();
            List<String> command = account.command(List.of(binaries.executable("pg_ctl").toString(), "stop", "-D",
                    dataDirectory.toString(), "-m", "fast", "-w", "-t", "30"));
            try {
                Processes.run(command, runDirectory, Map.of(), 40);
            } catch (RuntimeException e) {
                LOG.debug("pg_ctl stop failed; stopping the server by signal", e);
            }
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    Processes.destroy(process, 10);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                Processes.destroy(process, 10);
            }
        }
        Workspace.delete(runDirectory);
    }

    /**
     * Stops the server and deletes its data directory.
     *
     * @throws IllegalStateException for the shared server of {@link TestEngines#postgres()}, which
     *     other tests use and a JVM shutdown hook stops
     */
    @Override
    public void close() {
        if (shared) {
            throw new IllegalStateException("The shared PostgreSQL server is stopped at JVM exit; start a dedicated one "
                    + "with PostgresEngine.start(...) to stop it yourself");
        }
        Workspace.removeShutdownHook(shutdownHook);
        stop();
    }

    /**
     * Whether the server process is running.
     *
     * @return true until the server is closed or has died
     */
    public boolean isRunning() {
        return process.isAlive();
    }

    /**
     * The server's data directory (deleted when the server stops).
     *
     * @return the data directory
     */
    public Path dataDirectory() {
        return dataDirectory;
    }

    /**
     * The file the server writes its log to (deleted when the server stops).
     *
     * @return the log file
     */
    public Path logFile() {
        return logFile;
    }

    @Override
    String state() {
        return stopped ? " stopped" : "";
    }
}

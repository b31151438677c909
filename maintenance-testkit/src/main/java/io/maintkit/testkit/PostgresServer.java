package io.maintkit.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
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
public final class PostgresServer implements PostgresEngine, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PostgresServer.class);
    private static final String SUPERUSER = "postgres";
    private static final String HOST = "127.0.0.1";
    private static final long START_TIMEOUT_SECONDS = 120;
    private static final int PORT_ATTEMPTS = 3;
    private static final int MAX_SOCKET_PATH = 100;

    private final PostgresBinaries binaries;
    private final Path runDirectory;
    private final Path dataDirectory;
    private final Path logFile;
    private final boolean shared;
    private final Process process;
    private final PostgresAccess access;
    private final int majorVersion;
    private Thread shutdownHook;
    private boolean stopped;

    private PostgresServer(PostgresBinaries binaries, Path runDirectory, Path dataDirectory, Path logFile, boolean shared,
                           Process process, int port) {
        this.binaries = binaries;
        this.runDirectory = runDirectory;
        this.dataDirectory = dataDirectory;
        this.logFile = logFile;
        this.shared = shared;
        this.process = process;
        this.access = new PostgresAccess(HOST, port, SUPERUSER, "", Map.of());
        this.majorVersion = access.majorVersion();
    }

    static PostgresServer launch(PostgresSettings settings, boolean shared) {
        long started = System.nanoTime();
        PostgresBinaries binaries = PostgresBinaries.get();
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
        IllegalStateException lastFailure = null;
        for (int attempt = 1; attempt <= PORT_ATTEMPTS; attempt++) {
            int port = Workspace.freePort();
            List<String> command = account.command(List.of(binaries.executable("postgres").toString(), "-D", data.toString(),
                    "-p", Integer.toString(port)));
            ProcessBuilder builder = new ProcessBuilder(command).directory(run.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            Processes.scrubEnvironment(builder.environment());
            builder.environment().put("LC_ALL", "C");
            Process process;
            try {
                process = builder.start();
            } catch (IOException e) {
                throw new IllegalStateException("Cannot start " + command.get(0) + ": " + e.getMessage(), e);
            }
            Workspace.recordServer(run, process.pid());
            Optional<String> failure = awaitConnections(process, port, log);
            if (failure.isEmpty()) {
                PostgresServer server;
                try {
                    server = new PostgresServer(binaries, run, data, log, shared, process, port);
                } catch (RuntimeException e) {
                    destroy(process);
                    throw e;
                }
                server.shutdownHook = Workspace.onShutdown("maintkit-postgres-stop-" + port, server::stop);
                return server;
            }
            destroy(process);
            String tail = Workspace.tail(log, 40);
            lastFailure = new IllegalStateException("PostgreSQL " + binaries.version() + " did not start (" + failure.get()
                    + ", data directory " + data + ", running as " + account + "). Server log:" + System.lineSeparator() + tail);
            String lower = tail.toLowerCase(Locale.ROOT);
            if (!(lower.contains("could not bind") || lower.contains("address already in use"))) {
                break;
            }
            LOG.info("Port {} was taken before PostgreSQL could bind it; trying another", port);
        }
        throw lastFailure;
    }

    /** Waits until the server accepts a connection; returns why not when it does not. */
    private static Optional<String> awaitConnections(Process process, int port, Path log) {
        DataSource dataSource = new PostgresAccess(HOST, port, SUPERUSER, "", Map.of()).dataSource();
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

    private static void destroy(Process process) {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the server and deletes its run directory; idempotent. */
    synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
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
                    destroy(process);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                destroy(process);
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
    public int majorVersion() {
        return majorVersion;
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
        return Optional.of(binaries.bin());
    }

    @Override
    public String toString() {
        return "PostgresServer[" + binaries.version() + " " + access + (stopped ? " stopped" : "") + "]";
    }
}

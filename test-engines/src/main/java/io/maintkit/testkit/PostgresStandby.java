package io.maintkit.testkit;

import static io.maintkit.testkit.ServerProcess.HOST;
import static io.maintkit.testkit.ServerProcess.MAX_SOCKET_PATH;
import static io.maintkit.testkit.ServerProcess.START_TIMEOUT_SECONDS;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A streaming standby of an embedded PostgreSQL server: a copy made by {@code pg_basebackup -R} (which writes
 * {@code standby.signal} and {@code primary_conninfo}) through a physical replication slot it creates on the primary,
 * started as a second server on 127.0.0.1 from the same binaries. Hot standby: it answers read-only queries.
 *
 * <pre>{@code
 * try (PostgresServer primary = PostgresEngine.start(PostgresSettings.defaults());
 *      PostgresStandby standby = PostgresStandby.start(primary, "standby_1")) {
 *     ...
 * }
 * }</pre>
 *
 * <p>The embedded binaries have no {@code pg_basebackup}; the client of the primary's major version comes from
 * the Debian package {@code postgresql-client-<major>} ({@code /usr/lib/postgresql/<major>/bin}). See
 * {@link #baseBackupClient(int)}. Closing the standby stops it and deletes its data directory; the slot stays on the
 * primary, inactive, until the primary drops it.
 */
public final class PostgresStandby extends AbstractSqlEngine implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PostgresStandby.class);
    private static final String SUPERUSER = "postgres";

    private final PostgresBinaries binaries;
    private final Path runDirectory;
    private final Path dataDirectory;
    private final Process process;
    private Thread shutdownHook;
    private boolean stopped;

    private PostgresStandby(PostgresBinaries binaries, Path runDirectory, Path dataDirectory, Process process,
                            int port) {
        super(access(port), Optional.of(binaries.bin()));
        this.binaries = binaries;
        this.runDirectory = runDirectory;
        this.dataDirectory = dataDirectory;
        this.process = process;
    }

    private static SqlAccess access(int port) {
        return new SqlAccess(SqlAccess.Dialect.POSTGRES, HOST, port, SUPERUSER, "", Map.of(), null);
    }

    /**
     * The {@code pg_basebackup} client of that major version, if installed.
     *
     * @param major the primary's major version
     * @return the client, or empty when the Debian package {@code postgresql-client-<major>} is not installed
     */
    public static Optional<Path> baseBackupClient(int major) {
        Path client = Path.of("/usr/lib/postgresql/" + major + "/bin/pg_basebackup");
        return Files.isExecutable(client) ? Optional.of(client) : Optional.empty();
    }

    /**
     * Copies {@code primary} with {@code pg_basebackup -R -X stream -C -S slot} and starts the copy as its standby.
     *
     * @param primary the embedded primary (its {@code pg_hba.conf} must let {@code postgres} replicate from
     *                127.0.0.1, as the test kit's default one does)
     * @param slot    the physical replication slot to create on the primary and stream through
     * @return the running standby, connected and streaming
     * @throws IllegalStateException when no client of the primary's major is installed, the copy fails or the
     *                               standby does not start; the message carries the output or the log's tail
     */
    public static PostgresStandby start(PostgresServer primary, String slot) {
        int major = primary.majorVersion();
        Path client = baseBackupClient(major).orElseThrow(() -> new IllegalStateException("no pg_basebackup of"
                + " PostgreSQL " + major + " (Debian package postgresql-client-" + major + ")"));
        long started = System.nanoTime();
        PostgresBinaries binaries = PostgresBinaries.get();
        ServerAccount account = ServerAccount.current();
        Path run = Workspace.newRunDirectory("pg-standby-");
        try {
            account.own(run);
            Path data = run.resolve("data");
            List<String> copy = List.of(client.toString(), "-h", HOST, "-p", Integer.toString(primary.port()),
                    "-U", SUPERUSER, "-D", data.toString(), "-R", "-X", "stream", "-C", "-S", slot, "-c", "fast",
                    "--no-sync");
            Processes.Result result = Processes.run(account.command(copy), run, Map.of("LC_ALL", "C"),
                    START_TIMEOUT_SECONDS);
            if (!result.succeeded()) {
                throw new IllegalStateException("pg_basebackup failed (exit " + result.exitCode() + "):"
                        + System.lineSeparator() + Workspace.tail(result.output(), 30));
            }
            // the copy carries the primary's configuration: give the standby its own socket directory
            boolean fits = run.toString().length() + "/.s.PGSQL.65535".length() <= MAX_SOCKET_PATH;
            Files.writeString(data.resolve("postgresql.conf"), System.lineSeparator() + "# maintkit standby"
                    + System.lineSeparator() + "unix_socket_directories = '" + (fits ? run.toString() : "") + "'"
                    + System.lineSeparator(), StandardCharsets.UTF_8, StandardOpenOption.APPEND);
            Path log = run.resolve("server.log");
            PostgresStandby standby = startServer(binaries, account, run, data, log);
            LOG.info("PostgreSQL {} standby of port {} started on {}:{} in {} ms (slot {})", binaries.version(),
                    primary.port(), HOST, standby.port(), (System.nanoTime() - started) / 1_000_000, slot);
            return standby;
        } catch (IOException e) {
            Workspace.delete(run);
            throw new UncheckedIOException("Cannot prepare a standby in " + run, e);
        } catch (RuntimeException e) {
            Workspace.delete(run);
            throw e;
        }
    }

    private static PostgresStandby startServer(PostgresBinaries binaries, ServerAccount account, Path run, Path data,
                                               Path log) {
        return ServerProcess.start("PostgreSQL " + binaries.version() + " standby", run, log, 10,
                new ServerProcess.Launch<>() {
                    @Override
                    public ProcessBuilder command(int port) {
                        ProcessBuilder builder = new ProcessBuilder(account.command(List.of(
                                binaries.executable("postgres").toString(), "-D", data.toString(),
                                "-p", Integer.toString(port)))).directory(run.toFile());
                        Processes.scrubEnvironment(builder.environment());
                        builder.environment().put("LC_ALL", "C");
                        return builder;
                    }

                    @Override
                    public DataSource probe(int port) {
                        return access(port).dataSource();
                    }

                    @Override
                    public PostgresStandby started(Process process, int port) {
                        PostgresStandby standby = new PostgresStandby(binaries, run, data, process, port);
                        standby.shutdownHook = Workspace.onShutdown("maintkit-postgres-standby-stop-" + port,
                                standby::stop);
                        return standby;
                    }

                    @Override
                    public String context() {
                        return "data directory " + data + ", running as " + account;
                    }
                });
    }

    /** Stops the standby and deletes its run directory; idempotent. */
    synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        PostgresServer.stop(binaries, dataDirectory, runDirectory, process);
    }

    /** Stops the standby and deletes its data directory. */
    @Override
    public void close() {
        Workspace.removeShutdownHook(shutdownHook);
        stop();
    }

    @Override
    String state() {
        return stopped ? " stopped" : " standby";
    }
}

package io.maintkit.postgres;

import io.maintkit.core.internal.Executables;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How to run the {@code pg_repack} client program, for {@link VacuumPlanner#repack(PgRepack)}. A
 * {@link javax.sql.DataSource} carries no connection details, so the host names the server, the user and the
 * credentials here.
 *
 * <pre>{@code
 * PgRepack repack = PgRepack.client()                       // pg_repack found on PATH
 *         .connection("db-1.internal", 5432, "maintenance")
 *         .passwordFile(Path.of("/run/secrets/pgpass"));
 * }</pre>
 *
 * <p>The password reaches the client only through {@code PGPASSWORD} or {@code PGPASSFILE} in its environment,
 * never its command line; it appears in no {@code toString()}, command, log line or exception. The user must be a
 * superuser: the client is run without {@code --no-superuser-check}, since a non-superuser cannot read the
 * catalogs and create the triggers a repack needs unless given rights this library cannot verify.
 *
 * <p>Immutable: each configuration method returns a new instance.
 */
public final class PgRepack {

    /** The default time the client waits for its brief exclusive locks before giving up: 60 s. */
    public static final Duration DEFAULT_WAIT_TIMEOUT = Duration.ofSeconds(60);

    private final Path executable;
    private final String host;
    private final int port;
    private final String user;
    private final Path passwordFile;
    private final char[] password;
    private final Duration waitTimeout;

    private PgRepack(Path executable, String host, int port, String user, Path passwordFile, char[] password,
                     Duration waitTimeout) {
        this.executable = executable;
        this.host = host;
        this.port = port;
        this.user = user;
        this.passwordFile = passwordFile;
        this.password = password;
        this.waitTimeout = waitTimeout;
    }

    /** The client {@code pg_repack} as found on {@code PATH} when a plan is made. */
    public static PgRepack client() {
        return new PgRepack(null, null, 0, null, null, null, DEFAULT_WAIT_TIMEOUT);
    }

    /** The client at {@code executable}. */
    public static PgRepack client(Path executable) {
        return new PgRepack(Objects.requireNonNull(executable, "executable"), null, 0, null, null, null,
                DEFAULT_WAIT_TIMEOUT);
    }

    /** The server and user the client connects as (without it the client's libpq defaults apply). */
    public PgRepack connection(String host, int port, String user) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("not a port: " + port);
        }
        return new PgRepack(executable, Objects.requireNonNull(host, "host"), port, Objects.requireNonNull(user, "user"),
                passwordFile, password, waitTimeout);
    }

    /** A libpq password file, given to the client as {@code PGPASSFILE}; replaces a {@link #password(char[])}. */
    public PgRepack passwordFile(Path file) {
        return new PgRepack(executable, host, port, user, Objects.requireNonNull(file, "file").toAbsolutePath(), null,
                waitTimeout);
    }

    /** The password, copied, given to the client as {@code PGPASSWORD}; replaces a {@link #passwordFile(Path)}. */
    public PgRepack password(char[] secret) {
        return new PgRepack(executable, host, port, user, null, Objects.requireNonNull(secret, "secret").clone(),
                waitTimeout);
    }

    /**
     * How long the client waits for each of its brief exclusive locks ({@code --wait-timeout}, default 60 s), never
     * longer than the time left in the window. It asks for the lock in steps of at most 1 s, so it never sits in the
     * lock queue ahead of the application's queries for long, and it never kills other sessions
     * ({@code --no-kill-backend}): when the time is up it gives up instead.
     */
    public PgRepack waitTimeout(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.getSeconds() < 1) {
            throw new IllegalArgumentException("waitTimeout must be at least 1 s, was " + timeout);
        }
        return new PgRepack(executable, host, port, user, passwordFile, password, timeout);
    }

    /** The configured wait for locks. */
    public Duration waitTimeout() {
        return waitTimeout;
    }

    /** The client program: the configured path, or {@code pg_repack} on {@code PATH}; empty when not found. */
    public Optional<Path> resolveExecutable() {
        if (executable != null) {
            return Files.isExecutable(executable) ? Optional.of(executable) : Optional.empty();
        }
        return Executables.onPath("pg_repack");
    }

    /** The name shown when the client is missing. */
    String executableName() {
        return executable == null ? "pg_repack on PATH" : executable.toString();
    }

    String host() {
        return host;
    }

    int port() {
        return port;
    }

    String user() {
        return user;
    }

    Path passwordFile() {
        return passwordFile;
    }

    /** The password, or null; callers must not keep or print it. */
    char[] secret() {
        return password;
    }

    /** {@code PgRepack[pg_repack on PATH, db-1:5432 as maintenance, password file]}; never the password. */
    @Override
    public String toString() {
        return "PgRepack[" + executableName() + (host == null ? "" : ", " + host + ":" + port + " as " + user)
                + (passwordFile != null ? ", password file" : password != null ? ", password" : "") + "]";
    }
}

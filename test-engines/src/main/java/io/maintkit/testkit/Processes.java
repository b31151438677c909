package io.maintkit.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

/** Runs short-lived commands and captures what they print. */
final class Processes {

    private Processes() {
    }

    /** The outcome of a finished command. */
    record Result(int exitCode, String output) {
        boolean succeeded() {
            return exitCode == 0;
        }
    }

    /**
     * Runs a command to completion, stdout and stderr merged.
     *
     * @throws IllegalStateException when it cannot be started or outlives the timeout
     */
    static Result run(List<String> command, Path workingDirectory, Map<String, String> environment, long timeoutSeconds) {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        if (workingDirectory != null) {
            builder.directory(workingDirectory.toFile());
        }
        scrubEnvironment(builder.environment());
        builder.environment().putAll(environment);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot run " + command.get(0) + ": " + e.getMessage(), e);
        }
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        Thread pump = new Thread(() -> copy(process.getInputStream(), output), "maintkit-output-" + process.pid());
        pump.setDaemon(true);
        pump.start();
        try {
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish within " + timeoutSeconds + " s");
            }
            pump.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for " + command.get(0), e);
        }
        String text;
        synchronized (output) {
            text = output.toString(StandardCharsets.UTF_8);
        }
        return new Result(process.exitValue(), text);
    }

    /**
     * Waits until a server process accepts a connection through {@code dataSource}.
     *
     * @return why it does not (it exited, the time ran out, the wait was interrupted); empty when it does
     */
    static Optional<String> awaitConnections(Process process, DataSource dataSource, long timeoutSeconds) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
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
        return Optional.of("no connection accepted within " + timeoutSeconds + " s");
    }

    /** Asks a process to stop (SIGTERM), and kills it when it has not within {@code graceSeconds}. */
    static void destroy(Process process, long graceSeconds) {
        process.destroy();
        try {
            if (!process.waitFor(graceSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    /** Removes libpq variables that would point a server or its tools somewhere else. */
    static void scrubEnvironment(Map<String, String> environment) {
        environment.keySet().removeIf(name -> name.startsWith("PG"));
    }

    private static void copy(InputStream in, ByteArrayOutputStream out) {
        byte[] buffer = new byte[8192];
        try (in) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                synchronized (out) {
                    out.write(buffer, 0, n);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package io.maintkit.testkit;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts a database server process on a free loopback port and waits until it accepts connections;
 * tries another port when the chosen one was taken before the server could bind it.
 */
final class ServerProcess {

    /** The address every embedded server listens on. */
    static final String HOST = "127.0.0.1";
    /** The longest Unix socket path the kernel takes, with room to spare. */
    static final int MAX_SOCKET_PATH = 100;
    /** How long a server may take to accept its first connection. */
    static final long START_TIMEOUT_SECONDS = 120;

    private static final Logger LOG = LoggerFactory.getLogger(ServerProcess.class);
    private static final int PORT_ATTEMPTS = 3;

    private ServerProcess() {
    }

    /** What one kind of server needs to be started on a port. */
    interface Launch<T> {

        /** The server's command for this port; its output goes to the log file. */
        ProcessBuilder command(int port);

        /** A data source that connects once the server is up. */
        DataSource probe(int port);

        /** The engine for the started server. */
        T started(Process process, int port);

        /** Where to look when it failed, e.g. {@code "data directory /tmp/x"}. */
        String context();

        /** A hint for a failure, from the log's tail; empty for none. */
        default String hint(String logTail) {
            return "";
        }
    }

    /**
     * Starts the server, its output appended to {@code log}.
     *
     * @param name the server's name for messages, e.g. {@code "PostgreSQL 18.1"}
     * @param graceSeconds how long the server may take to stop after SIGTERM when it is given up on
     * @throws IllegalStateException when it does not start; the message carries the log's tail
     */
    static <T> T start(String name, Path run, Path log, long graceSeconds, Launch<T> launch) {
        IllegalStateException lastFailure = null;
        for (int attempt = 1; attempt <= PORT_ATTEMPTS; attempt++) {
            int port = Workspace.freePort();
            ProcessBuilder builder = launch.command(port).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            Process process;
            try {
                process = builder.start();
            } catch (IOException e) {
                throw new IllegalStateException("Cannot start " + builder.command().get(0) + ": " + e.getMessage(), e);
            }
            Workspace.recordServer(run, process.pid());
            Optional<String> failure = Processes.awaitConnections(process, launch.probe(port), START_TIMEOUT_SECONDS);
            if (failure.isEmpty()) {
                try {
                    return launch.started(process, port);
                } catch (RuntimeException e) {
                    Processes.destroy(process, graceSeconds);
                    throw e;
                }
            }
            Processes.destroy(process, graceSeconds);
            String tail = Workspace.tail(log, 40);
            lastFailure = new IllegalStateException(name + " did not start (" + failure.get() + ", " + launch.context() + ")"
                    + launch.hint(tail) + ". Server log:" + System.lineSeparator() + tail);
            String lower = tail.toLowerCase(Locale.ROOT);
            if (!(lower.contains("could not bind") || lower.contains("address already in use"))) {
                break;
            }
            LOG.info("Port {} was taken before {} could bind it; trying another", port, name);
        }
        throw lastFailure;
    }
}

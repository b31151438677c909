package io.maintkit.core.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs an external tool (pg_restore, mariadb) with credentials in its environment only, feeding its standard input
 * from a stream and collecting its output into a temporary file, so nothing blocks and memory stays bounded.
 */
public final class ToolRun {

    private static final int TAIL = 2000;

    /**
     * What the tool did.
     *
     * @param exitCode its exit code; -1 when it was stopped at the timeout
     * @param output   the end of what it printed (standard output and error)
     */
    public record Result(int exitCode, String output) {
        /** Whether it exited with 0. */
        public boolean succeeded() {
            return exitCode == 0;
        }
    }

    private ToolRun() {
    }

    /** Runs {@code command} with {@code environment} added, feeding {@code stdin} (may be null), within {@code timeout}. */
    public static Result run(List<String> command, Map<String, String> environment, InputStream stdin,
                             Duration timeout) throws IOException, InterruptedException {
        Path output = Files.createTempFile("maintkit-tool-", ".log");
        try {
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(output.toFile());
            pb.environment().putAll(environment);
            if (stdin == null) {
                pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            }
            Process process = pb.start();
            try {
                if (stdin != null) {
                    try (OutputStream to = process.getOutputStream()) {
                        stdin.transferTo(to);
                    } catch (IOException e) {
                        // The tool stopped reading (it failed early); its exit code and output say why.
                    }
                }
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                    return new Result(-1, "timed out after " + timeout + "; " + tail(output));
                }
                return new Result(process.exitValue(), tail(output));
            } finally {
                if (process.isAlive()) {
                    process.destroyForcibly();
                }
            }
        } finally {
            Files.deleteIfExists(output);
        }
    }

    private static String tail(Path output) throws IOException {
        long size = Files.size(output);
        byte[] bytes;
        try (var ch = java.nio.channels.FileChannel.open(output)) {
            long from = Math.max(0, size - TAIL);
            java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate((int) (size - from));
            ch.read(buf, from);
            bytes = buf.array();
        }
        return new String(bytes, StandardCharsets.UTF_8).strip();
    }
}

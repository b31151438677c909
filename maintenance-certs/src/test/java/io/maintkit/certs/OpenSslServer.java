package io.maintkit.certs;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code openssl s_server} on a free loopback port, serving until closed. */
final class OpenSslServer implements AutoCloseable {

    private static final Pattern ACCEPT = Pattern.compile("ACCEPT 127\\.0\\.0\\.1:(\\d+)");

    private final Process process;
    private final int port;

    private OpenSslServer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts {@code openssl s_server -accept 127.0.0.1:0 options...} in the tool's directory. */
    static OpenSslServer start(OpenSsl tool, String... options) throws IOException {
        List<String> command = new ArrayList<>(List.of("openssl", "s_server", "-accept", "127.0.0.1:0"));
        command.addAll(List.of(options));
        Process p = new ProcessBuilder(command).directory(tool.dir().toFile()).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            seen.append(line).append('\n');
            Matcher m = ACCEPT.matcher(line);
            if (m.find()) {
                Thread drain = new Thread(() -> drain(out), "openssl-s_server-output");
                drain.setDaemon(true);
                drain.start();
                return new OpenSslServer(p, Integer.parseInt(m.group(1)));
            }
        }
        p.destroyForcibly();
        throw new IllegalStateException("openssl s_server did not start: " + seen);
    }

    private static void drain(BufferedReader out) {
        try {
            while (out.readLine() != null) {
                // s_server reports each connection; nothing to keep
            }
        } catch (IOException e) {
            // the server was stopped
        }
    }

    /** The port it listens on, on 127.0.0.1. */
    int port() {
        return port;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}

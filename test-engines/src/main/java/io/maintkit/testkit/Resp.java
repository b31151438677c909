package io.maintkit.testkit;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLSocketFactory;

/** A minimal Redis (RESP2) exchange over a plain or TLS socket, enough to ask a server for INFO. */
final class Resp {

    private Resp() {
    }

    /**
     * Sends commands in order on one connection and returns the reply to the last one.
     *
     * @throws IOException on connection failure or an error reply
     */
    static String exchange(String host, int port, boolean tls, String[]... commands) throws IOException {
        try (Socket socket = tls ? SSLSocketFactory.getDefault().createSocket() : new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 5_000);
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = new BufferedInputStream(socket.getInputStream());
            String reply = null;
            for (String[] command : commands) {
                out.write(encode(command));
                out.flush();
                reply = read(in);
            }
            return reply;
        }
    }

    static byte[] encode(String... arguments) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        write(out, "*" + arguments.length + "\r\n");
        for (String argument : arguments) {
            byte[] bytes = argument.getBytes(StandardCharsets.UTF_8);
            write(out, "$" + bytes.length + "\r\n");
            out.writeBytes(bytes);
            write(out, "\r\n");
        }
        return out.toByteArray();
    }

    private static void write(ByteArrayOutputStream out, String text) {
        out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String read(InputStream in) throws IOException {
        String line = line(in);
        if (line.isEmpty()) {
            throw new IOException("Empty reply");
        }
        switch (line.charAt(0)) {
            case '+':
            case ':':
                return line.substring(1);
            case '-':
                throw new IOException("Redis replied with an error: " + line.substring(1));
            case '$':
                int length = Integer.parseInt(line.substring(1));
                if (length < 0) {
                    return null;
                }
                byte[] bytes = in.readNBytes(length + 2);
                if (bytes.length < length + 2) {
                    throw new IOException("Connection closed in the middle of a reply");
                }
                return new String(bytes, 0, length, StandardCharsets.UTF_8);
            default:
                throw new IOException("Unexpected reply type: " + line.charAt(0));
        }
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int previous = -1;
        int current;
        while ((current = in.read()) >= 0) {
            if (previous == '\r' && current == '\n') {
                byte[] bytes = line.toByteArray();
                return new String(bytes, 0, bytes.length - 1, StandardCharsets.UTF_8);
            }
            line.write(current);
            previous = current;
        }
        throw new IOException("Connection closed before a full reply");
    }

    /** The value of one field in an INFO reply, or null. */
    static String infoField(String info, String field) {
        for (String line : info.split("\r?\n")) {
            if (line.startsWith(field + ":")) {
                return line.substring(field.length() + 1).trim();
            }
        }
        return null;
    }
}

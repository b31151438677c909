package io.maintkit.certs.internal;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Line-based talk for text protocols. Reads byte by byte so that nothing past the server's last plain-text line is
 * consumed before the TLS handshake takes over the stream.
 */
final class LineDialog {

    private static final int MAX_LINE = 8192;
    private static final int MAX_LINES = 100;

    private final InputStream in;
    private final OutputStream out;

    LineDialog(InputStream in, OutputStream out) {
        this.in = in;
        this.out = out;
    }

    /** Sends one command line, CRLF-terminated. */
    void send(String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** One line without its line end. */
    String readLine() throws IOException {
        StringBuilder line = new StringBuilder(80);
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException(line.length() == 0 ? "the server closed the connection"
                        : "the server closed the connection in mid-line: " + line);
            }
            if (b == '\n') {
                int len = line.length();
                if (len > 0 && line.charAt(len - 1) == '\r') {
                    line.setLength(len - 1);
                }
                return line.toString();
            }
            if (line.length() >= MAX_LINE) {
                throw new IOException("the server sent a line longer than " + MAX_LINE + " bytes");
            }
            line.append((char) b);
        }
    }

    /**
     * A reply of the SMTP/FTP kind: {@code 250-first}, ..., {@code 250 last}. Returns every line; the code is the
     * first three characters of the first.
     */
    java.util.List<String> readCodedReply() throws IOException {
        java.util.List<String> lines = new java.util.ArrayList<>();
        String first = readLine();
        lines.add(first);
        if (first.length() < 3) {
            throw new IOException("unexpected reply: " + first);
        }
        String code = first.substring(0, 3);
        String last = first;
        while (last.length() > 3 && last.charAt(3) == '-') {
            if (lines.size() >= MAX_LINES) {
                throw new IOException("reply longer than " + MAX_LINES + " lines");
            }
            last = readLine();
            lines.add(last);
            if (last.startsWith(code + " ") || last.equals(code)) {
                break;
            }
            if (!last.startsWith(code)) {
                last = code + "-"; // an FTP continuation line without its code
            }
        }
        return lines;
    }

    static String code(java.util.List<String> reply) {
        return reply.get(0).substring(0, 3);
    }

    static String last(java.util.List<String> reply) {
        return reply.get(reply.size() - 1);
    }
}

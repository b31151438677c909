package io.maintkit.mysql.internal;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Passes a SQL dump through to a client, line by line, and stops before any line that would leave the scratch
 * database: {@code USE}, {@code CREATE DATABASE}, {@code DROP DATABASE} (also inside version comments). A line's
 * first bytes are held back until it is known to be harmless, so the client never sees the refused line.
 */
public final class SingleDatabaseGuard extends InputStream {

    private static final int HEAD = 40;
    private static final Pattern REFUSED = Pattern.compile(
            "^\\s*(?:/\\*M?!\\d*\\s*)?(USE\\b|USE`|(?:CREATE|DROP)\\s+(?:DATABASE|SCHEMA)\\b)");

    private final InputStream in;
    private final byte[] head = new byte[HEAD];
    private int headLength;
    private boolean lineStart = true;
    private byte[] pending = new byte[0];
    private int pendingPosition;
    private long line = 1;
    private String refusal;

    /** Guards {@code in}. */
    public SingleDatabaseGuard(InputStream in) {
        this.in = new BufferedInputStream(in, 1 << 16);
    }

    /** Why the dump was cut off, or null when it was passed through whole. */
    public String refusal() {
        return refusal;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        int n = 0;
        while (n < len) {
            if (pendingPosition < pending.length) {
                int step = Math.min(len - n, pending.length - pendingPosition);
                System.arraycopy(pending, pendingPosition, b, off + n, step);
                pendingPosition += step;
                n += step;
                continue;
            }
            if (refusal != null) {
                throw new IOException(refusal);
            }
            if (n > 0 && in.available() == 0) {
                return n;
            }
            int c = in.read();
            if (c < 0) {
                if (lineStart && headLength > 0) {
                    decide();
                    continue;
                }
                return n == 0 ? -1 : n;
            }
            if (lineStart) {
                head[headLength++] = (byte) c;
                if (c == '\n' || headLength == HEAD) {
                    decide();
                }
                continue;
            }
            b[off + n++] = (byte) c;
            if (c == '\n') {
                lineStart = true;
                line++;
            }
        }
        return n;
    }

    private void decide() {
        String text = new String(head, 0, headLength, StandardCharsets.ISO_8859_1);
        Matcher m = REFUSED.matcher(text.toUpperCase(Locale.ROOT));
        if (m.find()) {
            refusal = "line " + line + " of the dump leaves the scratch database (" + text.strip()
                    + (headLength == HEAD ? "..." : "") + "); restore tests take a dump of one database made"
                    + " without --databases or --all-databases";
            pending = new byte[0];
            pendingPosition = 0;
        } else {
            pending = java.util.Arrays.copyOf(head, headLength);
            pendingPosition = 0;
        }
        boolean endedLine = head[headLength - 1] == '\n';
        headLength = 0;
        lineStart = endedLine;
        if (endedLine) {
            line++;
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}

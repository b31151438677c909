package io.maintkit.certs.internal;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * MySQL and MariaDB: read the server's initial handshake packet, check that it offers {@code CLIENT_SSL}, answer with
 * an SSL request packet (sequence 1); the TLS handshake follows.
 */
final class MysqlSslRequest implements TlsNegotiation {

    private static final int CLIENT_LONG_PASSWORD = 0x1;
    private static final int CLIENT_PROTOCOL_41 = 0x200;
    private static final int CLIENT_SSL = 0x800;
    private static final int CLIENT_SECURE_CONNECTION = 0x8000;
    private static final int MAX_PACKET = 16 * 1024 * 1024;
    private static final int UTF8MB4_GENERAL_CI = 45;
    private static final int MAX_GREETING = 64 * 1024;

    @Override
    public void negotiate(InputStream in, OutputStream out) throws IOException {
        byte[] header = readFully(in, 4);
        int length = (header[0] & 0xff) | (header[1] & 0xff) << 8 | (header[2] & 0xff) << 16;
        int sequence = header[3] & 0xff;
        if (length < 1 || length > MAX_GREETING) {
            throw new IOException("not a MySQL server: greeting packet of " + length + " bytes");
        }
        byte[] payload = readFully(in, length);
        int first = payload[0] & 0xff;
        if (first == 0xff) {
            throw new IOException("the MySQL server refused the connection: " + errorMessage(payload));
        }
        if (first != 10) {
            throw new IOException("not a MySQL server: handshake protocol " + first);
        }
        int capabilities = capabilities(payload);
        if ((capabilities & CLIENT_SSL) == 0) {
            throw new TlsNotOffered("the MySQL server does not offer TLS (no CLIENT_SSL capability)");
        }
        byte[] request = new byte[4 + 32];
        request[0] = 32;
        request[3] = (byte) (sequence + 1);
        int flags = CLIENT_SSL | CLIENT_PROTOCOL_41 | CLIENT_SECURE_CONNECTION | CLIENT_LONG_PASSWORD;
        putInt(request, 4, flags & (capabilities | CLIENT_SSL));
        putInt(request, 8, MAX_PACKET);
        request[12] = (byte) UTF8MB4_GENERAL_CI;
        out.write(request);
        out.flush();
    }

    private static int capabilities(byte[] p) throws IOException {
        int i = 1;
        while (i < p.length && p[i] != 0) {
            i++; // server version, NUL-terminated
        }
        i += 1 + 4 + 8 + 1; // NUL, connection id, auth data part 1, filler
        if (i + 2 > p.length) {
            throw new IOException("not a MySQL server: greeting too short");
        }
        int lower = (p[i] & 0xff) | (p[i + 1] & 0xff) << 8;
        i += 2 + 1 + 2; // lower capabilities, character set, status
        int upper = i + 2 <= p.length ? (p[i] & 0xff) | (p[i + 1] & 0xff) << 8 : 0;
        return lower | upper << 16;
    }

    private static String errorMessage(byte[] p) {
        int start = 3;
        if (p.length > start && p[start] == '#') {
            start += 6;
        }
        return start < p.length ? new String(p, start, p.length - start, StandardCharsets.UTF_8) : "error packet";
    }

    private static void putInt(byte[] b, int at, int v) {
        b[at] = (byte) v;
        b[at + 1] = (byte) (v >>> 8);
        b[at + 2] = (byte) (v >>> 16);
        b[at + 3] = (byte) (v >>> 24);
    }

    private static byte[] readFully(InputStream in, int n) throws IOException {
        byte[] b = in.readNBytes(n);
        if (b.length < n) {
            throw new EOFException("the server closed the connection");
        }
        return b;
    }
}

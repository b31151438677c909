package io.maintkit.certs.internal;

import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** PostgreSQL: an SSLRequest message (length 8, code 80877103), answered {@code S} or {@code N}. */
final class PostgresSslRequest implements TlsNegotiation {

    private static final int SSL_REQUEST_CODE = 80877103;

    @Override
    public void negotiate(InputStream in, OutputStream out) throws IOException {
        DataOutputStream data = new DataOutputStream(out);
        data.writeInt(8);
        data.writeInt(SSL_REQUEST_CODE);
        data.flush();
        int answer = in.read();
        switch (answer) {
            case 'S' -> {
                // ready for the handshake
            }
            case 'N' -> throw new TlsNotOffered("the PostgreSQL server does not accept TLS (ssl is off)");
            case 'E' -> throw new TlsNotOffered("the PostgreSQL server answered the SSLRequest with an error");
            case -1 -> throw new EOFException("the server closed the connection");
            default -> throw new IOException("not a PostgreSQL server: it answered the SSLRequest with byte "
                    + answer);
        }
    }
}

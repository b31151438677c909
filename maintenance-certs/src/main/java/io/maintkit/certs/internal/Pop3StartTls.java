package io.maintkit.certs.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** POP3 (RFC 2595): greeting {@code +OK}, {@code STLS}, {@code +OK}. */
final class Pop3StartTls implements TlsNegotiation {

    @Override
    public void negotiate(InputStream in, OutputStream out) throws IOException {
        LineDialog dialog = new LineDialog(in, out);
        String greeting = dialog.readLine();
        if (!greeting.startsWith("+OK")) {
            throw new TlsNotOffered("POP3 greeting refused: " + greeting);
        }
        dialog.send("STLS");
        String reply = dialog.readLine();
        if (!reply.startsWith("+OK")) {
            throw new TlsNotOffered("POP3 STLS refused: " + reply);
        }
    }
}

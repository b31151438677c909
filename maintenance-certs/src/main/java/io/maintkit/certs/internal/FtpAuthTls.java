package io.maintkit.certs.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;

/** FTP (RFC 4217): greeting 220, {@code AUTH TLS}, 234. */
final class FtpAuthTls implements TlsNegotiation {

    @Override
    public void negotiate(InputStream in, OutputStream out) throws IOException {
        LineDialog dialog = new LineDialog(in, out);
        List<String> greeting = dialog.readCodedReply();
        if (!LineDialog.code(greeting).equals("220")) {
            throw new TlsNotOffered("FTP greeting refused: " + LineDialog.last(greeting));
        }
        dialog.send("AUTH TLS");
        List<String> reply = dialog.readCodedReply();
        if (!LineDialog.code(reply).equals("234")) {
            throw new TlsNotOffered("FTP AUTH TLS refused: " + LineDialog.last(reply));
        }
    }
}

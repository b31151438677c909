package io.maintkit.certs.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Locale;

/** IMAP (RFC 3501): greeting {@code * OK}, {@code a1 STARTTLS}, tagged {@code a1 OK}. */
final class ImapStartTls implements TlsNegotiation {

    private static final String TAG = "mk1";
    private static final int MAX_UNTAGGED = 100;

    @Override
    public void negotiate(InputStream in, OutputStream out) throws IOException {
        LineDialog dialog = new LineDialog(in, out);
        String greeting = dialog.readLine();
        if (!greeting.toUpperCase(Locale.ROOT).startsWith("* OK")) {
            throw new TlsNotOffered("IMAP greeting refused: " + greeting);
        }
        dialog.send(TAG + " STARTTLS");
        for (int i = 0; i < MAX_UNTAGGED; i++) {
            String line = dialog.readLine();
            if (line.startsWith(TAG + " ")) {
                if (line.toUpperCase(Locale.ROOT).startsWith(TAG.toUpperCase(Locale.ROOT) + " OK")) {
                    return;
                }
                throw new TlsNotOffered("IMAP STARTTLS refused: " + line);
            }
        }
        throw new IOException("no answer to IMAP STARTTLS after " + MAX_UNTAGGED + " lines");
    }
}

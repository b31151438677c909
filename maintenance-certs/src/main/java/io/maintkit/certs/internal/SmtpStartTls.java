package io.maintkit.certs.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Locale;

/** SMTP (RFC 3207): greeting 220, EHLO, STARTTLS offered, STARTTLS answered 220. */
final class SmtpStartTls implements TlsNegotiation {

    @Override
    public void negotiate(InputStream in, OutputStream out) throws IOException {
        LineDialog dialog = new LineDialog(in, out);
        List<String> greeting = dialog.readCodedReply();
        if (!LineDialog.code(greeting).equals("220")) {
            throw new TlsNotOffered("SMTP greeting refused: " + LineDialog.last(greeting));
        }
        dialog.send("EHLO maintkit.invalid");
        List<String> ehlo = dialog.readCodedReply();
        if (!LineDialog.code(ehlo).equals("250")) {
            throw new TlsNotOffered("SMTP EHLO refused: " + LineDialog.last(ehlo));
        }
        boolean offered = ehlo.stream().skip(1)
                .anyMatch(l -> l.length() > 4 && l.substring(4).strip().toUpperCase(Locale.ROOT).equals("STARTTLS"));
        if (!offered) {
            throw new TlsNotOffered("the SMTP server does not offer STARTTLS");
        }
        dialog.send("STARTTLS");
        List<String> reply = dialog.readCodedReply();
        if (!LineDialog.code(reply).equals("220")) {
            throw new TlsNotOffered("SMTP STARTTLS refused: " + LineDialog.last(reply));
        }
    }
}

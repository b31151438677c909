package io.maintkit.certs.internal;

import io.maintkit.certs.TlsEndpoint;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** The plain-text exchange a protocol needs before the TLS handshake can start. */
interface TlsNegotiation {

    /**
     * Talks to the server until it is ready for a TLS ClientHello.
     *
     * @throws TlsNotOffered when the server declines TLS
     * @throws IOException   on any other failure
     */
    void negotiate(InputStream in, OutputStream out) throws IOException;

    /** The negotiation of a protocol; none for plain TLS. */
    static TlsNegotiation of(TlsEndpoint.Protocol protocol) {
        return switch (protocol) {
            case TLS -> (in, out) -> { };
            case SMTP_STARTTLS -> new SmtpStartTls();
            case IMAP_STARTTLS -> new ImapStartTls();
            case POP3_STARTTLS -> new Pop3StartTls();
            case FTP_AUTH_TLS -> new FtpAuthTls();
            case POSTGRES -> new PostgresSslRequest();
            case MYSQL -> new MysqlSslRequest();
        };
    }
}

package io.maintkit.certs;

import java.util.Locale;
import java.util.Objects;

/**
 * A live endpoint whose certificate chain is fetched in a TLS handshake, after the protocol's own TLS
 * negotiation where it has one (STARTTLS, PostgreSQL's SSLRequest, MySQL's SSL request).
 *
 * <pre>{@code
 * TlsEndpoint.https("api.example.com");
 * TlsEndpoint.smtpStartTls("mail.internal", 587);
 * TlsEndpoint.tls("10.0.0.7", 8443).withServerName("api.internal");
 * }</pre>
 *
 * <p>Immutable; {@link #toString()} is the name findings use, e.g. {@code smtp://mail.internal:587}, or
 * {@code tls://10.0.0.7:8443[api.internal]} with a server name of its own.
 */
public final class TlsEndpoint {

    /** How TLS is started on the connection. */
    public enum Protocol {
        /** TLS from the first byte (HTTPS, LDAPS, SMTPS, any TLS port). */
        TLS,
        /** SMTP {@code EHLO} then {@code STARTTLS}. */
        SMTP_STARTTLS,
        /** IMAP {@code STARTTLS}. */
        IMAP_STARTTLS,
        /** POP3 {@code STLS}. */
        POP3_STARTTLS,
        /** FTP {@code AUTH TLS}. */
        FTP_AUTH_TLS,
        /** PostgreSQL SSLRequest before the handshake. */
        POSTGRES,
        /** MySQL and MariaDB: SSL request in the connection handshake. */
        MYSQL
    }

    /** The HTTPS port. */
    public static final int HTTPS_PORT = 443;
    /** The PostgreSQL port. */
    public static final int POSTGRES_PORT = 5432;
    /** The MySQL and MariaDB port. */
    public static final int MYSQL_PORT = 3306;

    private final String scheme;
    private final String host;
    private final int port;
    private final Protocol protocol;
    private final String serverName;

    private TlsEndpoint(String scheme, String host, int port, Protocol protocol, String serverName) {
        this.scheme = scheme;
        this.host = requireHost(host);
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1..65535, was " + port);
        }
        this.port = port;
        this.protocol = protocol;
        this.serverName = requireHost(serverName);
    }

    private static String requireHost(String host) {
        Objects.requireNonNull(host, "host");
        if (host.isBlank()) {
            throw new IllegalArgumentException("host must not be blank");
        }
        return host.strip();
    }

    /** An endpoint with any protocol; {@code scheme} only names it in findings. */
    public static TlsEndpoint of(String scheme, String host, int port, Protocol protocol) {
        Objects.requireNonNull(scheme, "scheme");
        Objects.requireNonNull(protocol, "protocol");
        return new TlsEndpoint(scheme.toLowerCase(Locale.ROOT), host, port, protocol, host);
    }

    /** HTTPS on port 443. */
    public static TlsEndpoint https(String host) {
        return https(host, HTTPS_PORT);
    }

    /** HTTPS on a given port. */
    public static TlsEndpoint https(String host, int port) {
        return of("https", host, port, Protocol.TLS);
    }

    /** Any port that speaks TLS from the first byte. */
    public static TlsEndpoint tls(String host, int port) {
        return of("tls", host, port, Protocol.TLS);
    }

    /** SMTP with STARTTLS, usually port 587 or 25. */
    public static TlsEndpoint smtpStartTls(String host, int port) {
        return of("smtp", host, port, Protocol.SMTP_STARTTLS);
    }

    /** IMAP with STARTTLS, usually port 143. */
    public static TlsEndpoint imapStartTls(String host, int port) {
        return of("imap", host, port, Protocol.IMAP_STARTTLS);
    }

    /** POP3 with STLS, usually port 110. */
    public static TlsEndpoint pop3StartTls(String host, int port) {
        return of("pop3", host, port, Protocol.POP3_STARTTLS);
    }

    /** FTP with AUTH TLS, usually port 21. */
    public static TlsEndpoint ftpAuthTls(String host, int port) {
        return of("ftp", host, port, Protocol.FTP_AUTH_TLS);
    }

    /** A PostgreSQL server, TLS negotiated with an SSLRequest. */
    public static TlsEndpoint postgres(String host, int port) {
        return of("postgresql", host, port, Protocol.POSTGRES);
    }

    /** A MySQL or MariaDB server, TLS negotiated in the connection handshake. */
    public static TlsEndpoint mysql(String host, int port) {
        return of("mysql", host, port, Protocol.MYSQL);
    }

    /**
     * This endpoint, sending {@code name} as SNI and checking it against the certificate's names instead of the
     * host it connects to: connect to {@code 10.0.0.7}, expect {@code api.internal}.
     */
    public TlsEndpoint withServerName(String name) {
        return new TlsEndpoint(scheme, host, port, protocol, name);
    }

    /** The scheme that names the endpoint in findings ({@code https}, {@code smtp}). */
    public String scheme() {
        return scheme;
    }

    /** The host to connect to. */
    public String host() {
        return host;
    }

    /** The port to connect to. */
    public int port() {
        return port;
    }

    /** How TLS is started. */
    public Protocol protocol() {
        return protocol;
    }

    /** The name sent as SNI and matched against the certificate; the host unless set otherwise. */
    public String serverName() {
        return serverName;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TlsEndpoint e && scheme.equals(e.scheme) && host.equals(e.host) && port == e.port
                && protocol == e.protocol && serverName.equals(e.serverName);
    }

    @Override
    public int hashCode() {
        return Objects.hash(scheme, host, port, protocol, serverName);
    }

    /**
     * The name findings and {@link CertificateReport#source(String)} use: {@code https://api.example.com:443}, and
     * with a server name other than the host {@code tls://10.0.0.7:8443[api.internal]}, so that one address checked
     * under several names gives as many sources.
     */
    @Override
    public String toString() {
        String h = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        String name = serverName.equalsIgnoreCase(host) ? "" : "[" + serverName + "]";
        return scheme + "://" + h + ":" + port + name;
    }
}

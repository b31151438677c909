package io.maintkit.certs;

import io.maintkit.core.Finding;

import java.util.Locale;
import java.util.Optional;

/**
 * What a {@link Finding} of {@link CertExpiryChecker} is about. Every finding's {@link Finding#kind()} is the
 * {@link #code()} of one of these, e.g. {@code expires-soon} or {@code chain-incomplete}.
 */
public enum CertificateProblem {
    /** The certificate's not-after lies in the past. */
    EXPIRED,
    /** The certificate expires within the expiry threshold, or has used up its renewal fraction. */
    EXPIRES_SOON,
    /** The certificate's not-before lies in the future. */
    NOT_YET_VALID,
    /** RSA or DSA key under 2048 bits, EC key under 256 bits. */
    WEAK_KEY,
    /** Signed with MD2, MD5 or SHA-1. */
    WEAK_SIGNATURE,
    /** The validity period is longer than the configured maximum. */
    VALIDITY_TOO_LONG,
    /** The private key beside the certificate does not belong to it. */
    KEY_MISMATCH,
    /** The server did not send an intermediate that the certificate's AIA extension shows is needed. */
    CHAIN_INCOMPLETE,
    /** The chain ends at an issuer (a root, usually a private CA's) that the trust store does not hold. */
    UNTRUSTED,
    /** A link of the chain does not hold: an issuer that is not a CA, or a chain that loops. */
    CHAIN_INVALID,
    /** The server sent its chain in the wrong order or with unrelated certificates. */
    CHAIN_OUT_OF_ORDER,
    /** The server's own certificate is self-signed. */
    SELF_SIGNED_LEAF,
    /** The endpoint's name is not among the certificate's names. */
    HOSTNAME_MISMATCH,
    /** A file, directory or keystore could not be read or held no certificate. */
    SOURCE_UNREADABLE,
    /** A keystore or private key did not open with the password given. */
    WRONG_PASSWORD,
    /**
     * A keystore or private key is protected by a password (possibly an empty one) and none was given, so it could
     * not be read or compared with its certificate.
     */
    PASSWORD_REQUIRED,
    /** A file found in a directory holds a private key and no certificate, and no certificate beside it pairs. */
    PRIVATE_KEY_ONLY,
    /** An endpoint's host could not be resolved or did not accept the connection. */
    ENDPOINT_UNREACHABLE,
    /** An endpoint did not complete connect, negotiation and handshake within its timeouts. */
    ENDPOINT_TIMEOUT,
    /** An endpoint answered but declined TLS (no STARTTLS, a database with TLS off, plain HTTP). */
    TLS_NOT_OFFERED,
    /** The TLS handshake failed before the server presented its chain. */
    HANDSHAKE_FAILED,
    /**
     * The server asked for a client certificate and refused the handshake without one (mutual TLS); the chain it
     * sent before asking is judged all the same.
     */
    CLIENT_CERTIFICATE_REQUIRED,
    /** An endpoint failed in a way none of the other problems describes. */
    ENDPOINT_FAILED;

    /** The kebab-case form every finding carries as its kind, e.g. {@code chain-incomplete}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The problem a finding is about, if it came from {@link CertExpiryChecker}. */
    public static Optional<CertificateProblem> of(Finding finding) {
        if (!finding.checkId().equals(CertExpiryChecker.ID)) {
            return Optional.empty();
        }
        for (CertificateProblem p : values()) {
            if (p.code().equals(finding.kind())) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}

package io.maintkit.certs;

import io.maintkit.core.Finding;

import java.util.Locale;
import java.util.Optional;

/**
 * What a {@link Finding} of {@link CertExpiryChecker} is about. Every finding carries it as the detail
 * {@value #DETAIL_KEY}, in the kebab-case form of {@link #code()}.
 */
public enum CertificateProblem {
    /** The certificate's not-after lies in the past. */
    EXPIRED,
    /** The certificate expires within the critical or warning span, or has used up its renewal fraction. */
    EXPIRING,
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
    /** The server did not send an issuer that the trust store lacks, usually an intermediate. */
    CHAIN_INCOMPLETE,
    /** The chain leads to a root that the trust store does not hold, or a link does not verify. */
    CHAIN_UNTRUSTED,
    /** The server sent its chain in the wrong order or with unrelated certificates. */
    CHAIN_OUT_OF_ORDER,
    /** The server's own certificate is self-signed. */
    SELF_SIGNED_LEAF,
    /** The endpoint's name is not among the certificate's names. */
    HOSTNAME_MISMATCH,
    /** A file, directory or keystore could not be read or held no certificate. */
    SOURCE_UNREADABLE,
    /** An endpoint could not be reached or did not complete its TLS handshake. */
    ENDPOINT_FAILED;

    /** The detail key under which findings carry their problem. */
    public static final String DETAIL_KEY = "problem";

    /** The kebab-case form carried in findings, e.g. {@code chain-incomplete}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The problem a finding is about, if it came from {@link CertExpiryChecker}. */
    public static Optional<CertificateProblem> of(Finding finding) {
        String code = finding.details().get(DETAIL_KEY);
        if (code == null) {
            return Optional.empty();
        }
        for (CertificateProblem p : values()) {
            if (p.code().equals(code)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}

package io.maintkit.certs;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What a certificate says about itself.
 *
 * @param subject                 the subject, RFC 2253 ({@code CN=api.example.com,O=Example})
 * @param issuer                  the issuer, RFC 2253
 * @param serial                  the serial number in lower-case hex
 * @param subjectAlternativeNames the SANs, each prefixed with its type ({@code DNS:api.example.com},
 *                                {@code IP:10.0.0.1})
 * @param notBefore               the start of validity
 * @param notAfter                the end of validity
 * @param keyAlgorithm            the public key's algorithm ({@code RSA}, {@code EC}, {@code Ed25519},
 *                                {@code Ed448})
 * @param keyBits                 the key size in bits as OpenSSL counts it (Ed25519: 256), 0 when unknown
 * @param signatureAlgorithm      the signature algorithm ({@code SHA256withRSA})
 * @param selfSigned              whether the certificate is issued by itself and verifies with its own key
 * @param certificateAuthority    whether the basic constraints mark it as a CA
 * @param sha256Fingerprint       the SHA-256 fingerprint of the encoded certificate, lower-case hex
 */
public record CertificateInfo(String subject, String issuer, String serial, List<String> subjectAlternativeNames,
                              Instant notBefore, Instant notAfter, String keyAlgorithm, int keyBits,
                              String signatureAlgorithm, boolean selfSigned, boolean certificateAuthority,
                              String sha256Fingerprint) {

    /** Validates and copies. */
    public CertificateInfo {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(serial, "serial");
        subjectAlternativeNames = List.copyOf(subjectAlternativeNames);
        Objects.requireNonNull(notBefore, "notBefore");
        Objects.requireNonNull(notAfter, "notAfter");
        Objects.requireNonNull(keyAlgorithm, "keyAlgorithm");
        Objects.requireNonNull(signatureAlgorithm, "signatureAlgorithm");
        Objects.requireNonNull(sha256Fingerprint, "sha256Fingerprint");
    }

    /** The time from {@code now} to the end of validity; negative once expired. */
    public Duration timeLeft(Instant now) {
        return Duration.between(now, notAfter);
    }

    /** The whole validity period. */
    public Duration lifetime() {
        return Duration.between(notBefore, notAfter);
    }
}

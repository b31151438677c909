package io.maintkit.certs.internal;

import io.maintkit.certs.CertificateInfo;

import java.security.cert.X509Certificate;

/**
 * A certificate and where it was found.
 *
 * @param location    {@code /etc/ssl/api.pem#0}, {@code server.p12!api}, {@code https://api:443#1}
 * @param source      the file, keystore or endpoint
 * @param position    its index in the bundle or chain
 * @param certificate the certificate
 * @param info        its facts
 */
public record PlacedCertificate(String location, String source, int position, X509Certificate certificate,
                                CertificateInfo info) {

    /** A certificate at a location, its facts read once. */
    public static PlacedCertificate of(String location, String source, int position, X509Certificate cert) {
        return new PlacedCertificate(location, source, position, cert, CertificateFacts.of(cert));
    }
}

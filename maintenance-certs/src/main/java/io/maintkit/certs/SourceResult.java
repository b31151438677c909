package io.maintkit.certs;

import io.maintkit.core.Finding;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What one source gave: a file, a keystore, an endpoint, or a directory that could not be walked.
 *
 * @param name         the source as an operator names it ({@code /etc/ssl/api.pem}, {@code server.p12},
 *                     {@code smtp://mail.internal:587})
 * @param kind         what sort of source it is
 * @param certificates every certificate read or presented, in order
 * @param findings     every finding of this source: per certificate, per chain, and its failure if any
 * @param failure      why the source could not be read or probed; empty when it could
 */
public record SourceResult(String name, Kind kind, List<CertificateResult> certificates, List<Finding> findings,
                           Optional<String> failure) {

    /** The sorts of source. */
    public enum Kind {
        /** A PEM or DER file. */
        FILE,
        /** A directory walked with a glob; appears only when the walk itself failed or matched nothing. */
        DIRECTORY,
        /** A PKCS#12 or JKS keystore. */
        KEY_STORE,
        /** A live TLS endpoint. */
        ENDPOINT
    }

    /** Validates and copies. */
    public SourceResult {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        certificates = List.copyOf(certificates);
        findings = List.copyOf(findings);
        Objects.requireNonNull(failure, "failure");
    }

    /** Whether the source could be read or probed. */
    public boolean readable() {
        return failure.isEmpty();
    }
}

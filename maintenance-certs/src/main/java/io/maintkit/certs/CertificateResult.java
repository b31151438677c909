package io.maintkit.certs;

import io.maintkit.core.Finding;
import io.maintkit.core.Severity;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One certificate as found in one source, and what was found about it.
 *
 * @param location    where it is, as an operator writes it: {@code /etc/ssl/api.pem#0}, {@code server.p12!api},
 *                    {@code https://api.example.com:443#1}
 * @param source      the source's name: the file, the keystore or the endpoint
 * @param position    its index in the file, keystore entry chain or presented chain (0 for the leaf)
 * @param certificate what the certificate says
 * @param timeLeft    the time to its end of validity at the check's instant; negative once expired
 * @param findings    the findings about this certificate, empty when healthy
 */
public record CertificateResult(String location, String source, int position, CertificateInfo certificate,
                                Duration timeLeft, List<Finding> findings) {

    /** Validates and copies. */
    public CertificateResult {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(timeLeft, "timeLeft");
        findings = List.copyOf(findings);
    }

    /** The worst severity among this certificate's findings, {@code OK} when none. */
    public Severity worst() {
        return Severity.worst(findings.stream().map(Finding::severity).toList());
    }
}

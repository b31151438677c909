package io.maintkit.certs.internal;

import io.maintkit.certs.CertExpiryChecker;
import io.maintkit.certs.CertificateInfo;
import io.maintkit.certs.CertificateProblem;
import io.maintkit.core.Durations;
import io.maintkit.core.Finding;
import io.maintkit.core.Measurement;
import io.maintkit.core.Severity;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** Builds the findings of the certificate checks, each with the same details. */
public final class Findings {

    private Findings() {
    }

    /** A finding about one certificate, carrying its subject, issuer, serial, SANs, validity, time left and source. */
    public static Finding about(PlacedCertificate placed, Instant now, CertificateProblem problem, Severity severity,
                                String summary) {
        CertificateInfo info = placed.info();
        Duration left = info.timeLeft(now);
        Finding f = Finding.of(CertExpiryChecker.ID, problem.code(), placed.location(), severity, summary);
        if (problem == CertificateProblem.EXPIRED || problem == CertificateProblem.EXPIRES_SOON
                || problem == CertificateProblem.NOT_YET_VALID) {
            f = f.withMeasurements(Measurement.seconds("time_left", left));
        }
        Map<String, String> details = new LinkedHashMap<>();
        details.put("subject", info.subject());
        details.put("issuer", info.issuer());
        details.put("serial", info.serial());
        details.put("sans", info.subjectAlternativeNames().isEmpty()
                ? "none" : String.join(", ", info.subjectAlternativeNames()));
        details.put("not_before", info.notBefore().toString());
        details.put("not_after", info.notAfter().toString());
        details.put("time_left", Durations.humanize(left));
        details.put("source", placed.source());
        details.put("position", Integer.toString(placed.position()));
        return f.withDetails(details);
    }

    /** A finding about a source that could not be read or probed. */
    public static Finding sourceFailed(String source, CertificateProblem problem, Severity severity, String reason) {
        return Finding.of(CertExpiryChecker.ID, problem.code(), source, severity, reason)
                .withDetail("source", source)
                .withDetail("reason", reason);
    }
}

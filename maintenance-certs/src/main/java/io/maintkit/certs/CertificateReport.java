package io.maintkit.certs;

import io.maintkit.core.Finding;
import io.maintkit.core.Report;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link CertExpiryChecker#check()} found: every source, every certificate, every finding.
 *
 * @param checkedAt the instant the certificates were judged against
 * @param sources   every source in the order it was configured; a directory contributes one entry per file
 */
public record CertificateReport(Instant checkedAt, List<SourceResult> sources) implements Report {

    /** Validates and copies. */
    public CertificateReport {
        Objects.requireNonNull(checkedAt, "checkedAt");
        sources = List.copyOf(sources);
    }

    /** Every finding of every source, in source order. */
    @Override
    public List<Finding> findings() {
        return sources.stream().flatMap(s -> s.findings().stream()).toList();
    }

    /** The findings about one problem. */
    public List<Finding> findings(CertificateProblem problem) {
        return findings().stream().filter(f -> CertificateProblem.of(f).orElse(null) == problem).toList();
    }

    /** Every certificate of every source, in source order. */
    public List<CertificateResult> certificates() {
        return sources.stream().flatMap(s -> s.certificates().stream()).toList();
    }

    /** The certificate that expires first, over every source and every chain position. */
    public Optional<CertificateResult> earliestExpiry() {
        return certificates().stream().min(Comparator.comparing(c -> c.certificate().notAfter()));
    }

    /** The result of the source of that name, e.g. {@code https://api.example.com:443}. */
    public Optional<SourceResult> source(String name) {
        return sources.stream().filter(s -> s.name().equals(name)).findFirst();
    }
}

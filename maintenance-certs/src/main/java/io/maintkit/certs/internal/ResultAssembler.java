package io.maintkit.certs.internal;

import io.maintkit.certs.CertificateResult;
import io.maintkit.certs.SourceResult;
import io.maintkit.core.Finding;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Puts one source's certificates and findings together into a {@link SourceResult}. */
public final class ResultAssembler {

    private ResultAssembler() {
    }

    /**
     * A source's result.
     *
     * @param certificateFindings findings about certificates, each named by its certificate's location
     * @param sourceFindings      findings about the source itself (failures), listed after the certificates'
     * @param failure             why the source could not be read, if it could not
     */
    public static SourceResult assemble(String name, SourceResult.Kind kind, List<PlacedCertificate> certificates,
                                        List<Finding> certificateFindings, List<Finding> sourceFindings,
                                        Optional<String> failure, Instant now) {
        List<CertificateResult> results = new ArrayList<>(certificates.size());
        List<Finding> all = new ArrayList<>(certificateFindings.size() + sourceFindings.size());
        for (PlacedCertificate placed : certificates) {
            List<Finding> mine = certificateFindings.isEmpty() ? List.of() : certificateFindings.stream()
                    .filter(f -> f.subject().equals(placed.location())).toList();
            all.addAll(mine);
            results.add(new CertificateResult(placed.location(), placed.source(), placed.position(), placed.info(),
                    placed.info().timeLeft(now), mine));
        }
        all.addAll(sourceFindings);
        return new SourceResult(name, kind, results, all, failure);
    }

    /** A source that gave nothing but a failure. */
    public static SourceResult failed(String name, SourceResult.Kind kind, SourceFailure failure) {
        Finding f = Findings.sourceFailed(name, failure.problem(), failure.severity(), failure.reason());
        return new SourceResult(name, kind, List.of(), List.of(f), Optional.of(failure.reason()));
    }
}

package io.maintkit.certs.internal;

import io.maintkit.certs.SourceResult;
import io.maintkit.certs.TlsEndpoint;
import io.maintkit.core.Finding;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Turns the outcome of an {@link EndpointProbe} into a judged {@link SourceResult}. */
public final class EndpointSource {

    private EndpointSource() {
    }

    /** The judged result of one endpoint. */
    public static SourceResult judge(TlsEndpoint endpoint, EndpointProbe.Outcome outcome, CertificateJudge judge,
                                     ChainJudge chainJudge, Policy policy) {
        String name = endpoint.toString();
        if (outcome.chain().isEmpty()) {
            return ResultAssembler.failed(name, SourceResult.Kind.ENDPOINT, outcome.failure());
        }
        List<PlacedCertificate> chain = new ArrayList<>(outcome.chain().size());
        List<Finding> findings = new ArrayList<>(0);
        for (int i = 0; i < outcome.chain().size(); i++) {
            PlacedCertificate placed = PlacedCertificate.of(name + "#" + i, name, i, outcome.chain().get(i));
            chain.add(placed);
            findings.addAll(judge.judge(placed));
        }
        findings.addAll(chainJudge.judge(chain, endpoint.serverName()));
        SourceFailure after = outcome.failure();
        List<Finding> handshake = after == null ? List.of()
                : List.of(Findings.sourceFailed(name, after.problem(), after.severity(), after.reason()));
        return ResultAssembler.assemble(name, SourceResult.Kind.ENDPOINT, chain, findings, handshake,
                Optional.empty(), policy.now());
    }
}

package io.maintkit.certs.internal;

import io.maintkit.certs.SourceResult;
import io.maintkit.certs.TlsEndpoint;
import io.maintkit.core.Finding;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A live endpoint: probed with an {@link EndpointProbe}, its presented chain judged.
 *
 * @param endpoint the endpoint
 */
public record EndpointSource(TlsEndpoint endpoint) implements Source {

    @Override
    public String name() {
        return endpoint.toString();
    }

    @Override
    public SourceResult.Kind kind() {
        return SourceResult.Kind.ENDPOINT;
    }

    @Override
    public boolean needsTrustAnchors() {
        return true;
    }

    @Override
    public CompletableFuture<List<SourceResult>> start(Scan scan) {
        return Source.guarded(EndpointProbe.start(endpoint, scan.executor(), scan.connectTimeout(),
                scan.handshakeTimeout()).thenApply(outcome -> List.of(judge(outcome, scan))), this);
    }

    /** The judged result of one probe. */
    private SourceResult judge(EndpointProbe.Outcome outcome, Scan scan) {
        String name = name();
        if (outcome.chain().isEmpty()) {
            return ResultAssembler.failed(name, kind(), outcome.failure());
        }
        List<PlacedCertificate> chain = new ArrayList<>(outcome.chain().size());
        List<Finding> findings = new ArrayList<>(0);
        for (int i = 0; i < outcome.chain().size(); i++) {
            PlacedCertificate placed = PlacedCertificate.of(name + "#" + i, name, i, outcome.chain().get(i));
            chain.add(placed);
            findings.addAll(scan.judge().judge(placed));
        }
        findings.addAll(scan.chainJudge().judge(chain, endpoint.serverName()));
        SourceFailure after = outcome.failure();
        List<Finding> handshake = after == null ? List.of()
                : List.of(Findings.sourceFailed(name, after.problem(), after.severity(), after.reason()));
        return ResultAssembler.assemble(name, kind(), chain, findings, handshake, Optional.empty(),
                scan.policy().now());
    }
}

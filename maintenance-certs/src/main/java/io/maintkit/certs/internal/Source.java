package io.maintkit.certs.internal;

import io.maintkit.certs.CertificateProblem;
import io.maintkit.certs.SourceResult;
import io.maintkit.core.Severity;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/** Where certificates come from: a file, a directory, a keystore or a live endpoint. */
public sealed interface Source permits FileSource, DirectorySource, KeyStoreSource, EndpointSource {

    /** The name findings use for the source itself: a path, a glob under a directory, an endpoint. */
    String name();

    /** What sort of source it is. */
    SourceResult.Kind kind();

    /**
     * Starts reading or probing on the scan's executor. The future completes with one result (a directory: one
     * per file) and never exceptionally: a failure is a result of its own.
     */
    CompletableFuture<List<SourceResult>> start(Scan scan);

    /** Whether judging this source needs trust anchors (an endpoint's chain does). */
    default boolean needsTrustAnchors() {
        return false;
    }

    /** Runs a one-result inspection on the scan's executor; a failure it did not expect becomes its result. */
    static CompletableFuture<List<SourceResult>> inspect(Scan scan, Source source,
                                                         Supplier<SourceResult> inspection) {
        return guarded(CompletableFuture.supplyAsync(() -> List.of(inspection.get()), scan.executor()), source);
    }

    /** The results of several parts, in the parts' order, once every part is done. */
    static CompletableFuture<List<SourceResult>> all(List<CompletableFuture<List<SourceResult>>> parts) {
        return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new))
                .thenApply(done -> parts.stream().flatMap(part -> part.join().stream()).toList());
    }

    /** The part, where it fails unexpectedly, as a result of its own saying it could not be checked. */
    static CompletableFuture<List<SourceResult>> guarded(CompletableFuture<List<SourceResult>> part, Source source) {
        return part.exceptionally(e -> {
            Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            CertificateProblem problem = source.kind() == SourceResult.Kind.ENDPOINT
                    ? CertificateProblem.ENDPOINT_FAILED : CertificateProblem.SOURCE_UNREADABLE;
            return List.of(ResultAssembler.failed(source.name(), source.kind(), new SourceFailure(problem,
                    Severity.UNKNOWN, "could not be checked: " + cause.getClass().getSimpleName())));
        });
    }
}

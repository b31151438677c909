package io.maintkit.certs.internal;

import io.maintkit.certs.CertificateProblem;
import io.maintkit.core.Finding;
import io.maintkit.core.Severity;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Judges the chain an endpoint presented: self-signed leaf, order, completeness, trust, hostname. One judge serves
 * one check; it remembers each signature it verified, so that an intermediate shared by many endpoints is verified
 * against its issuer once.
 */
public final class ChainJudge {

    /** The detail naming the anchor a chain ends at that the trust store does not hold. */
    private static final String UNTRUSTED_ANCHOR = "untrusted_anchor";
    /** The detail naming the intermediate a server did not send. */
    private static final String MISSING_INTERMEDIATE = "missing_intermediate";

    private record Link(X509Certificate cert, X509Certificate issuer) {
    }

    private final TrustAnchors anchors;
    private final Instant now;
    private final Map<Link, Boolean> links = new ConcurrentHashMap<>();
    private final Map<X509Certificate, Boolean> anchorIssued = new ConcurrentHashMap<>();

    /** A judge against {@code anchors}. */
    public ChainJudge(TrustAnchors anchors, Instant now) {
        this.anchors = anchors;
        this.now = now;
    }

    /** The findings about a presented chain (leaf first), empty when it is healthy. */
    public List<Finding> judge(List<PlacedCertificate> chain, String serverName) {
        List<Finding> out = new ArrayList<>(1);
        if (chain.isEmpty()) {
            return out;
        }
        PlacedCertificate leaf = chain.get(0);
        if (leaf.info().selfSigned()) {
            boolean pinned = anchors.contains(leaf.certificate());
            out.add(Findings.about(leaf, now, CertificateProblem.SELF_SIGNED_LEAF,
                    pinned ? Severity.WARNING : Severity.CRITICAL,
                    "self-signed server certificate" + (pinned ? ", trusted by " : ", not in ")
                            + anchors.description()));
        } else {
            order(chain, out);
            trust(chain, out);
        }
        if (!HostnameMatcher.matches(serverName, leaf.certificate())) {
            out.add(Findings.about(leaf, now, CertificateProblem.HOSTNAME_MISMATCH, Severity.CRITICAL,
                    "name " + serverName + " does not match the certificate's names " + names(leaf)));
        }
        return out;
    }

    private static String names(PlacedCertificate leaf) {
        List<String> sans = leaf.info().subjectAlternativeNames();
        return sans.isEmpty() ? "(no SANs; subject " + leaf.info().subject() + ")" : sans.toString();
    }

    private void order(List<PlacedCertificate> chain, List<Finding> out) {
        for (int i = 0; i + 1 < chain.size(); i++) {
            X509Certificate cert = chain.get(i).certificate();
            PlacedCertificate next = chain.get(i + 1);
            if (!issuedBy(cert, next.certificate())) {
                out.add(Findings.about(next, now, CertificateProblem.CHAIN_OUT_OF_ORDER, Severity.WARNING,
                        "chain out of order: certificate #" + (i + 1) + " (" + next.info().subject()
                                + ") did not issue certificate #" + i));
                return;
            }
        }
    }

    private void trust(List<PlacedCertificate> chain, List<Finding> out) {
        Set<Integer> visited = new HashSet<>();
        int current = 0;
        while (visited.add(current)) {
            PlacedCertificate placed = chain.get(current);
            X509Certificate cert = placed.certificate();
            if (anchors.contains(cert)) {
                return;
            }
            if (placed.info().selfSigned()) {
                out.add(Findings.about(placed, now, CertificateProblem.UNTRUSTED, Severity.CRITICAL,
                                "untrusted: the chain ends at " + placed.info().subject() + ", which is not in "
                                        + anchors.description())
                        .withDetail(UNTRUSTED_ANCHOR, placed.info().subject()));
                return;
            }
            int issuer = presentedIssuer(chain, current);
            if (issuer < 0) {
                if (!anchorIssued.computeIfAbsent(cert, anchors::issued)) {
                    out.add(missingIssuer(placed, current));
                }
                return;
            }
            if (chain.get(issuer).certificate().getBasicConstraints() < 0) {
                out.add(Findings.about(chain.get(issuer), now, CertificateProblem.CHAIN_INVALID, Severity.CRITICAL,
                        "certificate #" + issuer + " issued certificate #" + current + " but is not a CA"));
                return;
            }
            current = issuer;
        }
        out.add(Findings.about(chain.get(current), now, CertificateProblem.CHAIN_INVALID, Severity.CRITICAL,
                "chain loops back to certificate #" + current));
    }

    /**
     * The issuer of the last certificate sent is neither sent nor trusted. It is a missing intermediate when the
     * server's own certificate names where its issuer is published (AIA caIssuers), as public and most private CAs'
     * leaves do; otherwise the chain simply ends at an issuer the trust store does not hold (a private CA's root,
     * usually), which sending more certificates would not fix.
     */
    private Finding missingIssuer(PlacedCertificate placed, int position) {
        String issuer = placed.info().issuer();
        List<String> published = placed.certificate().getBasicConstraints() < 0
                ? CertificateFacts.caIssuers(placed.certificate()) : List.of();
        if (!published.isEmpty()) {
            return Findings.about(placed, now, CertificateProblem.CHAIN_INCOMPLETE, Severity.CRITICAL,
                            "chain incomplete: the intermediate " + issuer + " that issued certificate #" + position
                                    + " was not sent (it is published at " + published.get(0) + ")")
                    .withDetail(MISSING_INTERMEDIATE, issuer)
                    .withDetail("ca_issuers", String.join(", ", published));
        }
        return Findings.about(placed, now, CertificateProblem.UNTRUSTED, Severity.CRITICAL,
                        "untrusted: the chain ends at " + issuer + ", the issuer of certificate #" + position
                                + ", which is not in " + anchors.description())
                .withDetail(UNTRUSTED_ANCHOR, issuer);
    }

    private boolean issuedBy(X509Certificate cert, X509Certificate issuer) {
        if (!cert.getIssuerX500Principal().equals(issuer.getSubjectX500Principal())) {
            return false;
        }
        return links.computeIfAbsent(new Link(cert, issuer), l -> Signatures.issuedBy(l.cert(), l.issuer()));
    }

    private int presentedIssuer(List<PlacedCertificate> chain, int index) {
        X509Certificate cert = chain.get(index).certificate();
        for (int i = 0; i < chain.size(); i++) {
            if (i != index && issuedBy(cert, chain.get(i).certificate())) {
                return i;
            }
        }
        return -1;
    }
}

package io.maintkit.certs.internal;

import io.maintkit.certs.CertificateInfo;
import io.maintkit.certs.CertificateProblem;
import io.maintkit.core.Durations;
import io.maintkit.core.Finding;
import io.maintkit.core.Measurement;
import io.maintkit.core.Severity;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Judges one certificate on its own: validity window, key, signature, lifetime. */
public final class CertificateJudge {

    private final Policy policy;

    /** A judge applying {@code policy}. */
    public CertificateJudge(Policy policy) {
        this.policy = policy;
    }

    /** The findings about one certificate, empty when it is healthy. */
    public List<Finding> judge(PlacedCertificate placed) {
        List<Finding> out = new ArrayList<>(2);
        CertificateInfo info = placed.info();
        validity(placed, info, out);
        key(placed, info, out);
        signature(placed, info, out);
        lifetime(placed, info, out);
        return out;
    }

    private void validity(PlacedCertificate placed, CertificateInfo info, List<Finding> out) {
        if (info.notBefore().isAfter(policy.now())) {
            out.add(Findings.about(placed, policy.now(), CertificateProblem.NOT_YET_VALID, Severity.CRITICAL,
                    "not valid before " + info.notBefore() + " (in "
                            + Durations.humanize(Duration.between(policy.now(), info.notBefore())) + ")"));
            return;
        }
        Duration left = info.timeLeft(policy.now());
        if (left.isNegative() || left.isZero()) {
            out.add(Findings.about(placed, policy.now(), CertificateProblem.EXPIRED, Severity.CRITICAL,
                    "expired " + Durations.humanize(left.negated()) + " ago (" + info.notAfter() + ")"));
            return;
        }
        String when = "expires in " + Durations.humanize(left) + " (" + info.notAfter() + ")";
        Severity expiry = policy.expiry().evaluate(left);
        if (expiry != Severity.OK) {
            out.add(Findings.about(placed, policy.now(), CertificateProblem.EXPIRES_SOON, expiry, when));
        } else if (policy.renewFraction() > 0 && usedFraction(info) >= policy.renewFraction()) {
            out.add(Findings.about(placed, policy.now(), CertificateProblem.EXPIRES_SOON, Severity.WARNING,
                    when + ", " + percent(usedFraction(info)) + " of its lifetime used, renewal due at "
                            + percent(policy.renewFraction())));
        }
    }

    private double usedFraction(CertificateInfo info) {
        long lifetime = info.lifetime().toSeconds();
        return lifetime <= 0 ? 1.0 : Duration.between(info.notBefore(), policy.now()).toSeconds() / (double) lifetime;
    }

    private static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.0f%%", fraction * 100);
    }

    private void key(PlacedCertificate placed, CertificateInfo info, List<Finding> out) {
        String algorithm = info.keyAlgorithm().toUpperCase(Locale.ROOT);
        int minimum;
        if (algorithm.equals("RSA") || algorithm.equals("RSASSA-PSS") || algorithm.equals("DSA")) {
            minimum = policy.minRsaBits();
        } else if (algorithm.equals("EC")) {
            minimum = policy.minEcBits();
        } else {
            return;
        }
        if (info.keyBits() > 0 && info.keyBits() < minimum) {
            out.add(Findings.about(placed, policy.now(), CertificateProblem.WEAK_KEY, Severity.CRITICAL,
                            "weak " + info.keyAlgorithm() + " key: " + info.keyBits() + " bits, under "
                                    + minimum)
                    .withMeasurements(Measurement.count("key_bits", info.keyBits())));
        }
    }

    private void signature(PlacedCertificate placed, CertificateInfo info, List<Finding> out) {
        if (info.selfSigned()) {
            return; // a self-signed certificate's own signature protects nothing
        }
        String digest = Signatures.weakDigest(info.signatureAlgorithm());
        if (digest != null) {
            out.add(Findings.about(placed, policy.now(), CertificateProblem.WEAK_SIGNATURE, Severity.CRITICAL,
                    "weak signature: " + info.signatureAlgorithm() + " (" + digest + ")"));
        }
    }

    private void lifetime(PlacedCertificate placed, CertificateInfo info, List<Finding> out) {
        if (policy.maxValidity() == null || info.certificateAuthority()) {
            return;
        }
        Duration lifetime = info.lifetime();
        if (lifetime.compareTo(policy.maxValidity()) > 0) {
            out.add(Findings.about(placed, policy.now(), CertificateProblem.VALIDITY_TOO_LONG, Severity.WARNING,
                            "valid for " + lifetime.toDays() + " days, over the maximum of "
                                    + policy.maxValidity().toDays())
                    .withMeasurements(Measurement.seconds("validity", lifetime)));
        }
    }
}

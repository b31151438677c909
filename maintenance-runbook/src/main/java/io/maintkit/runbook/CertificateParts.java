package io.maintkit.runbook;

import io.maintkit.certs.CertExpiryChecker;
import io.maintkit.core.Durations;

import java.util.List;

/** The certificate entries; loaded only when the host hands over certificate sources. */
final class CertificateParts {

    private CertificateParts() {
    }

    static List<Part> of(CertExpiryChecker checker) {
        return List.of(
                Part.checks(StandardRunbook.DAILY, "certificate expiry (" + CertExpiryChecker.ID + " "
                                + checker.target() + ")",
                        "expiry of every certificate of the host's sources (warning within "
                                + Durations.humanize(CertExpiryChecker.DEFAULT_EXPIRY_WARNING) + ", critical within "
                                + Durations.humanize(CertExpiryChecker.DEFAULT_EXPIRY_CRITICAL)
                                + " unless the host set other limits), and what else the checker judges",
                        List.of(checker.asCheck())),
                Part.checks(StandardRunbook.MONTHLY, "certificate audit (" + CertExpiryChecker.ID + " "
                                + checker.target() + ")",
                        "every certificate and every presented chain (order, completeness, trust, host name, keys "
                                + "and signatures), also warning once " + Math.round(
                                StandardRunbook.DEFAULT_RENEW_FRACTION * 100) + "% of a certificate's lifetime "
                                + "has passed: a renewal that should have happened already",
                        List.of(checker.renewAtLifetimeFraction(StandardRunbook.DEFAULT_RENEW_FRACTION).asCheck())));
    }
}

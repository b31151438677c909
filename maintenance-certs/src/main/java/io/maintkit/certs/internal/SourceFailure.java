package io.maintkit.certs.internal;

import io.maintkit.certs.CertificateProblem;
import io.maintkit.core.Severity;

/** A source that could not be read or probed, with a reason fit for a finding. Never carries a secret. */
public final class SourceFailure extends Exception {

    private final transient CertificateProblem problem;
    private final transient Severity severity;

    /** A failure with its reason. */
    public SourceFailure(CertificateProblem problem, Severity severity, String reason) {
        super(reason, null, false, false);
        this.problem = problem;
        this.severity = severity;
    }

    /** A source that could not be read: UNKNOWN. */
    public static SourceFailure unreadable(String reason) {
        return new SourceFailure(CertificateProblem.SOURCE_UNREADABLE, Severity.UNKNOWN, reason);
    }

    /** What sort of failure it is. */
    public CertificateProblem problem() {
        return problem;
    }

    /** How bad it is. */
    public Severity severity() {
        return severity;
    }

    /** The reason, for a finding. */
    public String reason() {
        return getMessage();
    }
}

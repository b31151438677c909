package io.maintkit.redis;

import io.maintkit.core.Finding;
import io.maintkit.core.Report;
import io.maintkit.redis.internal.Texts;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link SecurityCheck} read and found.
 *
 * @param node              the node
 * @param authenticationRequired whether a client must authenticate; empty when unreadable
 * @param loopbackOnly      whether the server listens on loopback addresses only; empty when unreadable
 * @param protectedMode     {@code protected-mode}; empty when unreadable
 * @param exposedCommands   the commands of the host's policy that are available under their own name
 * @param findings          what it found, worst first
 */
public record SecurityReport(String node, Optional<Boolean> authenticationRequired, Optional<Boolean> loopbackOnly,
                             Optional<Boolean> protectedMode, List<String> exposedCommands, List<Finding> findings)
        implements Report {

    /** Validates and sorts the findings worst first. */
    public SecurityReport {
        Objects.requireNonNull(node, "node");
        exposedCommands = List.copyOf(exposedCommands);
        findings = Texts.worstFirst(findings);
    }
}

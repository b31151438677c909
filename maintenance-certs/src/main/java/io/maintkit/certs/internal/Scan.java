package io.maintkit.certs.internal;

import java.time.Duration;
import java.util.concurrent.Executor;

/**
 * What one check judges with and runs on.
 *
 * @param judge            judges each certificate
 * @param chainJudge       judges endpoint chains; null when no source needs it
 * @param policy           the limits and the check's instant
 * @param executor         runs every read and probe
 * @param connectTimeout   the time allowed to connect to an endpoint
 * @param handshakeTimeout the time allowed for negotiation and handshake once connected
 */
public record Scan(CertificateJudge judge, ChainJudge chainJudge, Policy policy, Executor executor,
                   Duration connectTimeout, Duration handshakeTimeout) {
}

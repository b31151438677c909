package io.maintkit.certs.internal;

import io.maintkit.certs.CertificateProblem;
import io.maintkit.certs.TlsEndpoint;
import io.maintkit.core.Durations;
import io.maintkit.core.Severity;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;

/**
 * Fetches the chain one endpoint presents: resolve, connect, the protocol's TLS negotiation, TLS handshake. A
 * watchdog ends the attempt when connect plus handshake time is spent, whatever stage it hangs in.
 */
public final class EndpointProbe {

    /**
     * What a probe gave: the presented chain, why there is none, or both when the handshake failed after the
     * server sent its chain (a server that requires a client certificate).
     *
     * @param chain   the chain as presented, leaf first; empty when the server sent none
     * @param failure why the probe failed, or null
     */
    public record Outcome(List<X509Certificate> chain, SourceFailure failure) {
    }

    private final TlsEndpoint endpoint;
    private final Duration connectTimeout;
    private final Duration handshakeTimeout;
    private final CompletableFuture<Outcome> result = new CompletableFuture<>();
    private volatile Socket socket;
    private volatile HandshakeCapture capture;
    private volatile String stage = "resolving the host";

    private EndpointProbe(TlsEndpoint endpoint, Duration connectTimeout, Duration handshakeTimeout) {
        this.endpoint = endpoint;
        this.connectTimeout = connectTimeout;
        this.handshakeTimeout = handshakeTimeout;
    }

    /**
     * Starts a probe on {@code executor}; the future completes with the chain or a failure, at the latest when
     * connect plus handshake timeout have passed since the probe started. The time limit is kept by the JDK's
     * shared delay scheduler ({@link CompletableFuture#delayedExecutor}), which only closes the socket.
     */
    public static CompletableFuture<Outcome> start(TlsEndpoint endpoint, Executor executor, Duration connectTimeout,
                                                   Duration handshakeTimeout) {
        EndpointProbe probe = new EndpointProbe(endpoint, connectTimeout, handshakeTimeout);
        executor.execute(probe::run);
        return probe.result;
    }

    private void run() {
        Duration budget = connectTimeout.plus(handshakeTimeout);
        CompletableFuture.delayedExecutor(budget.toMillis(), TimeUnit.MILLISECONDS, Runnable::run)
                .execute(() -> timeOut(budget));
        try {
            result.complete(new Outcome(fetch(), null));
        } catch (Exception e) {
            HandshakeCapture seen = capture;
            List<X509Certificate> sent = seen == null ? List.of() : seen.chain();
            result.complete(new Outcome(sent, sent.isEmpty() ? classify(e) : afterChain(e, seen)));
        } finally {
            Socket last = socket;
            if (last != null) {
                HandshakeCapture.forget(last);
            }
            closeQuietly(last);
        }
    }

    private void timeOut(Duration budget) {
        if (result.complete(new Outcome(List.of(), new SourceFailure(CertificateProblem.ENDPOINT_TIMEOUT,
                Severity.UNKNOWN, "timed out after " + Durations.humanize(budget) + " while " + stage)))) {
            closeQuietly(socket);
        }
    }

    private List<X509Certificate> fetch() throws IOException, GeneralSecurityException {
        InetAddress[] addresses = InetAddress.getAllByName(endpoint.host());
        stage = "connecting";
        Socket connected = null;
        IOException last = null;
        for (InetAddress address : addresses) {
            Socket candidate = register(new Socket());
            try {
                candidate.connect(new InetSocketAddress(address, endpoint.port()), millis(connectTimeout));
                connected = candidate;
                break;
            } catch (IOException e) {
                last = e;
                closeQuietly(candidate);
                if (result.isDone()) {
                    throw e;
                }
            }
        }
        if (connected == null) {
            throw last != null ? last : new UnknownHostException(endpoint.host());
        }
        connected.setSoTimeout(millis(handshakeTimeout));
        connected.setTcpNoDelay(true);
        if (endpoint.protocol() != TlsEndpoint.Protocol.TLS) {
            stage = "negotiating TLS over " + endpoint.scheme();
            TlsNegotiation.of(endpoint.protocol()).negotiate(connected.getInputStream(), connected.getOutputStream());
        }
        stage = "in the TLS handshake";
        SSLSocket ssl = (SSLSocket) Capture.CONTEXT.getSocketFactory()
                .createSocket(connected, endpoint.serverName(), endpoint.port(), true);
        register(ssl);
        capture = HandshakeCapture.watch(ssl);
        ssl.setUseClientMode(true);
        if (!HostnameMatcher.isIpLiteral(endpoint.serverName())) {
            SSLParameters parameters = ssl.getSSLParameters();
            try {
                parameters.setServerNames(List.of(new SNIHostName(endpoint.serverName())));
                ssl.setSSLParameters(parameters);
            } catch (IllegalArgumentException e) {
                // a name SNI cannot carry (underscores, ...): handshake without SNI
            }
        }
        ssl.setSoTimeout(millis(handshakeTimeout));
        ssl.startHandshake();
        SSLSession session = ssl.getSession();
        // never resumed: a resumed session carries no Certificate message, only the chain seen the time before
        session.invalidate();
        Certificate[] presented = session.getPeerCertificates();
        List<X509Certificate> chain = new ArrayList<>(presented.length);
        for (Certificate c : presented) {
            if (c instanceof X509Certificate x) {
                chain.add(x);
            }
        }
        if (chain.isEmpty()) {
            throw new SSLException("the server presented no X.509 certificate");
        }
        return chain;
    }

    private Socket register(Socket s) {
        socket = s;
        if (result.isDone()) {
            closeQuietly(s);
        }
        return s;
    }

    private SourceFailure classify(Exception e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (e instanceof UnknownHostException) {
            return failure(CertificateProblem.ENDPOINT_UNREACHABLE, Severity.UNKNOWN,
                    "cannot resolve host " + endpoint.host());
        }
        if (e instanceof ConnectException || e instanceof NoRouteToHostException) {
            return failure(CertificateProblem.ENDPOINT_UNREACHABLE, Severity.UNKNOWN, "cannot connect: " + message);
        }
        if (causedBy(e, SocketTimeoutException.class)) {
            Duration limit = stage.equals("connecting") ? connectTimeout : handshakeTimeout;
            return failure(CertificateProblem.ENDPOINT_TIMEOUT, Severity.UNKNOWN,
                    "timed out after " + Durations.humanize(limit) + " while " + stage);
        }
        if (e instanceof TlsNotOffered) {
            return failure(CertificateProblem.TLS_NOT_OFFERED, Severity.CRITICAL, message);
        }
        if (e instanceof SSLException) {
            return failure(CertificateProblem.HANDSHAKE_FAILED, Severity.CRITICAL, "TLS handshake failed: " + message);
        }
        return failure(CertificateProblem.ENDPOINT_FAILED, Severity.UNKNOWN, "failed while " + stage + ": " + message);
    }

    /** A handshake that failed after the server sent its chain: the chain is judged, the failure told beside it. */
    private static SourceFailure afterChain(Exception e, HandshakeCapture seen) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (seen.clientCertificateWasRequested()) {
            return failure(CertificateProblem.CLIENT_CERTIFICATE_REQUIRED, Severity.INFO, "the server requires a "
                    + "client certificate and refused the handshake without one (" + message + "); the chain it "
                    + "sent before asking is judged");
        }
        return failure(CertificateProblem.HANDSHAKE_FAILED, Severity.CRITICAL,
                "TLS handshake failed after the server sent its chain: " + message);
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static SourceFailure failure(CertificateProblem problem, Severity severity, String reason) {
        return new SourceFailure(problem, severity, reason);
    }

    private static int millis(Duration d) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, d.toMillis()));
    }

    private static void closeQuietly(Socket s) {
        if (s != null) {
            try {
                s.close();
            } catch (IOException e) {
                // closing to give up: nothing more to do
            }
        }
    }

    /** One TLS client context that captures every chain. */
    private static final class Capture {
        static final SSLContext CONTEXT = create();

        private static SSLContext create() {
            try {
                SSLContext context = SSLContext.getInstance("TLS");
                context.init(new KeyManager[] {new NoClientCertificate()},
                        new TrustManager[] {new CaptureAllTrustManager()}, null);
                return context;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("this JVM offers no TLS client", e);
            }
        }
    }
}

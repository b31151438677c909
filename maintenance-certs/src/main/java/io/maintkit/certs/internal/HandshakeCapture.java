package io.maintkit.certs.internal;

import java.net.Socket;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What one handshake showed before it ended, however it ended: the chain the server sent, and whether it asked for
 * a client certificate. A TLS 1.2 server that requires a client certificate sends its chain first and refuses the
 * handshake afterwards; this keeps that chain.
 */
final class HandshakeCapture {

    private static final Map<Socket, HandshakeCapture> WATCHED = new ConcurrentHashMap<>();

    private volatile List<X509Certificate> chain = List.of();
    private volatile boolean clientCertificateRequested;

    private HandshakeCapture() {
    }

    /** Starts watching the handshake of {@code socket}; {@link #forget(Socket)} it when done. */
    static HandshakeCapture watch(Socket socket) {
        HandshakeCapture capture = new HandshakeCapture();
        WATCHED.put(socket, capture);
        return capture;
    }

    /** Stops watching {@code socket}. */
    static void forget(Socket socket) {
        WATCHED.remove(socket);
    }

    /** Records the chain the server of {@code socket} sent, if that socket is watched. */
    static void chainSent(Socket socket, X509Certificate[] sent) {
        HandshakeCapture capture = socket == null ? null : WATCHED.get(socket);
        if (capture != null) {
            capture.chain = List.of(sent);
        }
    }

    /** Records that the server of {@code socket} asked for a client certificate, if that socket is watched. */
    static void clientCertificateRequested(Socket socket) {
        HandshakeCapture capture = socket == null ? null : WATCHED.get(socket);
        if (capture != null) {
            capture.clientCertificateRequested = true;
        }
    }

    /** The chain the server sent, leaf first; empty when it sent none (yet). */
    List<X509Certificate> chain() {
        return chain;
    }

    /** Whether the server asked for a client certificate. */
    boolean clientCertificateWasRequested() {
        return clientCertificateRequested;
    }
}

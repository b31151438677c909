package io.maintkit.certs;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * A TLS server on 127.0.0.1 that presents exactly the chain it is given, after the plain-text STARTTLS dialog of
 * its dialect. Also serves the failing kinds: a black hole that accepts and never answers, and a plain-text server.
 */
public final class LocalTlsServer implements AutoCloseable {

    /** What the server speaks before TLS. */
    public enum Dialect {
        TLS, SMTP, IMAP, POP3, FTP,
        /** An SMTP server whose EHLO does not offer STARTTLS. */
        SMTP_WITHOUT_STARTTLS,
        /** Accepts and never sends a byte. */
        BLACK_HOLE,
        /** Answers any TLS ClientHello with an HTTP error. */
        PLAIN_HTTP
    }

    private final ServerSocket server;
    private final Dialect dialect;
    private final SSLContext context;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "local-tls-server");
        t.setDaemon(true);
        return t;
    });
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private final FixedChainKeyManager keys;
    private volatile String[] protocols;

    private LocalTlsServer(Dialect dialect, PrivateKey key, List<X509Certificate> chain) throws Exception {
        this.dialect = dialect;
        this.server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 512);
        if (key != null) {
            keys = new FixedChainKeyManager(key, chain.toArray(new X509Certificate[0]));
            context = SSLContext.getInstance("TLS");
            context.init(new KeyManager[] {keys}, null, null);
        } else {
            keys = null;
            context = null;
        }
        threads.execute(this::acceptLoop);
    }

    /** A server presenting {@code chain} (leaf first, any order the test wants) with the leaf's {@code key}. */
    public static LocalTlsServer start(Dialect dialect, PrivateKey key, X509Certificate... chain) throws Exception {
        return new LocalTlsServer(dialect, key, List.of(chain));
    }

    /** A server without TLS: {@link Dialect#BLACK_HOLE} or {@link Dialect#PLAIN_HTTP}. */
    static LocalTlsServer startWithoutTls(Dialect dialect) throws Exception {
        return new LocalTlsServer(dialect, null, List.of());
    }

    /** Limits the TLS versions the server accepts, e.g. to {@code TLSv1.2}, which resumes sessions by id. */
    public LocalTlsServer protocols(String... versions) {
        this.protocols = versions.clone();
        return this;
    }

    /** From the next handshake on, presents {@code chain} with {@code key}: a renewal on a running server. */
    public void present(PrivateKey key, X509Certificate... chain) {
        keys.present(key, chain.clone());
    }

    public int port() {
        return server.getLocalPort();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                open.add(s);
                threads.execute(() -> serve(s));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket s) {
        try {
            s.setSoTimeout(30_000);
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            switch (dialect) {
                case BLACK_HOLE -> {
                    while (in.read() >= 0) {
                        // swallows everything and never answers; the client must give up on its own
                    }
                    return;
                }
                case PLAIN_HTTP -> {
                    in.read();
                    out.write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n"
                            .getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    s.close();
                    return;
                }
                case SMTP -> {
                    send(out, "220-localhost ESMTP test\r\n220 ready\r\n");
                    readLine(in);
                    send(out, "250-localhost\r\n250-PIPELINING\r\n250-STARTTLS\r\n250 8BITMIME\r\n");
                    readLine(in);
                    send(out, "220 2.0.0 Ready to start TLS\r\n");
                }
                case SMTP_WITHOUT_STARTTLS -> {
                    send(out, "220 localhost ESMTP test\r\n");
                    readLine(in);
                    send(out, "250-localhost\r\n250 8BITMIME\r\n");
                    readLine(in);
                    return;
                }
                case IMAP -> {
                    send(out, "* OK [CAPABILITY IMAP4rev1 STARTTLS] ready\r\n");
                    String command = readLine(in);
                    String tag = command.substring(0, command.indexOf(' '));
                    send(out, tag + " OK Begin TLS negotiation now\r\n");
                }
                case POP3 -> {
                    send(out, "+OK POP3 ready\r\n");
                    readLine(in);
                    send(out, "+OK Begin TLS negotiation\r\n");
                }
                case FTP -> {
                    send(out, "220-Welcome\r\n220 FTP ready\r\n");
                    readLine(in);
                    send(out, "234 AUTH TLS OK.\r\n");
                }
                case TLS -> {
                    // TLS from the first byte
                }
            }
            SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(s, null, s.getPort(), true);
            tls.setUseClientMode(false);
            if (protocols != null) {
                tls.setEnabledProtocols(protocols);
            }
            tls.startHandshake();
            tls.getInputStream().read(); // until the client closes
        } catch (IOException e) {
            // the client went away: normal for a certificate probe
        } finally {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing
            }
            open.remove(s);
        }
    }

    private static void send(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new SocketException("closed");
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : open) {
            s.close();
        }
        threads.shutdownNow();
    }

    /** Presents one chain for every key type the handshake asks for that matches the key. */
    private static final class FixedChainKeyManager extends X509ExtendedKeyManager {
        private record Presented(PrivateKey key, X509Certificate[] chain) {
        }

        private volatile Presented presented;

        FixedChainKeyManager(PrivateKey key, X509Certificate[] chain) {
            present(key, chain);
        }

        void present(PrivateKey key, X509Certificate[] chain) {
            presented = new Presented(key, chain);
        }

        private String alias(String keyType) {
            String algorithm = presented.key().getAlgorithm();
            return keyType.equals(algorithm) || keyType.startsWith(algorithm) ? "k" : null;
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return alias(keyType);
        }

        @Override
        public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
            return alias(keyType);
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return presented.chain().clone();
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return presented.key();
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return new String[] {"k"};
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return new String[0];
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            return null;
        }
    }
}

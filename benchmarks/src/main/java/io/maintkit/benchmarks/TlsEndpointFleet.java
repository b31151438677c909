package io.maintkit.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.StringJoiner;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * TLS servers on 127.0.0.1, one per key entry of a PKCS#12 keystore, each presenting that entry's chain: the
 * endpoints {@link TlsEndpointsBenchmark} probes, served from a JVM of their own so that the clients it compares
 * face the same servers and do not share a JVM with them. Uses the JDK only.
 *
 * <p>Arguments: keystore file, its password. Prints one line with the ports, in the keystore's alias order, then
 * serves until its standard input closes.
 */
public final class TlsEndpointFleet {

    private TlsEndpointFleet() {
    }

    /**
     * Starts the servers, prints their ports and serves until standard input closes.
     *
     * @param args keystore file, password
     * @throws Exception when the keystore cannot be read or a server cannot start
     */
    public static void main(String[] args) throws Exception {
        char[] password = args[1].toCharArray();
        KeyStore all = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(Path.of(args[0]))) {
            all.load(in, password);
        }
        ExecutorService connections = Executors.newCachedThreadPool(daemon("tls-connection"));
        List<String> aliases = new ArrayList<>(Collections.list(all.aliases()));
        aliases.sort(TlsEndpointFleet::byNumber);
        StringJoiner ports = new StringJoiner(" ");
        for (String alias : aliases) {
            KeyStore one = KeyStore.getInstance("PKCS12");
            one.load(null, null);
            Certificate[] chain = all.getCertificateChain(alias);
            one.setKeyEntry(alias, all.getKey(alias, password), password, chain);
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(one, password);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            SSLServerSocket server = (SSLServerSocket) context.getServerSocketFactory()
                    .createServerSocket(0, 512, InetAddress.getLoopbackAddress());
            Thread acceptor = daemon("tls-accept-" + alias).newThread(() -> accept(server, connections));
            acceptor.start();
            ports.add(Integer.toString(server.getLocalPort()));
        }
        System.out.println(ports);
        System.out.flush();
        while (System.in.read() >= 0) {
            // serve until the parent closes our standard input or dies
        }
    }

    private static int byNumber(String a, String b) {
        return Integer.compare(Integer.parseInt(a.replaceAll("\\D", "")), Integer.parseInt(b.replaceAll("\\D", "")));
    }

    private static void accept(SSLServerSocket server, ExecutorService connections) {
        while (true) {
            Socket socket;
            try {
                socket = server.accept();
            } catch (IOException e) {
                return;
            }
            connections.execute(() -> serve((SSLSocket) socket));
        }
    }

    private static void serve(SSLSocket socket) {
        try (socket) {
            socket.setSoTimeout(30_000);
            socket.startHandshake();
            socket.getInputStream().read(); // until the client closes
        } catch (IOException e) {
            // the client went away after the handshake: normal for a certificate probe
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}

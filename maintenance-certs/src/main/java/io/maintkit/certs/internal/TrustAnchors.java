package io.maintkit.certs.internal;

import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import javax.security.auth.x500.X500Principal;

/** The certificates a chain may end at, by subject. */
public final class TrustAnchors {

    private final Map<X500Principal, List<X509Certificate>> bySubject;
    private final String description;

    private TrustAnchors(List<X509Certificate> anchors, String description) {
        Map<X500Principal, List<X509Certificate>> map = new HashMap<>();
        for (X509Certificate c : anchors) {
            map.computeIfAbsent(c.getSubjectX500Principal(), k -> new ArrayList<>(1)).add(c);
        }
        this.bySubject = map;
        this.description = description;
    }

    /** The JVM's default trust store. */
    public static TrustAnchors jvmDefault() {
        return JvmDefault.ANCHORS;
    }

    /** Every certificate in a keystore. */
    public static TrustAnchors of(KeyStore store) throws GeneralSecurityException {
        List<X509Certificate> anchors = new ArrayList<>();
        for (String alias : Collections.list(store.aliases())) {
            Certificate c = store.getCertificate(alias);
            if (c instanceof X509Certificate x) {
                anchors.add(x);
            }
        }
        return new TrustAnchors(anchors, "the given trust store");
    }

    /** {@code the JVM's trust store} or {@code the given trust store}. */
    public String description() {
        return description;
    }

    /** Whether the certificate itself, or another with its subject and key, is an anchor. */
    public boolean contains(X509Certificate cert) {
        for (X509Certificate a : bySubject.getOrDefault(cert.getSubjectX500Principal(), List.of())) {
            if (a.equals(cert) || a.getPublicKey().equals(cert.getPublicKey())) {
                return true;
            }
        }
        return false;
    }

    /** Whether an anchor issued the certificate. */
    public boolean issued(X509Certificate cert) {
        for (X509Certificate a : bySubject.getOrDefault(cert.getIssuerX500Principal(), List.of())) {
            if (Signatures.verifies(cert, a.getPublicKey())) {
                return true;
            }
        }
        return false;
    }

    private static final class JvmDefault {
        static final TrustAnchors ANCHORS = load();

        private static TrustAnchors load() {
            try {
                TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init((KeyStore) null);
                for (TrustManager tm : tmf.getTrustManagers()) {
                    if (tm instanceof X509TrustManager x) {
                        return new TrustAnchors(List.of(x.getAcceptedIssuers()), "the JVM's trust store");
                    }
                }
            } catch (GeneralSecurityException e) {
                // fall through: no anchors, every chain is untrusted
            }
            return new TrustAnchors(List.of(), "the JVM's trust store");
        }
    }
}

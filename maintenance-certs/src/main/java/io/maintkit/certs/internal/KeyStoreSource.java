package io.maintkit.certs.internal;

import io.maintkit.certs.CertificateProblem;
import io.maintkit.certs.SourceResult;
import io.maintkit.core.Finding;
import io.maintkit.core.Severity;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.Key;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.PrivateKey;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A PKCS#12 or JKS keystore: every alias, every certificate of each key entry's chain.
 *
 * @param path     the keystore file
 * @param type     {@code PKCS12} or {@code JKS}
 * @param password the store password, also tried for the keys; never shown
 */
public record KeyStoreSource(Path path, String type, char[] password) {

    /** The name findings use: the path as given. */
    public String name() {
        return path.toString();
    }

    /** Opens and judges the keystore; never throws. */
    public SourceResult inspect(CertificateJudge judge, Policy policy) {
        String name = name();
        KeyStore store;
        try {
            store = open();
        } catch (SourceFailure e) {
            return ResultAssembler.failed(name, SourceResult.Kind.KEY_STORE, e);
        }
        List<PlacedCertificate> placed = new ArrayList<>();
        List<Finding> findings = new ArrayList<>(0);
        try {
            List<String> aliases = Collections.list(store.aliases());
            Collections.sort(aliases);
            for (String alias : aliases) {
                Certificate[] chain = store.isKeyEntry(alias)
                        ? store.getCertificateChain(alias)
                        : new Certificate[] {store.getCertificate(alias)};
                if (chain == null) {
                    continue; // a secret key entry
                }
                for (int i = 0; i < chain.length; i++) {
                    if (chain[i] instanceof X509Certificate x) {
                        String location = name + "!" + alias + (i == 0 ? "" : "#" + i);
                        PlacedCertificate p = PlacedCertificate.of(location, name, i, x);
                        placed.add(p);
                        findings.addAll(judge.judge(p));
                        if (i == 0 && store.isKeyEntry(alias)) {
                            keyMatch(store, alias, p, policy, findings);
                        }
                    }
                }
            }
        } catch (KeyStoreException e) {
            return ResultAssembler.failed(name, SourceResult.Kind.KEY_STORE,
                    SourceFailure.unreadable("cannot list the keystore: " + e.getClass().getSimpleName()));
        }
        if (placed.isEmpty()) {
            return ResultAssembler.failed(name, SourceResult.Kind.KEY_STORE,
                    SourceFailure.unreadable("the keystore holds no certificate"));
        }
        return ResultAssembler.assemble(name, SourceResult.Kind.KEY_STORE, placed, findings, List.of(),
                Optional.empty(), policy.now());
    }

    private void keyMatch(KeyStore store, String alias, PlacedCertificate leaf, Policy policy, List<Finding> out) {
        Key key;
        try {
            key = store.getKey(alias, password);
        } catch (UnrecoverableKeyException e) {
            return; // the key has a password of its own: nothing to compare
        } catch (Exception e) {
            return;
        }
        if (key instanceof PrivateKey pk
                && !PrivateKeys.matches(pk, leaf.certificate().getPublicKey()).orElse(true)) {
            out.add(Findings.about(leaf, policy.now(), CertificateProblem.KEY_MISMATCH, Severity.CRITICAL,
                    "the private key of alias " + alias + " does not belong to its certificate"));
        }
    }

    private KeyStore open() throws SourceFailure {
        KeyStore store;
        try {
            store = KeyStore.getInstance(type);
        } catch (KeyStoreException e) {
            throw SourceFailure.unreadable("unknown keystore type " + type);
        }
        try (InputStream in = Files.newInputStream(path)) {
            store.load(in, password);
            return store;
        } catch (NoSuchFileException e) {
            throw SourceFailure.unreadable("no such file");
        } catch (IOException e) {
            if (e.getCause() instanceof UnrecoverableKeyException || mentionsPassword(e)) {
                throw new SourceFailure(CertificateProblem.WRONG_PASSWORD, Severity.UNKNOWN,
                        "cannot open the " + type + " keystore: wrong password");
            }
            throw SourceFailure.unreadable("cannot open the " + type + " keystore: not a " + type
                    + " keystore or corrupt (" + e.getClass().getSimpleName() + ")");
        } catch (Exception e) {
            throw SourceFailure.unreadable("cannot open the " + type + " keystore: " + e.getClass().getSimpleName());
        }
    }

    private static boolean mentionsPassword(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = t.getMessage();
            if (m != null && m.toLowerCase(java.util.Locale.ROOT).contains("password")) {
                return true;
            }
        }
        return false;
    }

    /** Never shows the password. */
    @Override
    public String toString() {
        return "KeyStoreSource[" + path + ", " + type + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KeyStoreSource k && path.equals(k.path) && type.equals(k.type);
    }

    @Override
    public int hashCode() {
        return Objects.hash(path, type);
    }
}

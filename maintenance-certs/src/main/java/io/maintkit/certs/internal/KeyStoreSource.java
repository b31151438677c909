package io.maintkit.certs.internal;

import io.maintkit.certs.CertificateProblem;
import io.maintkit.certs.SourceResult;
import io.maintkit.core.Finding;
import io.maintkit.core.Severity;

import java.io.ByteArrayInputStream;
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
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * A PKCS#12 or JKS keystore: every alias, every certificate of each key entry's chain.
 *
 * @param path     the keystore file
 * @param type     {@code PKCS12} or {@code JKS}
 * @param password the store password, also tried for the keys; never shown
 */
public record KeyStoreSource(Path path, String type, char[] password) implements Source {

    /** The name findings use: the path as given. */
    @Override
    public String name() {
        return path.toString();
    }

    @Override
    public SourceResult.Kind kind() {
        return SourceResult.Kind.KEY_STORE;
    }

    @Override
    public CompletableFuture<List<SourceResult>> start(Scan scan) {
        return Source.inspect(scan, this, () -> inspect(scan.judge(), scan.policy()));
    }

    /** Opens and judges the keystore; never throws. */
    private SourceResult inspect(CertificateJudge judge, Policy policy) {
        String name = name();
        byte[] bytes;
        KeyStore store;
        try {
            bytes = read();
            store = open(bytes);
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
        if (isPkcs12()) {
            certificateBags(bytes, judge, placed, findings);
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

    /**
     * Certificates the JDK's keystore leaves out: bags without a key or trust attribute, as
     * {@code openssl pkcs12 -export -nokeys} writes them. Each is named {@code store.p12!certificate-N}.
     */
    private void certificateBags(byte[] bytes, CertificateJudge judge, List<PlacedCertificate> placed,
                                 List<Finding> findings) {
        Set<String> seen = new HashSet<>();
        placed.forEach(p -> seen.add(p.info().sha256Fingerprint()));
        List<X509Certificate> bags = Pkcs12Contents.parse(bytes).map(c -> c.certificates(password)).orElse(List.of());
        int n = 0;
        for (X509Certificate cert : bags) {
            PlacedCertificate p = PlacedCertificate.of(name() + "!certificate-" + n++, name(), 0, cert);
            if (seen.add(p.info().sha256Fingerprint())) {
                placed.add(p);
                findings.addAll(judge.judge(p));
            }
        }
    }

    private boolean isPkcs12() {
        String upper = type.toUpperCase(Locale.ROOT);
        return upper.equals("PKCS12") || upper.equals("PFX");
    }

    private byte[] read() throws SourceFailure {
        try {
            return Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw SourceFailure.unreadable("no such file");
        } catch (IOException e) {
            throw SourceFailure.unreadable("cannot read the file: " + e.getClass().getSimpleName());
        }
    }

    private KeyStore open(byte[] bytes) throws SourceFailure {
        KeyStore store;
        try {
            store = KeyStore.getInstance(type);
        } catch (KeyStoreException e) {
            throw SourceFailure.unreadable("unknown keystore type " + type);
        }
        if (password == null && isPkcs12()
                && Pkcs12Contents.parse(bytes).map(Pkcs12Contents::needsPassword).orElse(false)) {
            throw new SourceFailure(CertificateProblem.PASSWORD_REQUIRED, Severity.UNKNOWN, "the " + type
                    + " keystore is protected by a password and none was given (an empty password is an empty "
                    + "array, not null)");
        }
        try (InputStream in = new ByteArrayInputStream(bytes)) {
            store.load(in, password);
            return store;
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
            if (m != null && m.toLowerCase(Locale.ROOT).contains("password")) {
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

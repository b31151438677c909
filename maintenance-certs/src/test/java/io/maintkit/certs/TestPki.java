package io.maintkit.certs;

import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PKCS8Generator;
import org.bouncycastle.openssl.jcajce.JcaMiscPEMGenerator;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMEncryptorBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** A certificate authority for tests: roots, intermediates and leaves with any flaw, written as PEM, DER or keystores. */
public final class TestPki {

    /** The instant every test judges at. */
    public static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    /** A clock fixed at {@link #NOW}. */
    public static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    private static final BouncyCastleProvider BC = new BouncyCastleProvider();
    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

    /** A certificate and its key pair. */
    public record Issued(X509Certificate cert, KeyPair keys) {
        public PrivateKey key() {
            return keys.getPrivate();
        }
    }

    private TestPki() {
    }

    public static KeyPair ec() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static KeyPair rsa(int bits) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(bits);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A new certificate specification. */
    public static Spec cert(String cn) {
        return new Spec(cn);
    }

    public static Issued root(String cn) {
        return cert(cn).ca().validFor(NOW.minus(Duration.ofDays(365)), NOW.plus(Duration.ofDays(3650))).issue();
    }

    public static Issued intermediate(String cn, Issued parent) {
        return cert(cn).ca().issuer(parent).validFor(NOW.minus(Duration.ofDays(30)), NOW.plus(Duration.ofDays(1825)))
                .issue();
    }

    /** A healthy leaf: valid from 10 days ago to 90 days ahead, with DNS SANs. */
    public static Spec leaf(String cn, Issued issuer, String... dnsNames) {
        return cert(cn).issuer(issuer).dns(dnsNames)
                .validFor(NOW.minus(Duration.ofDays(10)), NOW.plus(Duration.ofDays(90)));
    }

    /** What a certificate should look like. */
    public static final class Spec {
        private final String cn;
        private Issued issuer;
        private KeyPair keys;
        private Instant notBefore = NOW.minus(Duration.ofDays(10));
        private Instant notAfter = NOW.plus(Duration.ofDays(90));
        private boolean ca;
        private final List<GeneralName> sans = new ArrayList<>();
        private String signatureAlgorithm;

        private Spec(String cn) {
            this.cn = cn;
        }

        public Spec issuer(Issued parent) {
            this.issuer = parent;
            return this;
        }

        public Spec keys(KeyPair pair) {
            this.keys = pair;
            return this;
        }

        Spec ca() {
            this.ca = true;
            return this;
        }

        public Spec dns(String... names) {
            for (String n : names) {
                sans.add(new GeneralName(GeneralName.dNSName, n));
            }
            return this;
        }

        Spec ip(String address) {
            sans.add(new GeneralName(GeneralName.iPAddress, address));
            return this;
        }

        public Spec validFor(Instant from, Instant to) {
            this.notBefore = from;
            this.notAfter = to;
            return this;
        }

        public Spec expiresIn(Duration left) {
            this.notAfter = NOW.plus(left);
            return this;
        }

        Spec signedWith(String algorithm) {
            this.signatureAlgorithm = algorithm;
            return this;
        }

        public Issued issue() {
            try {
                KeyPair pair = keys != null ? keys : ec();
                X500Name subject = new X500Name("O=maintkit test,CN=" + cn);
                X500Name issuerName = issuer == null ? subject
                        : X500Name.getInstance(issuer.cert().getSubjectX500Principal().getEncoded());
                PrivateKey signer = issuer == null ? pair.getPrivate() : issuer.key();
                X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuerName,
                        BigInteger.valueOf(SERIAL.incrementAndGet()), Date.from(notBefore), Date.from(notAfter),
                        subject, pair.getPublic());
                JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
                b.addExtension(Extension.basicConstraints, true, ca ? new BasicConstraints(true)
                        : new BasicConstraints(false));
                b.addExtension(Extension.keyUsage, true, ca
                        ? new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign)
                        : new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
                b.addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(pair.getPublic()));
                if (issuer != null) {
                    b.addExtension(Extension.authorityKeyIdentifier, false,
                            utils.createAuthorityKeyIdentifier(issuer.cert()));
                }
                if (!sans.isEmpty()) {
                    b.addExtension(Extension.subjectAlternativeName, false,
                            new GeneralNames(sans.toArray(new GeneralName[0])));
                }
                String algorithm = signatureAlgorithm != null ? signatureAlgorithm
                        : signer.getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
                X509Certificate cert = new JcaX509CertificateConverter()
                        .getCertificate(b.build(new JcaContentSignerBuilder(algorithm).build(signer)));
                return new Issued(cert, pair);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    public static String pem(Object... objects) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(out)) {
            for (Object o : objects) {
                w.writeObject(o);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toString();
    }

    /** A plain PKCS#8 {@code PRIVATE KEY} block. */
    public static String pkcs8(PrivateKey key) {
        try {
            return pem(new JcaPKCS8Generator(key, null));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String pkcs8Encrypted(PrivateKey key, char[] password) {
        try {
            return pem(new JcaPKCS8Generator(key, new JceOpenSSLPKCS8EncryptorBuilder(PKCS8Generator.AES_256_CBC).setProvider(BC)
                    .setPassword(password).build()));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String legacyEncrypted(PrivateKey key, char[] password) {
        try {
            return pem(new JcaMiscPEMGenerator(key, new JcePEMEncryptorBuilder("AES-128-CBC").setProvider(BC).build(password)));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Path write(Path file, String text) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        return Files.writeString(file, text, StandardCharsets.US_ASCII);
    }

    static Path writeDer(Path file, X509Certificate cert) throws IOException {
        try {
            return Files.write(file, cert.getEncoded());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A keystore with one key entry (key + chain) and any trusted certificates. */
    static Path keyStore(Path file, String type, char[] password, String alias, PrivateKey key,
                         List<X509Certificate> chain, X509Certificate... trusted) throws Exception {
        KeyStore store = KeyStore.getInstance(type);
        store.load(null, null);
        store.setKeyEntry(alias, key, password, chain.toArray(new X509Certificate[0]));
        for (int i = 0; i < trusted.length; i++) {
            store.setCertificateEntry("trusted-" + i, trusted[i]);
        }
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, password);
        }
        return file;
    }

    /** An in-memory trust store holding the given certificates. */
    public static KeyStore trustStore(X509Certificate... anchors) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            for (int i = 0; i < anchors.length; i++) {
                store.setCertificateEntry("anchor-" + i, anchors[i]);
            }
            return store;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}

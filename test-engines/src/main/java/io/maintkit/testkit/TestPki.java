package io.maintkit.testkit;

import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
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
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PKCS8Generator;
import org.bouncycastle.openssl.jcajce.JcaMiscPEMGenerator;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMEncryptorBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A small certificate authority for tests, demos and benchmarks: roots, intermediates and leaves
 * with any validity window, key and flaw, written as PEM, DER or keystores.
 *
 * <pre>{@code
 * TestPki.Issued root = TestPki.root("Demo Root");
 * TestPki.Issued intermediate = TestPki.intermediate("Demo Intermediate", root);
 * TestPki.Issued api = TestPki.leaf("api.example", intermediate, "api.example").expiresIn(Duration.ofDays(5)).issue();
 * TestPki.writeChain(dir.resolve("api.pem"), api, intermediate);
 * TestPki.writeKey(dir.resolve("api.key"), api);
 * }</pre>
 *
 * <p>Every default validity window is relative to {@link #NOW}, the moment this class was loaded
 * (in a test run or a main program alike). Judge what was issued with {@link #CLOCK} for exact day
 * counts; the system clock differs only by the time the program has run since.
 *
 * <p>Subjects read {@code CN=<name>,O=maintkit test}. Keys are EC P-256 unless a
 * {@link Spec#keys(KeyPair) key pair} is given (e.g. {@link #rsa(int)}); signatures are SHA-256
 * unless {@link Spec#signedWith(String)} says otherwise.
 */
public final class TestPki {

    /** The instant validity windows are relative to: when this class was loaded, to the second. */
    public static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    /** A clock fixed at {@link #NOW}, to judge issued certificates with. */
    public static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    private static final BouncyCastleProvider BC = new BouncyCastleProvider();
    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

    /**
     * A certificate and its key pair.
     *
     * @param cert the certificate
     * @param keys its key pair
     */
    public record Issued(X509Certificate cert, KeyPair keys) {

        /**
         * The private key.
         *
         * @return the private key of {@link #keys()}
         */
        public PrivateKey key() {
            return keys.getPrivate();
        }
    }

    private TestPki() {
    }

    /**
     * A new EC key pair on P-256.
     *
     * @return the key pair
     */
    public static KeyPair ec() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A new RSA key pair.
     *
     * @param bits the key size, e.g. 2048, or 1024 for a weak key
     * @return the key pair
     */
    public static KeyPair rsa(int bits) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(bits);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A new certificate specification: self-signed, not a CA, valid from 10 days before to 90
     * days after {@link #NOW}, until changed.
     *
     * @param cn the subject's common name
     * @return the specification
     */
    public static Spec cert(String cn) {
        return new Spec(cn);
    }

    /**
     * A self-signed root CA, valid from a year before to ten years after {@link #NOW}.
     *
     * @param cn the subject's common name
     * @return the issued root
     */
    public static Issued root(String cn) {
        return cert(cn).ca().validFor(NOW.minus(Duration.ofDays(365)), NOW.plus(Duration.ofDays(3650))).issue();
    }

    /**
     * An intermediate CA, valid from 30 days before to five years after {@link #NOW}.
     *
     * @param cn the subject's common name
     * @param parent the issuing CA
     * @return the issued intermediate
     */
    public static Issued intermediate(String cn, Issued parent) {
        return cert(cn).ca().issuer(parent).validFor(NOW.minus(Duration.ofDays(30)), NOW.plus(Duration.ofDays(1825)))
                .issue();
    }

    /**
     * A healthy leaf, valid from 10 days before to 90 days after {@link #NOW}, to adjust before
     * {@link Spec#issue()}.
     *
     * @param cn the subject's common name
     * @param issuer the issuing CA
     * @param dnsNames the DNS subject alternative names
     * @return the specification
     */
    public static Spec leaf(String cn, Issued issuer, String... dnsNames) {
        return cert(cn).issuer(issuer).dns(dnsNames);
    }

    /** What a certificate should look like; each method changes this specification and returns it. */
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

        /**
         * Signs with this CA instead of self-signing.
         *
         * @param parent the issuing CA
         * @return this specification
         */
        public Spec issuer(Issued parent) {
            this.issuer = parent;
            return this;
        }

        /**
         * Certifies this key pair instead of a new EC one, e.g. {@code TestPki.rsa(4096)}.
         *
         * @param pair the subject's key pair
         * @return this specification
         */
        public Spec keys(KeyPair pair) {
            this.keys = pair;
            return this;
        }

        /**
         * Makes it a CA certificate (basic constraints CA, key usage keyCertSign and cRLSign).
         *
         * @return this specification
         */
        public Spec ca() {
            this.ca = true;
            return this;
        }

        /**
         * Adds DNS subject alternative names.
         *
         * @param names the names, e.g. {@code api.example} or {@code *.apps.example}
         * @return this specification
         */
        public Spec dns(String... names) {
            for (String name : names) {
                sans.add(new GeneralName(GeneralName.dNSName, name));
            }
            return this;
        }

        /**
         * Adds an IP address subject alternative name.
         *
         * @param address an IPv4 or IPv6 literal, e.g. {@code 127.0.0.1}
         * @return this specification
         */
        public Spec ip(String address) {
            sans.add(new GeneralName(GeneralName.iPAddress, address));
            return this;
        }

        /**
         * Sets the validity window.
         *
         * @param from not before
         * @param to not after
         * @return this specification
         */
        public Spec validFor(Instant from, Instant to) {
            this.notBefore = from;
            this.notAfter = to;
            return this;
        }

        /**
         * Lets it expire this long after {@link #NOW}; the start of its window stays.
         *
         * @param left the time left, e.g. {@code Duration.ofDays(3)}
         * @return this specification
         */
        public Spec expiresIn(Duration left) {
            this.notAfter = NOW.plus(left);
            return this;
        }

        /**
         * Makes it expired this long before {@link #NOW}, after a 90-day window.
         *
         * @param ago how long ago it expired
         * @return this specification
         */
        public Spec expired(Duration ago) {
            Instant end = NOW.minus(ago);
            return validFor(end.minus(Duration.ofDays(90)), end);
        }

        /**
         * Signs with another algorithm than SHA-256, e.g. {@code SHA1withECDSA} for a weak signature.
         *
         * @param algorithm a JCA signature algorithm name that fits the issuer's key
         * @return this specification
         */
        public Spec signedWith(String algorithm) {
            this.signatureAlgorithm = algorithm;
            return this;
        }

        /**
         * Issues the certificate.
         *
         * @return the certificate and its key pair
         */
        public Issued issue() {
            try {
                KeyPair pair = keys != null ? keys : ec();
                X500Name subject = new X500Name("O=maintkit test,CN=" + cn);
                X500Name issuerName = issuer == null ? subject
                        : X500Name.getInstance(issuer.cert().getSubjectX500Principal().getEncoded());
                PrivateKey signer = issuer == null ? pair.getPrivate() : issuer.key();
                X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuerName,
                        BigInteger.valueOf(SERIAL.incrementAndGet()), Date.from(notBefore), Date.from(notAfter),
                        subject, pair.getPublic());
                JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
                builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
                builder.addExtension(Extension.keyUsage, true, ca
                        ? new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign)
                        : new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
                builder.addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(pair.getPublic()));
                if (issuer != null) {
                    builder.addExtension(Extension.authorityKeyIdentifier, false,
                            utils.createAuthorityKeyIdentifier(issuer.cert()));
                }
                if (!sans.isEmpty()) {
                    builder.addExtension(Extension.subjectAlternativeName, false,
                            new GeneralNames(sans.toArray(new GeneralName[0])));
                }
                String algorithm = signatureAlgorithm != null ? signatureAlgorithm
                        : signer.getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
                X509Certificate cert = new JcaX509CertificateConverter()
                        .getCertificate(builder.build(new JcaContentSignerBuilder(algorithm).build(signer)));
                return new Issued(cert, pair);
            } catch (Exception e) {
                throw new IllegalStateException("Cannot issue a certificate for " + cn + ": " + e.getMessage(), e);
            }
        }
    }

    /**
     * PEM text of certificates, keys or generators, one block each, in order.
     *
     * @param objects what Bouncy Castle's {@code JcaPEMWriter} takes, e.g. {@link X509Certificate}s
     * @return the PEM text
     */
    public static String pem(Object... objects) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            for (Object o : objects) {
                writer.writeObject(o);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /**
     * A plain PKCS#8 {@code PRIVATE KEY} block.
     *
     * @param key the key
     * @return the PEM text
     */
    public static String pkcs8(PrivateKey key) {
        try {
            return pem(new JcaPKCS8Generator(key, null));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * An {@code ENCRYPTED PRIVATE KEY} block (PKCS#8, AES-256-CBC).
     *
     * @param key the key
     * @param password the password to encrypt it with
     * @return the PEM text
     */
    public static String pkcs8Encrypted(PrivateKey key, char[] password) {
        try {
            return pem(new JcaPKCS8Generator(key, new JceOpenSSLPKCS8EncryptorBuilder(PKCS8Generator.AES_256_CBC).setProvider(BC)
                    .setPassword(password).build()));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A traditional OpenSSL key block with {@code Proc-Type: 4,ENCRYPTED} (AES-128-CBC).
     *
     * @param key the key
     * @param password the password to encrypt it with
     * @return the PEM text
     */
    public static String legacyEncrypted(PrivateKey key, char[] password) {
        try {
            return pem(new JcaMiscPEMGenerator(key, new JcePEMEncryptorBuilder("AES-128-CBC").setProvider(BC).build(password)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes text (e.g. PEM) to a file, creating its directories.
     *
     * @param file the file
     * @param text the text, in US-ASCII
     * @return the file
     * @throws IOException when it cannot be written
     */
    public static Path write(Path file, String text) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        return Files.writeString(file, text, StandardCharsets.US_ASCII);
    }

    /**
     * Writes a certificate chain as PEM: the certificate, then its issuers' in the order given, as
     * servers present it (e.g. PostgreSQL's {@code ssl_cert_file}, nginx's {@code fullchain.pem}).
     *
     * @param file the file
     * @param leaf the certificate
     * @param issuers its issuers, nearest first; usually the intermediates only
     * @return the file
     * @throws IOException when it cannot be written
     */
    public static Path writeChain(Path file, Issued leaf, Issued... issuers) throws IOException {
        Object[] chain = new Object[issuers.length + 1];
        chain[0] = leaf.cert();
        for (int i = 0; i < issuers.length; i++) {
            chain[i + 1] = issuers[i].cert();
        }
        return write(file, pem(chain));
    }

    /**
     * Writes a private key as a plain PKCS#8 PEM file that only its owner may read (where the file
     * system has POSIX permissions), as PostgreSQL requires of {@code ssl_key_file}.
     *
     * @param file the file
     * @param issued the certificate whose key to write
     * @return the file
     * @throws IOException when it cannot be written
     */
    public static Path writeKey(Path file, Issued issued) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.deleteIfExists(file);
        if (Files.getFileAttributeView(file.toAbsolutePath().getParent(), PosixFileAttributeView.class) != null) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        return Files.writeString(file, pkcs8(issued.key()), StandardCharsets.US_ASCII);
    }

    /**
     * Writes a certificate in DER.
     *
     * @param file the file
     * @param cert the certificate
     * @return the file
     * @throws IOException when it cannot be written
     */
    public static Path writeDer(Path file, X509Certificate cert) throws IOException {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            return Files.write(file, cert.getEncoded());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Writes a keystore with one key entry (key and chain) and any trusted certificates.
     *
     * @param file the file
     * @param type {@code PKCS12} or {@code JKS}
     * @param password the store and key password
     * @param alias the key entry's alias
     * @param key the private key
     * @param chain its certificate first, then the issuers'
     * @param trusted trusted certificate entries ({@code trusted-0}, {@code trusted-1}, ...)
     * @return the file
     * @throws IOException when it cannot be written
     * @throws GeneralSecurityException when the keystore type is missing or refuses the entries
     */
    public static Path keyStore(Path file, String type, char[] password, String alias, PrivateKey key,
                                List<X509Certificate> chain, X509Certificate... trusted)
            throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance(type);
        store.load(null, null);
        store.setKeyEntry(alias, key, password, chain.toArray(new X509Certificate[0]));
        for (int i = 0; i < trusted.length; i++) {
            store.setCertificateEntry("trusted-" + i, trusted[i]);
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, password);
        }
        return file;
    }

    /**
     * An in-memory PKCS#12 trust store holding the given certificates.
     *
     * @param anchors the trusted certificates, usually roots
     * @return the trust store
     */
    public static KeyStore trustStore(X509Certificate... anchors) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            for (int i = 0; i < anchors.length; i++) {
                store.setCertificateEntry("anchor-" + i, anchors[i]);
            }
            return store;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}

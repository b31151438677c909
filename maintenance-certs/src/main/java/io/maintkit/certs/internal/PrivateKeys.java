package io.maintkit.certs.internal;

import io.maintkit.certs.CertificateProblem;
import io.maintkit.core.Severity;

import java.io.StringReader;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.util.Locale;
import java.util.Optional;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMDecryptorProviderBuilder;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * Reads PEM private keys (PKCS#8 plain or encrypted, legacy OpenSSL plain or encrypted) and tells whether one
 * belongs to a certificate's public key.
 */
public final class PrivateKeys {

    private static final SecureRandom RANDOM = new SecureRandom();

    private PrivateKeys() {
    }

    /**
     * The key in a PEM block; empty when it is encrypted and no password was given.
     *
     * @param where what to put before {@code line N} in a reason: empty for the certificate file itself,
     *              {@code key file /etc/ssl/api.key } for a separate one
     *
     * @throws SourceFailure when it cannot be parsed or decrypted; the reason never holds the password
     */
    public static Optional<PrivateKey> read(PemBlock block, char[] password, String where) throws SourceFailure {
        try (PEMParser parser = new PEMParser(new StringReader(block.text()))) {
            Object parsed = parser.readObject();
            PrivateKeyInfo info;
            if (parsed instanceof PrivateKeyInfo plain) {
                info = plain;
            } else if (parsed instanceof PEMKeyPair pair) {
                info = pair.getPrivateKeyInfo();
            } else if (parsed instanceof PKCS8EncryptedPrivateKeyInfo encrypted) {
                if (password == null) {
                    return Optional.empty();
                }
                info = encrypted.decryptPrivateKeyInfo(new JceOpenSSLPKCS8DecryptorProviderBuilder()
                        .setProvider(BouncyCastle.PROVIDER).build(password));
            } else if (parsed instanceof PEMEncryptedKeyPair encrypted) {
                if (password == null) {
                    return Optional.empty();
                }
                info = encrypted.decryptKeyPair(new JcePEMDecryptorProviderBuilder()
                        .setProvider(BouncyCastle.PROVIDER).build(password)).getPrivateKeyInfo();
            } else {
                throw SourceFailure.unreadable(where + "line " + block.beginLine() + ": the " + block.type()
                        + " block is not a private key this reader knows");
            }
            return Optional.of(new JcaPEMKeyConverter().getPrivateKey(info));
        } catch (SourceFailure e) {
            throw e;
        } catch (Exception e) {
            if (block.type().startsWith("ENCRYPTED") || block.text().contains("ENCRYPTED")) {
                throw new SourceFailure(CertificateProblem.WRONG_PASSWORD, Severity.UNKNOWN, where + "line "
                        + block.beginLine() + ": cannot decrypt the private key: wrong password or unsupported "
                        + "encryption");
            }
            throw SourceFailure.unreadable(where + "line " + block.beginLine() + ": cannot read the private key: "
                    + rootMessage(e));
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }

    /**
     * Whether the private key belongs to the public key, by signing and verifying a random challenge; empty when the
     * algorithm is not one this knows.
     */
    public static Optional<Boolean> matches(PrivateKey key, PublicKey publicKey) {
        String algorithm = signatureAlgorithm(key.getAlgorithm());
        if (algorithm == null) {
            return Optional.empty();
        }
        if (!sameFamily(key.getAlgorithm(), publicKey.getAlgorithm())) {
            return Optional.of(false);
        }
        try {
            byte[] challenge = new byte[32];
            RANDOM.nextBytes(challenge);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(challenge);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(publicKey);
            verifier.update(challenge);
            return Optional.of(verifier.verify(signature));
        } catch (GeneralSecurityException | RuntimeException e) {
            return Optional.of(false);
        }
    }

    private static String signatureAlgorithm(String keyAlgorithm) {
        return switch (keyAlgorithm.toUpperCase(Locale.ROOT)) {
            case "RSA" -> "SHA256withRSA";
            case "EC", "ECDSA" -> "SHA256withECDSA";
            case "DSA" -> "SHA256withDSA";
            case "ED25519" -> "Ed25519";
            case "ED448" -> "Ed448";
            case "EDDSA" -> "EdDSA";
            default -> null;
        };
    }

    private static boolean sameFamily(String a, String b) {
        String x = family(a);
        return x.equals(family(b));
    }

    private static String family(String algorithm) {
        String upper = algorithm.toUpperCase(Locale.ROOT);
        if (upper.equals("ECDSA")) {
            return "EC";
        }
        if (upper.startsWith("ED")) {
            return "EDDSA";
        }
        return upper;
    }
}

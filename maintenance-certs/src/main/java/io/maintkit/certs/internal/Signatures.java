package io.maintkit.certs.internal;

import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.Locale;

/** Signature checks on certificates. */
public final class Signatures {

    private Signatures() {
    }

    /** Whether {@code cert} verifies with {@code issuerKey}. */
    public static boolean verifies(X509Certificate cert, PublicKey issuerKey) {
        try {
            cert.verify(issuerKey);
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    /** Whether {@code cert} was issued by {@code issuer}: names chain and the signature verifies. */
    public static boolean issuedBy(X509Certificate cert, X509Certificate issuer) {
        return cert.getIssuerX500Principal().equals(issuer.getSubjectX500Principal())
                && verifies(cert, issuer.getPublicKey());
    }

    /** The digest name of a weak signature algorithm ({@code MD5}, {@code SHA-1}), or null when it is not weak. */
    public static String weakDigest(String signatureAlgorithm) {
        String upper = signatureAlgorithm.toUpperCase(Locale.ROOT);
        if (upper.startsWith("MD2")) {
            return "MD2";
        }
        if (upper.startsWith("MD5")) {
            return "MD5";
        }
        if (upper.startsWith("SHA1") || upper.startsWith("SHA-1") || upper.equals("1.2.840.10045.4.1")) {
            return "SHA-1";
        }
        return null;
    }
}

package io.maintkit.certs.internal;

import io.maintkit.certs.CertificateInfo;

import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.DSAPublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.EdECKey;
import java.security.interfaces.RSAPublicKey;
import java.security.interfaces.XECKey;
import java.security.spec.NamedParameterSpec;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import javax.security.auth.x500.X500Principal;

import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;

/** Reads what a certificate says about itself. */
public final class CertificateFacts {

    private static final String[] SAN_TYPES = {"other", "email", "DNS", "X400", "DirName", "EDI", "URI", "IP", "RID"};

    private CertificateFacts() {
    }

    /** The facts of one certificate. */
    public static CertificateInfo of(X509Certificate cert) {
        return new CertificateInfo(
                cert.getSubjectX500Principal().getName(X500Principal.RFC2253),
                cert.getIssuerX500Principal().getName(X500Principal.RFC2253),
                cert.getSerialNumber().toString(16),
                subjectAlternativeNames(cert),
                cert.getNotBefore().toInstant(),
                cert.getNotAfter().toInstant(),
                keyAlgorithm(cert.getPublicKey()),
                keyBits(cert.getPublicKey()),
                cert.getSigAlgName(),
                isSelfSigned(cert),
                cert.getBasicConstraints() >= 0,
                fingerprint(cert));
    }

    /** The SANs as {@code DNS:name}, {@code IP:address}, ... */
    public static List<String> subjectAlternativeNames(X509Certificate cert) {
        Collection<List<?>> names;
        try {
            names = cert.getSubjectAlternativeNames();
        } catch (CertificateParsingException e) {
            return List.of();
        }
        if (names == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>(names.size());
        for (List<?> entry : names) {
            int type = (Integer) entry.get(0);
            Object value = entry.get(1);
            String label = type >= 0 && type < SAN_TYPES.length ? SAN_TYPES[type] : Integer.toString(type);
            out.add(label + ":" + (value instanceof String s ? s : "<binary>"));
        }
        return out;
    }

    /**
     * The key's algorithm as operators name it: {@code RSA}, {@code EC}, and for Edwards and Montgomery curves the
     * curve ({@code Ed25519}, {@code Ed448}, {@code X25519}) where Java says {@code EdDSA} or {@code XDH}.
     */
    public static String keyAlgorithm(PublicKey key) {
        if (key instanceof EdECKey ed) {
            return ed.getParams().getName();
        }
        if (key instanceof XECKey x && x.getParams() instanceof NamedParameterSpec named) {
            return named.getName();
        }
        return key.getAlgorithm();
    }

    /** Key size in bits as OpenSSL counts it, 0 for an algorithm whose size is not known here. */
    public static int keyBits(PublicKey key) {
        if (key instanceof RSAPublicKey rsa) {
            return rsa.getModulus().bitLength();
        }
        if (key instanceof ECPublicKey ec) {
            return ec.getParams().getOrder().bitLength();
        }
        if (key instanceof DSAPublicKey dsa && dsa.getParams() != null) {
            return dsa.getParams().getP().bitLength();
        }
        return switch (keyAlgorithm(key).toUpperCase(Locale.ROOT)) {
            case "ED25519" -> 256; // the encoded public key, as OpenSSL's EVP_PKEY_get_bits counts it
            case "ED448" -> 456;
            case "X25519" -> 253;
            case "X448" -> 448;
            default -> 0;
        };
    }

    /** The URIs where the certificate says its issuer's certificate is published (AIA caIssuers), if any. */
    public static List<String> caIssuers(X509Certificate cert) {
        byte[] extension = cert.getExtensionValue(Extension.authorityInfoAccess.getId());
        if (extension == null) {
            return List.of();
        }
        try {
            AuthorityInformationAccess aia = AuthorityInformationAccess.getInstance(
                    JcaX509ExtensionUtils.parseExtensionValue(extension));
            List<String> out = new ArrayList<>(1);
            for (AccessDescription d : aia.getAccessDescriptions()) {
                GeneralName where = d.getAccessLocation();
                if (d.getAccessMethod().equals(AccessDescription.id_ad_caIssuers)
                        && where.getTagNo() == GeneralName.uniformResourceIdentifier) {
                    out.add(where.getName().toString());
                }
            }
            return out;
        } catch (IOException | RuntimeException e) {
            return List.of(); // a malformed extension names nothing
        }
    }

    /** Whether the certificate names itself as issuer and verifies with its own key. */
    public static boolean isSelfSigned(X509Certificate cert) {
        return cert.getSubjectX500Principal().equals(cert.getIssuerX500Principal())
                && Signatures.verifies(cert, cert.getPublicKey());
    }

    /** The SHA-256 fingerprint, lower-case hex. */
    public static String fingerprint(X509Certificate cert) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(cert.getEncoded()));
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            return "";
        }
    }
}

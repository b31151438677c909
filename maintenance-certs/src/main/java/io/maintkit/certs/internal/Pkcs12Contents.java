package io.maintkit.certs.internal;

import java.io.IOException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.bouncycastle.asn1.pkcs.ContentInfo;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.pkcs.PKCS12PfxPdu;
import org.bouncycastle.pkcs.PKCS12SafeBag;
import org.bouncycastle.pkcs.PKCS12SafeBagFactory;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.pkcs.jcajce.JcePKCSPBEInputDecryptorProviderBuilder;

/**
 * What the JDK's PKCS#12 keystore does not show: certificate bags without a key or Java's trust attribute (what
 * {@code openssl pkcs12 -export -nokeys} writes), and whether the file is protected by a password at all.
 */
final class Pkcs12Contents {

    private final PKCS12PfxPdu pfx;

    private Pkcs12Contents(PKCS12PfxPdu pfx) {
        this.pfx = pfx;
    }

    /** The parsed file; empty when it is not PKCS#12 as Bouncy Castle reads it. */
    static Optional<Pkcs12Contents> parse(byte[] file) {
        try {
            return Optional.of(new Pkcs12Contents(new PKCS12PfxPdu(file)));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Whether opening it needs a password (possibly an empty one): it has a MAC or encrypted contents. */
    boolean needsPassword() {
        if (pfx.hasMac()) {
            return true;
        }
        for (ContentInfo info : pfx.getContentInfos()) {
            if (info.getContentType().equals(PKCSObjectIdentifiers.encryptedData)) {
                return true;
            }
        }
        return false;
    }

    /** Every certificate bag, in file order; bags that cannot be decrypted or decoded are left out. */
    List<X509Certificate> certificates(char[] password) {
        List<X509Certificate> out = new ArrayList<>(2);
        JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
        for (ContentInfo info : pfx.getContentInfos()) {
            try {
                PKCS12SafeBagFactory bags = info.getContentType().equals(PKCSObjectIdentifiers.encryptedData)
                        ? new PKCS12SafeBagFactory(info, new JcePKCSPBEInputDecryptorProviderBuilder()
                                .setProvider(BouncyCastle.PROVIDER).build(password == null ? new char[0] : password))
                        : new PKCS12SafeBagFactory(info);
                for (PKCS12SafeBag bag : bags.getSafeBags()) {
                    if (bag.getBagValue() instanceof X509CertificateHolder holder) {
                        out.add(converter.getCertificate(holder));
                    }
                }
            } catch (PKCSException | CertificateException | RuntimeException e) {
                // a part that does not open: the JDK's reading of the store stands for it
            }
        }
        return out;
    }
}

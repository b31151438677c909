package io.maintkit.certs.internal;

/**
 * One {@code -----BEGIN TYPE-----} ... {@code -----END TYPE-----} block.
 *
 * @param type      the label, e.g. {@code CERTIFICATE}, {@code ENCRYPTED PRIVATE KEY}
 * @param beginLine the 1-based line of its BEGIN line
 * @param der       the decoded body
 * @param text      the block's text from BEGIN to END, headers included
 */
public record PemBlock(String type, int beginLine, byte[] der, String text) {

    /** Whether the block holds certificates. */
    public boolean isCertificate() {
        return type.equals("CERTIFICATE") || type.equals("X509 CERTIFICATE") || type.equals("TRUSTED CERTIFICATE")
                || type.equals("PKCS7");
    }

    /** Whether the block holds a private key, plain or encrypted. */
    public boolean isPrivateKey() {
        return type.endsWith("PRIVATE KEY");
    }
}

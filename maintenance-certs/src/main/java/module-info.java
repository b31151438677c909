/**
 * Certificate expiry and hygiene over PEM and DER files, directories, keystores and live TLS endpoints.
 */
module io.maintkit.certs {
    requires transitive io.maintkit.core;
    requires java.naming;
    requires org.bouncycastle.provider;
    requires org.bouncycastle.pkix;
    requires org.bouncycastle.util;

    exports io.maintkit.certs;
}

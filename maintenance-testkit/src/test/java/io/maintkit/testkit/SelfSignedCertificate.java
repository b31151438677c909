package io.maintkit.testkit;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/** A self-signed RSA certificate and its key as PEM files, made with the JDK's keytool. */
record SelfSignedCertificate(Path certificate, Path privateKey) {

    static SelfSignedCertificate create(Path directory, String commonName) throws Exception {
        Path keystore = directory.resolve("server.p12");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Processes.Result result = Processes.run(List.of(keytool, "-genkeypair", "-alias", "server", "-keyalg", "RSA",
                "-keysize", "2048", "-dname", "CN=" + commonName, "-validity", "2", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", "changeit", "-keypass", "changeit"), directory, Map.of(), 60);
        if (!result.succeeded()) {
            throw new IllegalStateException("keytool failed: " + result.output());
        }
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            store.load(in, "changeit".toCharArray());
        }
        PrivateKey key = (PrivateKey) store.getKey("server", "changeit".toCharArray());
        Certificate cert = store.getCertificate("server");
        Path certificate = directory.resolve("server.crt");
        Path privateKey = directory.resolve("server.key");
        Files.writeString(certificate, pem("CERTIFICATE", cert.getEncoded()));
        Files.writeString(privateKey, pem("PRIVATE KEY", key.getEncoded()));
        return new SelfSignedCertificate(certificate, privateKey);
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}

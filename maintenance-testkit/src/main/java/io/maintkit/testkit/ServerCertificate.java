package io.maintkit.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.Key;
import java.security.KeyStore;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A self-signed certificate and key (PEM) for a test server's TLS, made once per user with the
 * JDK's {@code keytool} and cached. MariaDB 11.4 otherwise generates a fresh RSA key at every
 * start-up, which takes seconds.
 */
final class ServerCertificate {

    private static final Logger LOG = LoggerFactory.getLogger(ServerCertificate.class);
    private static final String STORE_PASSWORD = "maintkit";

    private ServerCertificate() {
    }

    /** The certificate and key files, or empty when keytool is missing or fails. */
    record Pem(Path certificate, Path privateKey) {
    }

    static Optional<Pem> cached(Path directory) {
        Path certificate = directory.resolve("server-cert.pem");
        Path privateKey = directory.resolve("server-key.pem");
        Workspace.directory(directory.getParent());
        FileLock lock = Workspace.lock(directory.resolveSibling(directory.getFileName() + ".lock"));
        try {
            if (Files.isRegularFile(certificate) && Files.isRegularFile(privateKey)) {
                return Optional.of(new Pem(certificate, privateKey));
            }
            Workspace.directory(directory);
            Path keytool = Path.of(System.getProperty("java.home"), "bin", ServerAccount.isWindows() ? "keytool.exe" : "keytool");
            if (!Files.isExecutable(keytool)) {
                return Optional.empty();
            }
            Path store = Files.createTempFile(directory, "server", ".p12");
            Files.delete(store);
            try {
                Processes.Result result = Processes.run(List.of(keytool.toString(), "-genkeypair", "-alias", "server", "-keyalg", "RSA",
                        "-keysize", "2048", "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "3650",
                        "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", STORE_PASSWORD,
                        "-keypass", STORE_PASSWORD), directory, Map.of(), 120);
                if (!result.succeeded()) {
                    LOG.debug("keytool failed: {}", result.output());
                    return Optional.empty();
                }
                KeyStore keyStore = KeyStore.getInstance("PKCS12");
                try (InputStream in = Files.newInputStream(store)) {
                    keyStore.load(in, STORE_PASSWORD.toCharArray());
                }
                Key key = keyStore.getKey("server", STORE_PASSWORD.toCharArray());
                Path keyTemp = Files.createTempFile(directory, "key", ".tmp");
                Files.setPosixFilePermissions(keyTemp, PosixFilePermissions.fromString("rw-------"));
                Files.writeString(keyTemp, pem("PRIVATE KEY", key.getEncoded()), StandardCharsets.US_ASCII);
                Files.move(keyTemp, privateKey);
                Path certificateTemp = Files.createTempFile(directory, "cert", ".tmp");
                Files.writeString(certificateTemp, pem("CERTIFICATE", keyStore.getCertificate("server").getEncoded()),
                        StandardCharsets.US_ASCII);
                Files.setPosixFilePermissions(certificateTemp, PosixFilePermissions.fromString("rw-r--r--"));
                Files.move(certificateTemp, certificate);
                return Optional.of(new Pem(certificate, privateKey));
            } finally {
                Files.deleteIfExists(store);
            }
        } catch (IOException | java.security.GeneralSecurityException | RuntimeException e) {
            LOG.debug("No cached server certificate", e);
            return Optional.empty();
        } finally {
            Workspace.release(lock);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}

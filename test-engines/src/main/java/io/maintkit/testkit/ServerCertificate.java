package io.maintkit.testkit;

import java.io.IOException;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A self-signed certificate and key (PEM) for a test server's TLS, made once per user with
 * {@link TestPki} and cached. MariaDB 11.4 otherwise generates a fresh RSA key at every start-up,
 * which takes seconds.
 */
final class ServerCertificate {

    private static final Logger LOG = LoggerFactory.getLogger(ServerCertificate.class);

    private ServerCertificate() {
    }

    /** The certificate and key files. */
    record Pem(Path certificate, Path privateKey) {
    }

    /** The cached files in {@code directory}, made first when missing; empty when they cannot be made. */
    static Optional<Pem> cached(Path directory) {
        Path certificate = directory.resolve("server-cert.pem");
        Path privateKey = directory.resolve("server-key.pem");
        Workspace.directory(directory.getParent());
        FileLock lock = Workspace.lock(directory.resolveSibling(directory.getFileName() + ".lock"));
        try {
            if (!Files.isRegularFile(certificate) || !Files.isRegularFile(privateKey)) {
                Workspace.directory(directory);
                TestPki.Issued issued = TestPki.cert("localhost").dns("localhost").ip("127.0.0.1").keys(TestPki.rsa(2048))
                        .validFor(TestPki.NOW.minus(Duration.ofDays(1)), TestPki.NOW.plus(Duration.ofDays(3650))).issue();
                Path keyTemp = TestPki.writeKey(directory.resolve("server-key.pem.tmp"), issued);
                Files.move(keyTemp, privateKey, StandardCopyOption.REPLACE_EXISTING);
                Path certificateTemp = TestPki.writeChain(directory.resolve("server-cert.pem.tmp"), issued);
                Files.move(certificateTemp, certificate, StandardCopyOption.REPLACE_EXISTING);
            }
            return Optional.of(new Pem(certificate, privateKey));
        } catch (IOException | RuntimeException e) {
            LOG.debug("No cached server certificate", e);
            return Optional.empty();
        } finally {
            Workspace.release(lock);
        }
    }
}

package io.maintkit.examples;

import io.maintkit.certs.CertExpiryChecker;
import io.maintkit.certs.CertificateReport;
import io.maintkit.certs.TlsEndpoint;
import io.maintkit.core.TextRenderer;
import io.maintkit.testkit.PostgresEngine;
import io.maintkit.testkit.PostgresServer;
import io.maintkit.testkit.PostgresSettings;
import io.maintkit.testkit.TestPki;
import io.maintkit.testkit.TestPki.Issued;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** Certificates: a generated certificate folder and a PostgreSQL server with TLS, checked in one report. */
final class CertificatesDemo {

    private CertificatesDemo() {
    }

    /** Writes a certificate folder under {@code workspace}, starts a TLS PostgreSQL, and checks both. */
    static void run(Path workspace) throws Exception {
        Demo.heading("Certificates: a certificate folder and PostgreSQL with TLS");
        Issued root = TestPki.root("Demo Root CA");
        Issued intermediate = TestPki.intermediate("Demo Issuing CA", root);
        Path certs = Files.createDirectories(workspace.resolve("certs"));
        TestPki.writeChain(certs.resolve("api.pem"),
                TestPki.leaf("api.internal", intermediate, "api.internal").expiresIn(Duration.ofDays(200)).issue(),
                intermediate);
        TestPki.writeChain(certs.resolve("billing.pem"),
                TestPki.leaf("billing.internal", intermediate, "billing.internal").expiresIn(Duration.ofDays(5))
                        .issue());
        TestPki.writeChain(certs.resolve("legacy/old-vpn.crt"),
                TestPki.leaf("vpn.internal", intermediate, "vpn.internal").expired(Duration.ofDays(12)).issue());
        TestPki.writeChain(certs.resolve("legacy/weak.crt"),
                TestPki.leaf("weak.internal", intermediate, "weak.internal").keys(TestPki.rsa(1024))
                        .signedWith("SHA1withECDSA").issue());
        Files.writeString(certs.resolve("broken.pem"), "-----BEGIN CERTIFICATE-----\nnot base64!\n");

        Issued dbLeaf = TestPki.leaf("localhost", intermediate, "localhost").ip("127.0.0.1")
                .expiresIn(Duration.ofDays(20)).issue();
        Path tls = Files.createDirectories(workspace.resolve("postgres-tls"));
        try (PostgresServer postgres = PostgresEngine.start(PostgresSettings.defaults()
                .with("ssl", "on")
                .with("ssl_cert_file", TestPki.writeChain(tls.resolve("server.crt"), dbLeaf, intermediate).toString())
                .with("ssl_key_file", TestPki.writeKey(tls.resolve("server.key"), dbLeaf).toString()))) {
            CertificateReport report = CertExpiryChecker.on()
                    .directory(certs, "**/*.{pem,crt}")
                    .endpoint(TlsEndpoint.postgres("127.0.0.1", postgres.port()))
                    .trustStore(TestPki.trustStore(root.cert()))
                    .check();
            System.out.println(TextRenderer.render(report));
        }
    }
}

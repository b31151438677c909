package io.maintkit.certs;

import static io.maintkit.certs.FindingsAssert.brief;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Chains made with the OpenSSL command line the way an operator makes a private CA (root, intermediate, leaf),
 * served by {@code openssl s_server}.
 */
class OpenSslServersTest {

    @TempDir
    static Path pki;

    private static OpenSsl openssl;
    private final List<OpenSslServer> servers = new ArrayList<>();

    @BeforeAll
    static void privateCa() throws Exception {
        openssl = new OpenSsl(pki)
                .root("root", "Private Root")
                .issue("intermediate", "Private Intermediate", "root", OpenSsl.CA)
                .issue("leaf", "api.test", "intermediate", OpenSsl.server("api.test"))
                .issue("other", "other.test", "intermediate", OpenSsl.server("other.test"))
                .issue("published", "api.test", "intermediate", OpenSsl.server("api.test",
                        "authorityInfoAccess=caIssuers;URI:http://ca.test/intermediate.crt"));
    }

    @AfterEach
    void stop() throws Exception {
        for (OpenSslServer s : servers) {
            s.close();
        }
    }

    private TlsEndpoint serve(String... options) throws IOException {
        OpenSslServer server = OpenSslServer.start(openssl, options);
        servers.add(server);
        return TlsEndpoint.tls("127.0.0.1", server.port()).withServerName("api.test");
    }

    private static KeyStore trusting(String file) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        try (InputStream in = Files.newInputStream(openssl.file(file))) {
            store.setCertificateEntry("anchor", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        return store;
    }

    @Test
    void privateCaChainSentInFullIsUntrustedByTheJvmNamingTheMissingAnchor() throws Exception {
        TlsEndpoint endpoint = serve("-cert", "leaf.pem", "-key", "leaf.key", "-cert_chain", "intermediate.pem");

        CertificateReport report = CertExpiryChecker.on().endpoint(endpoint).check();

        assertThat(report.certificates()).hasSize(2);
        assertThat(brief(report)).containsExactly("CRITICAL untrusted " + endpoint + "#1");
        assertThat(report.findings().get(0).details()).containsEntry("untrusted_anchor", "CN=Private Root");
    }

    @Test
    void privateCaChainIsHealthyOnceItsRootIsTrusted() throws Exception {
        TlsEndpoint endpoint = serve("-cert", "leaf.pem", "-key", "leaf.key", "-cert_chain", "intermediate.pem");

        CertificateReport report = CertExpiryChecker.on().trustStore(trusting("root.pem")).endpoint(endpoint)
                .check();

        assertThat(report.findings()).isEmpty();
    }

    @Test
    void leafAloneWhoseIssuerIsPublishedByAiaIsIncomplete() throws Exception {
        TlsEndpoint endpoint = serve("-cert", "published.pem", "-key", "published.key");

        CertificateReport report = CertExpiryChecker.on().trustStore(trusting("root.pem")).endpoint(endpoint)
                .check();

        assertThat(brief(report)).containsExactly("CRITICAL chain-incomplete " + endpoint + "#0");
        assertThat(report.findings().get(0).details())
                .containsEntry("missing_intermediate", "CN=Private Intermediate")
                .containsEntry("ca_issuers", "http://ca.test/intermediate.crt");
    }

    @Test
    void leafAloneIssuedByARootTheStoreLacksIsUntrusted() throws Exception {
        TlsEndpoint endpoint = serve("-cert", "leaf.pem", "-key", "leaf.key");

        CertificateReport report = CertExpiryChecker.on().trustStore(trusting("intermediate.pem"))
                .endpoint(endpoint).check();
        CertificateReport untrusted = CertExpiryChecker.on().trustStore(trusting("root.pem"))
                .endpoint(endpoint).check();

        assertThat(report.findings()).as("the store trusts the intermediate that issued it").isEmpty();
        assertThat(brief(untrusted)).containsExactly("CRITICAL untrusted " + endpoint + "#0");
        assertThat(untrusted.findings().get(0).details()).containsEntry("untrusted_anchor", "CN=Private Intermediate");
    }

    @Test
    void tls12ServerRequiringAClientCertificateHasItsChainJudgedAndTheRefusalToldApart() throws Exception {
        TlsEndpoint endpoint = serve("-cert", "leaf.pem", "-key", "leaf.key", "-cert_chain", "intermediate.pem",
                "-tls1_2", "-Verify", "1");

        CertificateReport report = CertExpiryChecker.on().trustStore(trusting("root.pem")).endpoint(endpoint)
                .check();

        assertThat(report.certificates()).extracting(c -> c.certificate().subject())
                .containsExactly("CN=api.test", "CN=Private Intermediate");
        assertThat(brief(report)).containsExactly("INFO client-certificate-required " + endpoint);
        assertThat(report.source(endpoint.toString()).orElseThrow().readable()).isTrue();
    }

    @Test
    void tls13ServerRequiringAClientCertificateHasItsChainJudged() throws Exception {
        TlsEndpoint endpoint = serve("-cert", "leaf.pem", "-key", "leaf.key", "-cert_chain", "intermediate.pem",
                "-tls1_3", "-Verify", "1");

        CertificateReport report = CertExpiryChecker.on().trustStore(trusting("root.pem")).endpoint(endpoint).check();

        // TLS 1.3 ends the client's side of the handshake before the server refuses: nothing failed to report
        assertThat(report.certificates()).hasSize(2);
        assertThat(report.findings()).isEmpty();
    }

    @Test
    void tls12ServerRequiringAClientCertificateStillHasItsChainFlawsFound() throws Exception {
        TlsEndpoint endpoint = serve("-cert", "leaf.pem", "-key", "leaf.key", "-cert_chain", "intermediate.pem",
                "-tls1_2", "-Verify", "1");

        CertificateReport report = CertExpiryChecker.on().endpoint(endpoint).check();

        assertThat(brief(report)).containsExactly(
                "CRITICAL untrusted " + endpoint + "#1",
                "INFO client-certificate-required " + endpoint);
    }

    @Test
    void oneAddressCheckedUnderTwoNamesGivesTwoSources() throws Exception {
        TlsEndpoint api = serve("-cert", "leaf.pem", "-key", "leaf.key", "-cert_chain", "intermediate.pem",
                "-servername", "other.test", "-cert2", "other.pem", "-key2", "other.key");
        TlsEndpoint other = api.withServerName("other.test");

        CertificateReport report = CertExpiryChecker.on().trustStore(trusting("intermediate.pem"))
                .endpoint(api).endpoint(other).check();

        assertThat(api.toString()).isNotEqualTo(other.toString()).endsWith("[api.test]");
        assertThat(report.findings()).isEmpty();
        assertThat(report.source(api.toString()).orElseThrow().certificates().get(0).certificate().subject())
                .isEqualTo("CN=api.test");
        assertThat(report.source(other.toString()).orElseThrow().certificates().get(0).certificate().subject())
                .isEqualTo("CN=other.test");
    }
}

package io.maintkit.certs;

import static io.maintkit.certs.FindingsAssert.brief;
import static io.maintkit.testkit.TestPki.CLOCK;
import static org.assertj.core.api.Assertions.assertThat;

import io.maintkit.certs.LocalTlsServer.Dialect;
import io.maintkit.core.Finding;
import io.maintkit.testkit.TestPki;
import io.maintkit.testkit.TestPki.Issued;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Chains served by local TLS servers on 127.0.0.1, captured and judged. */
class EndpointTest {

    private static Issued root;
    private static Issued intermediate;
    private static KeyStore trust;

    private final java.util.List<LocalTlsServer> servers = new java.util.ArrayList<>();

    @BeforeAll
    static void pki() {
        root = TestPki.root("Test Root");
        intermediate = TestPki.intermediate("Test Intermediate", root);
        trust = TestPki.trustStore(root.cert());
    }

    @AfterEach
    void stop() throws Exception {
        for (LocalTlsServer s : servers) {
            s.close();
        }
    }

    private TlsEndpoint serve(Dialect dialect, Issued leaf, X509Certificate... rest) throws Exception {
        X509Certificate[] chain = new X509Certificate[rest.length + 1];
        chain[0] = leaf.cert();
        System.arraycopy(rest, 0, chain, 1, rest.length);
        LocalTlsServer server = LocalTlsServer.start(dialect, leaf.key(), chain);
        servers.add(server);
        return TlsEndpoint.tls("127.0.0.1", server.port()).withServerName("api.test");
    }

    private static CertificateReport check(TlsEndpoint... endpoints) {
        return CertExpiryChecker.on().trustStore(trust).clock(CLOCK).endpoints(List.of(endpoints)).check();
    }

    @Test
    void healthyChainGivesNoFindingAndEveryPresentedCertificate() throws Exception {
        Issued leaf = TestPki.leaf("api.test", intermediate, "api.test").issue();
        TlsEndpoint endpoint = serve(Dialect.TLS, leaf, intermediate.cert());

        CertificateReport report = check(endpoint);

        assertThat(report.findings()).isEmpty();
        assertThat(report.certificates()).extracting(CertificateResult::location)
                .containsExactly(endpoint + "#0", endpoint + "#1");
        assertThat(report.certificates().get(1).certificate().subject())
                .isEqualTo("CN=Test Intermediate,O=maintkit test");
        assertThat(report.earliestExpiry()).get().extracting(CertificateResult::position).isEqualTo(0);
    }

    @Test
    void eachFlawedLeafServedGivesExactlyItsFinding() throws Exception {
        TlsEndpoint expired = serve(Dialect.TLS, TestPki.leaf("api.test", intermediate, "api.test")
                .validFor(TestPki.NOW.minus(Duration.ofDays(100)), TestPki.NOW.minus(Duration.ofDays(2))).issue(),
                intermediate.cert());
        TlsEndpoint threeDays = serve(Dialect.TLS, TestPki.leaf("api.test", intermediate, "api.test")
                .expiresIn(Duration.ofDays(3)).issue(), intermediate.cert());
        TlsEndpoint twentyDays = serve(Dialect.TLS, TestPki.leaf("api.test", intermediate, "api.test")
                .expiresIn(Duration.ofDays(20)).issue(), intermediate.cert());
        TlsEndpoint notYetValid = serve(Dialect.TLS, TestPki.leaf("api.test", intermediate, "api.test")
                .validFor(TestPki.NOW.plus(Duration.ofDays(2)), TestPki.NOW.plus(Duration.ofDays(92))).issue(),
                intermediate.cert());
        TlsEndpoint weakRsa = serve(Dialect.TLS, TestPki.leaf("api.test", intermediate, "api.test")
                .keys(TestPki.rsa(1024)).issue(), intermediate.cert());
        TlsEndpoint sha1 = serve(Dialect.TLS, TestPki.leaf("api.test", intermediate, "api.test")
                .signedWith("SHA1withECDSA").issue(), intermediate.cert());

        CertificateReport report = check(expired, threeDays, twentyDays, notYetValid, weakRsa, sha1);

        assertThat(brief(report)).containsExactly(
                "CRITICAL expired " + expired + "#0",
                "CRITICAL expires-soon " + threeDays + "#0",
                "WARNING expires-soon " + twentyDays + "#0",
                "CRITICAL not-yet-valid " + notYetValid + "#0",
                "CRITICAL weak-key " + weakRsa + "#0",
                "CRITICAL weak-signature " + sha1 + "#0");
        assertThat(report.findings(CertificateProblem.WEAK_KEY).get(0).measurement("key_bits")).get()
                .extracting(m -> m.value()).isEqualTo(1024.0);
    }

    @Test
    void everyFindingCarriesTheCertificateDetailsAndItsSource() throws Exception {
        TlsEndpoint endpoint = serve(Dialect.TLS, TestPki.leaf("api.test", intermediate, "api.test", "www.api.test")
                .expiresIn(Duration.ofDays(3)).issue(), intermediate.cert());

        Finding f = check(endpoint).findings().get(0);

        assertThat(f.checkId()).isEqualTo("certs.expiry");
        assertThat(f.details()).containsEntry("subject", "CN=api.test,O=maintkit test")
                .containsEntry("issuer", "CN=Test Intermediate,O=maintkit test")
                .containsEntry("sans", "DNS:api.test, DNS:www.api.test")
                .containsEntry("time_left", "3d")
                .containsEntry("source", endpoint.toString())
                .containsEntry("position", "0")
                .containsKeys("serial", "not_before", "not_after");
        assertThat(f.measurement("time_left")).get().extracting(m -> m.value()).isEqualTo(3 * 86400.0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.2", "TLSv1.3"})
    void renewedCertificateIsSeenAtTheNextCheckWithoutSessionResumption(String version) throws Exception {
        Issued old = TestPki.leaf("api.test", intermediate, "api.test").expiresIn(Duration.ofDays(3)).issue();
        LocalTlsServer server = LocalTlsServer.start(Dialect.TLS, old.key(), old.cert(), intermediate.cert())
                .protocols(version);
        servers.add(server);
        TlsEndpoint endpoint = TlsEndpoint.tls("127.0.0.1", server.port()).withServerName("api.test");
        assertThat(brief(check(endpoint))).containsExactly("CRITICAL expires-soon " + endpoint + "#0");

        Issued renewed = TestPki.leaf("api.test", intermediate, "api.test").issue();
        server.present(renewed.key(), renewed.cert(), intermediate.cert());

        CertificateReport report = check(endpoint);
        assertThat(report.findings()).isEmpty();
        assertThat(report.certificates().get(0).certificate().serial())
                .isEqualTo(renewed.cert().getSerialNumber().toString(16));
    }

    @Test
    void selfSignedLeafIsReportedOnce() throws Exception {
        Issued self = TestPki.cert("api.test").dns("api.test").issue();
        TlsEndpoint endpoint = serve(Dialect.TLS, self);

        assertThat(brief(check(endpoint))).containsExactly("CRITICAL self-signed-leaf " + endpoint + "#0");
    }

    @Test
    void wrongHostnameIsReported() throws Exception {
        TlsEndpoint endpoint = serve(Dialect.TLS, TestPki.leaf("other.test", intermediate, "other.test").issue(),
                intermediate.cert());

        CertificateReport report = check(endpoint);

        assertThat(brief(report)).containsExactly("CRITICAL hostname-mismatch " + endpoint + "#0");
        assertThat(report.findings().get(0).summary()).contains("api.test").contains("DNS:other.test");
    }

    @Test
    void wildcardCoversExactlyOneLabel() throws Exception {
        Issued wildcard = TestPki.leaf("*.apps.test", intermediate, "*.apps.test").issue();
        TlsEndpoint base = serve(Dialect.TLS, wildcard, intermediate.cert());
        TlsEndpoint oneLabel = base.withServerName("web.apps.test");
        TlsEndpoint twoLabels = base.withServerName("a.web.apps.test");
        TlsEndpoint bare = TlsEndpoint.https("127.0.0.1", base.port()).withServerName("apps.test");

        CertificateReport report = check(oneLabel, twoLabels, bare);

        assertThat(report.source(oneLabel.toString()).orElseThrow().findings()).isEmpty();
        assertThat(report.findings()).extracting(FindingsAssert::brief).containsExactly(
                "CRITICAL hostname-mismatch " + twoLabels + "#0",
                "CRITICAL hostname-mismatch " + bare + "#0");
    }

    @Test
    void issuerNeitherSentNorTrustedNorPublishedIsAnUntrustedAnchor() throws Exception {
        TlsEndpoint endpoint = serve(Dialect.TLS, TestPki.leaf("api.test", intermediate, "api.test").issue());

        CertificateReport report = check(endpoint);

        assertThat(brief(report)).containsExactly("CRITICAL untrusted " + endpoint + "#0");
        assertThat(report.findings().get(0).details())
                .containsEntry("untrusted_anchor", "CN=Test Intermediate,O=maintkit test");
    }

    @Test
    void expiringIntermediateUnderAHealthyLeafIsReportedAtItsPosition() throws Exception {
        Issued shortIntermediate = TestPki.cert("Short Intermediate").ca().issuer(root)
                .validFor(TestPki.NOW.minus(Duration.ofDays(300)), TestPki.NOW.plus(Duration.ofDays(20))).issue();
        TlsEndpoint endpoint = serve(Dialect.TLS, TestPki.leaf("api.test", shortIntermediate, "api.test").issue(),
                shortIntermediate.cert());

        CertificateReport report = check(endpoint);

        assertThat(brief(report)).containsExactly("WARNING expires-soon " + endpoint + "#1");
        assertThat(report.certificates().get(0).findings()).isEmpty();
        assertThat(report.earliestExpiry()).get().extracting(CertificateResult::location).isEqualTo(endpoint + "#1");
    }

    @Test
    void chainSentOutOfOrderIsReportedButStillTrusted() throws Exception {
        TlsEndpoint endpoint = serve(Dialect.TLS, TestPki.leaf("api.test", intermediate, "api.test").issue(),
                root.cert(), intermediate.cert());

        assertThat(brief(check(endpoint))).containsExactly("WARNING chain-out-of-order " + endpoint + "#1");
    }

    @Test
    void chainEndingAtAnUnknownRootIsUntrusted() throws Exception {
        Issued otherRoot = TestPki.root("Other Root");
        Issued otherIntermediate = TestPki.intermediate("Other Intermediate", otherRoot);
        TlsEndpoint endpoint = serve(Dialect.TLS, TestPki.leaf("api.test", otherIntermediate, "api.test").issue(),
                otherIntermediate.cert(), otherRoot.cert());

        assertThat(brief(check(endpoint))).containsExactly("CRITICAL untrusted " + endpoint + "#2");
    }

    @Test
    void withoutAGivenTrustStoreTheJvmsJudges() throws Exception {
        TlsEndpoint endpoint = serve(Dialect.TLS, TestPki.leaf("api.test", intermediate, "api.test").issue(),
                intermediate.cert(), root.cert());

        CertificateReport report = CertExpiryChecker.on().clock(CLOCK).endpoint(endpoint).check();

        assertThat(brief(report)).containsExactly("CRITICAL untrusted " + endpoint + "#2");
        assertThat(report.findings().get(0).summary()).contains("the JVM's trust store");
    }

    @Test
    void startTlsProtocolsPresentTheirChains() throws Exception {
        Issued leaf = TestPki.leaf("api.test", intermediate, "api.test").issue();
        List<TlsEndpoint> endpoints = List.of(
                TlsEndpoint.smtpStartTls("127.0.0.1", serve(Dialect.SMTP, leaf, intermediate.cert()).port()),
                TlsEndpoint.imapStartTls("127.0.0.1", serve(Dialect.IMAP, leaf, intermediate.cert()).port()),
                TlsEndpoint.pop3StartTls("127.0.0.1", serve(Dialect.POP3, leaf, intermediate.cert()).port()),
                TlsEndpoint.ftpAuthTls("127.0.0.1", serve(Dialect.FTP, leaf, intermediate.cert()).port()));

        CertificateReport report = check(endpoints.stream().map(e -> e.withServerName("api.test"))
                .toArray(TlsEndpoint[]::new));

        assertThat(report.findings()).isEmpty();
        assertThat(report.sources()).allSatisfy(s -> assertThat(s.certificates()).hasSize(2));
        assertThat(report.sources()).extracting(SourceResult::name)
                .allMatch(n -> n.matches("(smtp|imap|pop3|ftp)://.*"));
    }

    @Test
    void expiringCertificateBehindStartTlsIsFound() throws Exception {
        Issued leaf = TestPki.leaf("api.test", intermediate, "api.test").expiresIn(Duration.ofDays(3)).issue();
        TlsEndpoint smtp = TlsEndpoint.smtpStartTls("127.0.0.1", serve(Dialect.SMTP, leaf, intermediate.cert()).port())
                .withServerName("api.test");

        assertThat(brief(check(smtp))).containsExactly("CRITICAL expires-soon " + smtp + "#0");
    }

    @Test
    void eachFailingEndpointGetsItsReasonAndTheScanGoesOn() throws Exception {
        TlsEndpoint healthy = serve(Dialect.TLS, TestPki.leaf("api.test", intermediate, "api.test").issue(),
                intermediate.cert());
        LocalTlsServer noStartTls = LocalTlsServer.start(Dialect.SMTP_WITHOUT_STARTTLS, null);
        servers.add(noStartTls);
        LocalTlsServer http = LocalTlsServer.startWithoutTls(Dialect.PLAIN_HTTP);
        servers.add(http);
        int closedPort;
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            closedPort = s.getLocalPort();
        }
        TlsEndpoint refused = TlsEndpoint.tls("127.0.0.1", closedPort);
        TlsEndpoint unresolvable = TlsEndpoint.https("no-such-host.invalid");
        TlsEndpoint plain = TlsEndpoint.https("127.0.0.1", http.port());
        TlsEndpoint smtp = TlsEndpoint.smtpStartTls("127.0.0.1", noStartTls.port());

        CertificateReport report = check(refused, unresolvable, healthy, plain, smtp);

        assertThat(brief(report)).containsExactly(
                "UNKNOWN endpoint-unreachable " + refused,
                "UNKNOWN endpoint-unreachable " + unresolvable,
                "CRITICAL handshake-failed " + plain,
                "CRITICAL tls-not-offered " + smtp);
        assertThat(report.source(healthy.toString()).orElseThrow().certificates()).hasSize(2);
    }

    @Test
    void blackHoledEndpointDoesNotDelayTheReportBeyondItsTimeout() throws Exception {
        LocalTlsServer hole = LocalTlsServer.startWithoutTls(Dialect.BLACK_HOLE);
        servers.add(hole);
        TlsEndpoint healthy = serve(Dialect.TLS, TestPki.leaf("api.test", intermediate, "api.test").issue(),
                intermediate.cert());
        TlsEndpoint blackHole = TlsEndpoint.https("127.0.0.1", hole.port());
        TlsEndpoint blackHoleSmtp = TlsEndpoint.smtpStartTls("127.0.0.1", hole.port());

        long t0 = System.nanoTime();
        CertificateReport report = CertExpiryChecker.on().trustStore(trust).clock(CLOCK)
                .connectTimeout(Duration.ofMillis(500)).handshakeTimeout(Duration.ofMillis(700))
                .endpoint(blackHole).endpoint(healthy).endpoint(blackHoleSmtp).check();
        Duration took = Duration.ofNanos(System.nanoTime() - t0);

        assertThat(brief(report)).as(report.findings().toString()).containsExactly(
                "UNKNOWN endpoint-timeout " + blackHole,
                "UNKNOWN endpoint-timeout " + blackHoleSmtp);
        assertThat(report.findings().get(0).summary()).as("names the stage it hung in").contains("TLS handshake");
        assertThat(report.findings().get(1).summary()).contains("negotiating TLS over smtp");
        assertThat(took).isLessThan(Duration.ofMillis(1200 + 1500));
    }
}

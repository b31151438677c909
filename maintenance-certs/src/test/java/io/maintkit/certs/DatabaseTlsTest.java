package io.maintkit.certs;

import static io.maintkit.certs.FindingsAssert.brief;
import static io.maintkit.testkit.TestPki.CLOCK;
import static org.assertj.core.api.Assertions.assertThat;

import io.maintkit.testkit.MariaDbEngine;
import io.maintkit.testkit.PostgresEngine;
import io.maintkit.testkit.PostgresServer;
import io.maintkit.testkit.PostgresSettings;
import io.maintkit.testkit.TestEngines;
import io.maintkit.testkit.TestPki;
import io.maintkit.testkit.TestPki.Issued;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real database servers: PostgreSQL started with ssl=on (SSLRequest), and MariaDB (SSL request in its handshake). */
class DatabaseTlsTest {

    @TempDir
    Path dir;

    @Test
    void postgresWithSslOnPresentsItsChainAfterTheSslRequest() throws Exception {
        Issued root = TestPki.root("PG Root");
        Issued intermediate = TestPki.intermediate("PG Intermediate", root);
        Issued leaf = TestPki.leaf("db.test", intermediate, "db.test", "localhost").ip("127.0.0.1")
                .expiresIn(Duration.ofDays(20)).issue();
        Path cert = TestPki.writeChain(dir.resolve("server.crt"), leaf, intermediate);
        Path key = TestPki.writeKey(dir.resolve("server.key"), leaf);

        try (PostgresServer server = PostgresEngine.start(PostgresSettings.defaults()
                .with("ssl", "on")
                .with("ssl_cert_file", cert.toString())
                .with("ssl_key_file", key.toString()))) {
            TlsEndpoint endpoint = TlsEndpoint.postgres(server.host(), server.port());

            CertificateReport report = CertExpiryChecker.on().clock(CLOCK)
                    .trustStore(TestPki.trustStore(root.cert())).endpoint(endpoint).check();

            assertThat(brief(report)).containsExactly("WARNING expires-soon " + endpoint + "#0");
            assertThat(report.certificates()).extracting(c -> c.certificate().subject())
                    .containsExactly("CN=db.test,O=maintkit test", "CN=PG Intermediate,O=maintkit test");
            try (Connection c = server.dataSource().getConnection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("select 1")) {
                assertThat(rs.next()).as("the server still serves clients after the probe").isTrue();
            }
        }
    }

    @Test
    void postgresWithoutSslIsCriticalNotSilent() {
        PostgresEngine shared = TestEngines.postgres();
        TlsEndpoint endpoint = TlsEndpoint.postgres(shared.host(), shared.port());

        CertificateReport report = CertExpiryChecker.on().clock(CLOCK).endpoint(endpoint).check();

        assertThat(brief(report)).containsExactly("CRITICAL tls-not-offered " + endpoint);
    }

    @Test
    void mariadbPresentsItsCertificateAfterTheSslRequest() {
        MariaDbEngine mariadb = TestEngines.mariadb();
        TlsEndpoint endpoint = TlsEndpoint.mysql(mariadb.host(), mariadb.port());

        CertificateReport report = CertExpiryChecker.on().clock(CLOCK).endpoint(endpoint).check();

        SourceResult result = report.source(endpoint.toString()).orElseThrow();
        assertThat(result.failure()).as("MariaDB %s offers TLS", mariadb.version()).isEmpty();
        assertThat(result.certificates()).isNotEmpty();
        assertThat(report.findings()).extracting(f -> f.kind())
                .doesNotContain("endpoint-unreachable", "endpoint-timeout", "tls-not-offered", "handshake-failed");
    }
}

package io.maintkit.certs;

import static org.assertj.core.api.Assertions.assertThat;

import io.maintkit.core.Suite;
import io.maintkit.core.SuiteResult;
import io.maintkit.core.TextRenderer;
import io.maintkit.core.Threshold;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

/** The module README's tour is this code: it compiles here, and the README must show it as it is. */
class ReadmeTourTest {

    /** The tour as the README shows it; not run, as it names hosts and files of an imaginary server. */
    @SuppressWarnings("unused")
    static SuiteResult tour(char[] keyPassword, char[] storePassword, Executor hostExecutor) {
        // tag::tour[]
        CertExpiryChecker checker = CertExpiryChecker.on()
                .expiry(Threshold.below(Duration.ofDays(30), Duration.ofDays(7)))
                .renewAtLifetimeFraction(2.0 / 3)                        // optional
                .maxValidity(CertExpiryChecker.PUBLIC_TLS_MAX_VALIDITY)  // optional, leaves only
                .pemFile(Path.of("/etc/ssl/api.pem"))
                .pemFile(Path.of("/etc/ssl/api.crt"), Path.of("/etc/ssl/api.key"), keyPassword)
                .directory(Path.of("/etc/letsencrypt/live"))             // privkey.pem paired with cert.pem
                .keyStore(Path.of("server.p12"), "PKCS12", storePassword)
                .endpoint(TlsEndpoint.https("api.example.com"))
                .endpoint(TlsEndpoint.postgres("db.internal", 5432))
                .endpoint(TlsEndpoint.smtpStartTls("mail.internal", 587))
                .endpoint(TlsEndpoint.tls("10.0.0.7", 8443).withServerName("api.internal"))
                .executor(hostExecutor);                                 // optional

        CertificateReport report = checker.check();
        report.certificates();     // every certificate: location, facts, time left, its findings
        report.earliestExpiry();   // the first certificate to expire, over every source and chain position
        System.out.print(TextRenderer.render(report));

        return Suite.of("nightly", checker.asCheck()).run();   // check id "certs.expiry"
        // end::tour[]
    }

    @Test
    void readmeShowsTheTourAsItCompilesHere() throws Exception {
        List<String> source = Files.readAllLines(Path.of("src/test/java/io/maintkit/certs/ReadmeTourTest.java"));
        int begin = source.indexOf("        // tag::tour[]");
        int end = source.indexOf("        // end::tour[]");
        String tour = source.subList(begin + 1, end).stream()
                .map(line -> line.length() >= 8 ? line.substring(8) : line.strip())
                .collect(Collectors.joining("\n"));

        String readme = Files.readString(Path.of("README.md"));

        assertThat(begin).isPositive();
        assertThat(readme).contains("```java\n" + tour + "\n```");
    }
}

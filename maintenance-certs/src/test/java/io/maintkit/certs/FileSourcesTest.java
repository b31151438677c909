package io.maintkit.certs;

import static io.maintkit.certs.FindingsAssert.brief;
import static io.maintkit.testkit.TestPki.CLOCK;
import static io.maintkit.testkit.TestPki.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import io.maintkit.core.CheckResult;
import io.maintkit.core.Finding;
import io.maintkit.core.Severity;
import io.maintkit.core.Threshold;
import io.maintkit.testkit.TestPki;
import io.maintkit.testkit.TestPki.Issued;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PEM, DER, PKCS#12 and JKS sources, private keys beside certificates, directories, and files that break. */
class FileSourcesTest {

    private static final char[] STORE_PASSWORD = "s3cret-Store-pw".toCharArray();
    private static final char[] KEY_PASSWORD = "k3y-Passw0rd".toCharArray();

    private static Issued root;
    private static Issued intermediate;

    @TempDir
    Path dir;

    @BeforeAll
    static void pki() {
        root = TestPki.root("Test Root");
        intermediate = TestPki.intermediate("Test Intermediate", root);
    }

    private static CertExpiryChecker checker() {
        return CertExpiryChecker.on().clock(CLOCK);
    }

    @Test
    void everyCertificateOfAPemBundleIsJudged() throws Exception {
        Path bundle = TestPki.write(dir.resolve("bundle.pem"), TestPki.pem(
                TestPki.leaf("healthy", intermediate).issue().cert(),
                TestPki.leaf("expired", intermediate)
                        .validFor(NOW.minus(Duration.ofDays(400)), NOW.minus(Duration.ofDays(1))).issue().cert(),
                TestPki.leaf("three-days", intermediate).expiresIn(Duration.ofDays(3)).issue().cert(),
                TestPki.leaf("twenty-days", intermediate).expiresIn(Duration.ofDays(20)).issue().cert(),
                TestPki.leaf("future", intermediate)
                        .validFor(NOW.plus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(90))).issue().cert(),
                TestPki.leaf("weak-rsa", intermediate).keys(TestPki.rsa(1024)).issue().cert(),
                TestPki.leaf("sha1", intermediate).signedWith("SHA1withECDSA").issue().cert(),
                intermediate.cert(),
                root.cert()));

        CertificateReport report = checker().pemFile(bundle).check();

        assertThat(report.certificates()).hasSize(9);
        assertThat(brief(report)).containsExactly(
                "CRITICAL expired " + bundle + "#1",
                "CRITICAL expires-soon " + bundle + "#2",
                "WARNING expires-soon " + bundle + "#3",
                "CRITICAL not-yet-valid " + bundle + "#4",
                "CRITICAL weak-key " + bundle + "#5",
                "CRITICAL weak-signature " + bundle + "#6");
        assertThat(report.worst()).isEqualTo(Severity.CRITICAL);
    }

    @Test
    void derFileIsRead() throws Exception {
        Path healthy = TestPki.writeDer(dir.resolve("healthy.der"), TestPki.leaf("api", intermediate).issue().cert());
        Path expiring = TestPki.writeDer(dir.resolve("expiring.cer"),
                TestPki.leaf("api", intermediate).expiresIn(Duration.ofDays(20)).issue().cert());

        CertificateReport report = checker().derFile(healthy).derFile(expiring).check();

        assertThat(report.certificates()).hasSize(2);
        assertThat(brief(report)).containsExactly("WARNING expires-soon " + expiring + "#0");
    }

    @Test
    void pkcs12AndJksKeystoresGiveEveryAliasAndChainPosition() throws Exception {
        Issued shortIntermediate = TestPki.cert("Short Intermediate").ca().issuer(root)
                .validFor(NOW.minus(Duration.ofDays(300)), NOW.plus(Duration.ofDays(5))).issue();
        Issued leaf = TestPki.leaf("server", shortIntermediate).issue();
        Issued expiredCa = TestPki.cert("Old CA").ca()
                .validFor(NOW.minus(Duration.ofDays(900)), NOW.minus(Duration.ofDays(3))).issue();
        List<java.security.cert.X509Certificate> chain = List.of(leaf.cert(), shortIntermediate.cert());
        Path p12 = TestPki.keyStore(dir.resolve("server.p12"), "PKCS12", STORE_PASSWORD, "server", leaf.key(), chain,
                expiredCa.cert());
        Path jks = TestPki.keyStore(dir.resolve("server.jks"), "JKS", STORE_PASSWORD, "server", leaf.key(), chain);

        CertificateReport report = checker().keyStore(p12, "PKCS12", STORE_PASSWORD)
                .keyStore(jks, "JKS", STORE_PASSWORD).check();

        assertThat(report.certificates()).extracting(CertificateResult::location).containsExactly(
                p12 + "!server", p12 + "!server#1", p12 + "!trusted-0", jks + "!server", jks + "!server#1");
        assertThat(brief(report)).containsExactly(
                "CRITICAL expires-soon " + p12 + "!server#1",
                "CRITICAL expired " + p12 + "!trusted-0",
                "CRITICAL expires-soon " + jks + "!server#1");
    }

    @Test
    void keystoreWhosePrivateKeyBelongsToAnotherCertificateIsReported() throws Exception {
        Issued leaf = TestPki.leaf("server", intermediate).issue();
        Path p12 = TestPki.keyStore(dir.resolve("mixed.p12"), "PKCS12", STORE_PASSWORD, "server",
                TestPki.ec().getPrivate(), List.of(leaf.cert(), intermediate.cert()));

        assertThat(brief(checker().keyStore(p12, "PKCS12", STORE_PASSWORD).check()))
                .containsExactly("CRITICAL key-mismatch " + p12 + "!server");
    }

    @Test
    void wrongKeystorePasswordFailsThatSourceOnlyAndNeverShowsThePassword() throws Exception {
        Issued leaf = TestPki.leaf("server", intermediate).issue();
        Path p12 = TestPki.keyStore(dir.resolve("server.p12"), "PKCS12", STORE_PASSWORD, "server", leaf.key(),
                List.of(leaf.cert()));
        Path jks = TestPki.keyStore(dir.resolve("server.jks"), "JKS", STORE_PASSWORD, "server", leaf.key(),
                List.of(leaf.cert()));
        Path healthy = TestPki.write(dir.resolve("ok.pem"), TestPki.pem(leaf.cert()));
        char[] wrong = "Wr0ng-Guess-pw".toCharArray();

        CertExpiryChecker checker = checker().keyStore(p12, "PKCS12", wrong).keyStore(jks, "JKS", wrong)
                .pemFile(healthy);
        CertificateReport report = checker.check();
        CheckResult result = checker.asCheck().run();

        assertThat(brief(report)).containsExactly(
                "UNKNOWN wrong-password " + p12,
                "UNKNOWN wrong-password " + jks);
        assertThat(report.source(healthy.toString()).orElseThrow().certificates()).hasSize(1);
        String everything = report + " " + result + " " + checker + " " + report.findings().stream()
                .map(f -> f.details().toString()).toList();
        assertThat(everything).doesNotContain("Wr0ng-Guess-pw").doesNotContain("s3cret-Store-pw");
    }

    @Test
    void brokenFilesEachGiveTheirReasonAndTheScanGoesOn() throws Exception {
        Issued leaf = TestPki.leaf("server", intermediate).issue();
        String good = TestPki.pem(leaf.cert());
        String[] lines = good.split("\n");
        lines[3] = lines[3].substring(0, 10) + "!" + lines[3].substring(11);
        Path badBase64 = TestPki.write(dir.resolve("bad-base64.pem"), String.join("\n", lines) + "\n");
        Path noEnd = TestPki.write(dir.resolve("no-end.pem"), good.substring(0, good.indexOf("-----END")));
        Path garbage = Files.write(dir.resolve("garbage.pem"), new byte[] {'h', 'e', 'l', 'l', 'o', 0, 1, 2});
        Path empty = Files.write(dir.resolve("empty.pem"), new byte[0]);
        Path missing = dir.resolve("missing.pem");
        Path keyOnly = TestPki.write(dir.resolve("key-only.pem"), TestPki.pkcs8(TestPki.ec().getPrivate()));
        Path healthy = TestPki.write(dir.resolve("healthy.pem"), good);
        Path mixed = TestPki.write(dir.resolve("mixed.pem"), good + String.join("\n", lines) + "\n");

        CertificateReport report = checker().pemFile(badBase64).pemFile(noEnd).pemFile(garbage).pemFile(empty)
                .pemFile(missing).pemFile(keyOnly).pemFile(healthy).pemFile(mixed).check();

        assertThat(brief(report)).containsExactly(
                "UNKNOWN source-unreadable " + badBase64,
                "UNKNOWN source-unreadable " + noEnd,
                "UNKNOWN source-unreadable " + garbage,
                "UNKNOWN source-unreadable " + empty,
                "UNKNOWN source-unreadable " + missing,
                "UNKNOWN source-unreadable " + keyOnly,
                "UNKNOWN source-unreadable " + mixed);
        assertThat(report.findings()).extracting(Finding::summary).containsExactly(
                "line 4: character '!' at column 11 is not base64 in the CERTIFICATE block of line 1",
                "line " + (lines.length - 1) + ": the CERTIFICATE block of line 1 has no END line",
                "neither PEM nor DER: no BEGIN line and no DER structure at byte 0",
                "empty file",
                "no such file",
                "no certificate in the file, only a private key",
                "line " + (lines.length + 4) + ": character '!' at column 11 is not base64 in the CERTIFICATE block "
                        + "of line " + (lines.length + 1));
        assertThat(report.source(healthy.toString()).orElseThrow().certificates()).hasSize(1);
        assertThat(report.source(mixed.toString()).orElseThrow().certificates()).hasSize(1);
    }

    @Test
    void privateKeysBesideTheirCertificatesAreMatchedInEveryEncoding() throws Exception {
        Issued leaf = TestPki.leaf("server", intermediate).keys(TestPki.rsa(2048)).issue();
        Issued other = TestPki.leaf("other", intermediate).keys(TestPki.rsa(2048)).issue();
        String chain = TestPki.pem(leaf.cert(), intermediate.cert());
        Path plain = TestPki.write(dir.resolve("plain.pem"), chain + TestPki.pem(leaf.key()));
        Path plainPkcs8 = TestPki.write(dir.resolve("plain-pkcs8.pem"), chain + TestPki.pkcs8(leaf.key()));
        Path pkcs8 = TestPki.write(dir.resolve("pkcs8.pem"), chain + TestPki.pkcs8Encrypted(leaf.key(), KEY_PASSWORD));
        Path legacy = TestPki.write(dir.resolve("legacy.pem"),
                chain + TestPki.legacyEncrypted(leaf.key(), KEY_PASSWORD));
        Path cert = TestPki.write(dir.resolve("cert.pem"), chain);
        Path separateKey = TestPki.write(dir.resolve("cert.key"), TestPki.pkcs8Encrypted(leaf.key(), KEY_PASSWORD));
        Path wrongPlain = TestPki.write(dir.resolve("wrong-plain.pem"),
                chain + TestPki.pkcs8(TestPki.ec().getPrivate()));
        Path wrongLegacy = TestPki.write(dir.resolve("wrong-legacy.pem"),
                chain + TestPki.legacyEncrypted(other.key(), KEY_PASSWORD));

        CertificateReport report = checker()
                .pemFile(plain).pemFile(plainPkcs8).pemFile(pkcs8, KEY_PASSWORD).pemFile(legacy, KEY_PASSWORD)
                .pemFile(cert, separateKey, KEY_PASSWORD)
                .pemFile(wrongPlain).pemFile(wrongLegacy, KEY_PASSWORD)
                .check();

        assertThat(brief(report)).containsExactly(
                "CRITICAL key-mismatch " + wrongPlain + "#0",
                "CRITICAL key-mismatch " + wrongLegacy + "#0");
    }

    @Test
    void wrongKeyPasswordIsReportedWithoutThePassword() throws Exception {
        Issued leaf = TestPki.leaf("server", intermediate).issue();
        Path pkcs8 = TestPki.write(dir.resolve("pkcs8.pem"),
                TestPki.pem(leaf.cert()) + TestPki.pkcs8Encrypted(leaf.key(), KEY_PASSWORD));
        Path legacy = TestPki.write(dir.resolve("legacy.pem"),
                TestPki.pem(leaf.cert()) + TestPki.legacyEncrypted(leaf.key(), KEY_PASSWORD));
        char[] wrong = "N0t-The-Key-pw".toCharArray();

        CertificateReport report = checker().pemFile(pkcs8, wrong).pemFile(legacy, wrong).check();

        assertThat(brief(report)).containsExactly(
                "UNKNOWN wrong-password " + pkcs8,
                "UNKNOWN wrong-password " + legacy);
        assertThat(report.findings()).extracting(Finding::summary)
                .allMatch(s -> s.equals("line " + (TestPki.pem(leaf.cert()).split("\n").length + 1)
                        + ": cannot decrypt the private key: wrong password or unsupported encryption"))
                .noneMatch(s -> s.contains("N0t-The-Key-pw"));
        assertThat(report.certificates()).hasSize(2);
    }

    @Test
    void directoryIsWalkedRecursivelyWithItsGlob() throws Exception {
        Issued healthy = TestPki.leaf("healthy", intermediate).issue();
        Issued expired = TestPki.leaf("expired", intermediate)
                .validFor(NOW.minus(Duration.ofDays(100)), NOW.minus(Duration.ofDays(1))).issue();
        Path certs = dir.resolve("certs");
        TestPki.write(certs.resolve("top.pem"), TestPki.pem(healthy.cert()));
        TestPki.write(certs.resolve("a/b/deep.crt"), TestPki.pem(healthy.cert(), intermediate.cert()));
        Path der = TestPki.writeDer(Files.createDirectories(certs.resolve("a")).resolve("one.der"), expired.cert());
        TestPki.write(certs.resolve("a/notes.txt"), "not a certificate");

        CertificateReport report = checker().directory(certs).directory(dir.resolve("nowhere"))
                .directory(certs, "**/*.nothing").check();

        assertThat(report.sources()).extracting(SourceResult::name).containsExactly(
                certs.resolve("a/b/deep.crt").toString(), der.toString(), certs.resolve("top.pem").toString(),
                dir.resolve("nowhere").resolve(CertExpiryChecker.DEFAULT_GLOB).toString(),
                certs.resolve("**/*.nothing").toString());
        assertThat(brief(report)).containsExactly(
                "CRITICAL expired " + der + "#0",
                "UNKNOWN source-unreadable " + dir.resolve("nowhere").resolve(CertExpiryChecker.DEFAULT_GLOB),
                "UNKNOWN source-unreadable " + certs.resolve("**/*.nothing"));
        assertThat(report.certificates()).hasSize(4);
    }

    @Test
    void renewalFractionAndMaximumValidityAreOptIn() throws Exception {
        Issued twoThirdsUsed = TestPki.leaf("used", intermediate)
                .validFor(NOW.minus(Duration.ofDays(70)), NOW.plus(Duration.ofDays(20))).issue();
        Issued longLived = TestPki.leaf("long", intermediate)
                .validFor(NOW.minus(Duration.ofDays(10)), NOW.plus(Duration.ofDays(400))).issue();
        Path file = TestPki.write(dir.resolve("certs.pem"),
                TestPki.pem(twoThirdsUsed.cert(), longLived.cert(), intermediate.cert()));

        CertificateReport defaults = checker().expiry(Threshold.below(Duration.ofDays(14), Duration.ofDays(3)))
                .pemFile(file).check();
        CertificateReport strict = checker().expiry(Threshold.below(Duration.ofDays(14), Duration.ofDays(3)))
                .renewAtLifetimeFraction(2.0 / 3).maxValidity(CertExpiryChecker.PUBLIC_TLS_MAX_VALIDITY)
                .pemFile(file).check();

        assertThat(defaults.findings()).isEmpty();
        assertThat(brief(strict)).containsExactly(
                "WARNING expires-soon " + file + "#0",
                "WARNING validity-too-long " + file + "#1");
        assertThat(strict.findings().get(0).summary()).contains("78% of its lifetime used");
    }

    @Test
    void asCheckRunsTheSameInspectionUnderItsStableId() throws Exception {
        Path file = TestPki.write(dir.resolve("api.pem"),
                TestPki.pem(TestPki.leaf("api", intermediate).expiresIn(Duration.ofDays(3)).issue().cert()));
        CertExpiryChecker checker = checker().pemFile(file);

        CheckResult result = checker.asCheck().run();

        assertThat(result.checkId()).isEqualTo("certs.expiry");
        assertThat(result.target()).isEqualTo(file.toString());
        assertThat(result.completed()).isTrue();
        assertThat(result.findings()).isEqualTo(checker.check().findings());
        assertThat(result.worst()).isEqualTo(Severity.CRITICAL);
    }
}

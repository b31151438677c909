package io.maintkit.certs;

import static io.maintkit.certs.FindingsAssert.brief;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files written by the OpenSSL command line as operators write them: Ed25519 and Ed448, PKCS#12, keys. */
class OpenSslFilesTest {

    private static final char[] STORE_PASSWORD = "ch4nge-it".toCharArray();

    @TempDir
    static Path pki;

    private static OpenSsl openssl;

    @BeforeAll
    static void privateCa() throws Exception {
        openssl = new OpenSsl(pki)
                .root("root", "Private Root")
                .issue("intermediate", "Private Intermediate", "root", OpenSsl.CA)
                .issue("leaf", "api.test", "intermediate", OpenSsl.server("api.test"))
                .issue("other", "other.test", "intermediate", OpenSsl.server("other.test"));
        openssl.concat("chain.pem", "leaf.pem", "intermediate.pem");
    }

    private static CertExpiryChecker checker() {
        return CertExpiryChecker.on();
    }

    @Test
    void edwardsCurveKeysAreNamedByTheirCurveWithTheBitsOfTheirEncodedKey() throws Exception {
        openssl.issue("ed25519", "ed25519.test", "intermediate", OpenSsl.server("ed25519.test"),
                "-newkey", "ed25519");
        openssl.issue("ed448", "ed448.test", "intermediate", OpenSsl.server("ed448.test"), "-newkey", "ed448");
        openssl.run("pkey", "-in", "ed25519.key", "-pubout", "-outform", "DER", "-out", "ed25519.pub");
        openssl.run("pkey", "-in", "ed448.key", "-pubout", "-outform", "DER", "-out", "ed448.pub");
        // SubjectPublicKeyInfo of an Edwards key: 12 bytes of algorithm and BIT STRING header, then the key
        int ed25519Bits = (Files.readAllBytes(openssl.file("ed25519.pub")).length - 12) * 8;
        int ed448Bits = (Files.readAllBytes(openssl.file("ed448.pub")).length - 12) * 8;

        CertificateReport report = checker().pemFile(openssl.file("ed25519.pem"), openssl.file("ed25519.key"), null)
                .pemFile(openssl.file("ed448.pem"), openssl.file("ed448.key"), null)
                .pemFile(openssl.file("ed448.pem"), openssl.file("ed25519.key"), null)
                .check();

        assertThat(report.certificates()).extracting(c -> c.certificate().keyAlgorithm() + " "
                        + c.certificate().keyBits())
                .containsExactly("Ed25519 " + ed25519Bits, "Ed448 " + ed448Bits, "Ed448 " + ed448Bits)
                .containsExactly("Ed25519 256", "Ed448 456", "Ed448 456");
        assertThat(brief(report)).containsExactly("CRITICAL key-mismatch " + openssl.file("ed448.pem") + "#0");
    }

    @Test
    void certificatesOnlyPkcs12GivesEveryCertificate() throws Exception {
        openssl.run("pkcs12", "-export", "-nokeys", "-in", "chain.pem", "-out", "certs.p12",
                "-passout", "pass:" + new String(STORE_PASSWORD));
        Path p12 = openssl.file("certs.p12");

        CertificateReport report = checker().keyStore(p12, "PKCS12", STORE_PASSWORD).check();

        assertThat(report.findings()).isEmpty();
        assertThat(report.certificates()).extracting(c -> c.certificate().subject())
                .containsExactly("CN=api.test", "CN=Private Intermediate");
    }

    @Test
    void pkcs12WithKeyAndExtraCertificatesGivesEachOnce() throws Exception {
        openssl.run("pkcs12", "-export", "-in", "leaf.pem", "-inkey", "leaf.key", "-certfile", "root.pem",
                "-name", "api", "-out", "bundle.p12", "-passout", "pass:" + new String(STORE_PASSWORD));
        Path p12 = openssl.file("bundle.p12");

        CertificateReport report = checker().keyStore(p12, "PKCS12", STORE_PASSWORD).check();

        assertThat(report.findings()).isEmpty();
        assertThat(report.certificates()).extracting(c -> c.certificate().subject())
                .containsExactlyInAnyOrder("CN=api.test", "CN=Private Root");
    }

    @Test
    void pkcs12ProtectedByAnEmptyPasswordAndOpenedWithNullAsksForIt() throws Exception {
        openssl.run("pkcs12", "-export", "-in", "leaf.pem", "-inkey", "leaf.key", "-out", "empty.p12",
                "-passout", "pass:");
        Path p12 = openssl.file("empty.p12");

        CertificateReport withNull = checker().keyStore(p12, "PKCS12", null).check();
        CertificateReport withEmpty = checker().keyStore(p12, "PKCS12", new char[0]).check();

        assertThat(brief(withNull)).containsExactly("UNKNOWN password-required " + p12);
        assertThat(withEmpty.findings()).isEmpty();
        assertThat(withEmpty.certificates()).extracting(c -> c.certificate().subject()).containsExactly("CN=api.test");
    }

    @Test
    void encryptedKeyFileWithoutPasswordIsSaidNotSkipped() throws Exception {
        openssl.run("pkey", "-in", "leaf.key", "-aes256", "-passout", "pass:k3y-pw", "-out", "leaf-encrypted.key");
        Path cert = openssl.file("leaf.pem");

        CertificateReport noPassword = checker().pemFile(cert, openssl.file("leaf-encrypted.key"), null).check();
        CertificateReport withPassword = checker().pemFile(cert, openssl.file("leaf-encrypted.key"),
                "k3y-pw".toCharArray()).check();

        assertThat(brief(noPassword)).containsExactly("UNKNOWN password-required " + cert);
        assertThat(noPassword.findings().get(0).summary()).contains(openssl.file("leaf-encrypted.key").toString());
        assertThat(withPassword.findings()).isEmpty();
    }

    @Test
    void letsEncryptLayoutPairsPrivkeyWithItsCertificate() throws Exception {
        Path live = Files.createDirectories(pki.resolve("live/api.test"));
        Files.copy(openssl.file("leaf.pem"), live.resolve("cert.pem"));
        Files.copy(openssl.file("intermediate.pem"), live.resolve("chain.pem"));
        Files.copy(openssl.file("chain.pem"), live.resolve("fullchain.pem"));
        Files.copy(openssl.file("leaf.key"), live.resolve("privkey.pem"));
        Path wrong = Files.createDirectories(pki.resolve("live/other.test"));
        Files.copy(openssl.file("other.pem"), wrong.resolve("cert.pem"));
        Files.copy(openssl.file("other.pem"), wrong.resolve("fullchain.pem"));
        Files.copy(openssl.file("leaf.key"), wrong.resolve("privkey.pem"));
        Path lonely = Files.createDirectories(pki.resolve("live/keys"));
        Files.copy(openssl.file("leaf.key"), lonely.resolve("privkey.pem"));

        CertificateReport report = checker().directory(pki.resolve("live")).check();

        assertThat(brief(report)).containsExactly(
                "INFO private-key-only " + lonely.resolve("privkey.pem"),
                "CRITICAL key-mismatch " + wrong.resolve("cert.pem") + "#0");
        assertThat(report.sources()).extracting(SourceResult::name).doesNotContain(
                live.resolve("privkey.pem").toString(), wrong.resolve("privkey.pem").toString());
        assertThat(report.sources()).allMatch(SourceResult::readable);
    }
}

package io.maintkit.backup;

import static org.assertj.core.api.Assertions.assertThat;

import io.maintkit.core.CheckResult;
import io.maintkit.core.Finding;
import io.maintkit.core.Severity;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Base backup manifests whose own checksum line is valid but whose JSON is hostile or not strict JSON: each is a
 * CRITICAL finding, never an exception or an error out of {@code verify()} or {@code asCheck().run()}.
 */
class HostileManifestTest {

    @TempDir
    Path store;

    @Test
    void aHundredThousandNestedBracketsAreACriticalFindingNotAStackOverflow() throws Exception {
        signedManifest("{\"PostgreSQL-Backup-Manifest-Version\": 1,\n\"Files\": " + "[".repeat(100_000) + "\n");
        BackupVerifier verifier = BackupVerifier.on(BackupStore.directory(store));
        BackupReport report = verifier.verify();
        Finding integrity = report.findings().stream().filter(f -> f.subject().endsWith("backup_manifest"))
                .findFirst().orElseThrow();
        assertThat(integrity.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(integrity.kind()).isEqualTo("manifest-invalid");
        assertThat(integrity.summary()).contains("nesting depth");
        CheckResult check = verifier.asCheck().run();
        assertThat(check.completed()).isTrue();
        assertThat(check.worst()).isEqualTo(Severity.CRITICAL);
    }

    @ParameterizedTest
    @ValueSource(strings = {"+1", "01", "1.", "1e999999999", "\"1\""})
    void aManifestVersionThatIsNotAStrictJsonWholeNumberIsCritical(String version) throws Exception {
        signedManifest("{\"PostgreSQL-Backup-Manifest-Version\": " + version + ",\n\"Files\": [],\n"
                + "\"WAL-Ranges\": [],\n");
        BackupVerification v = BackupVerifier.on(BackupStore.directory(store)).verify("base/backup_manifest");
        assertThat(v.integrity()).as(v.detail()).isEqualTo(BackupVerification.Integrity.CORRUPT);
        assertThat(v.problem()).isEqualTo("manifest-invalid");
    }

    @Test
    void aDuplicateKeyIsCriticalInsteadOfSilentlyOverwritingTheFirst() throws Exception {
        signedManifest("{\"PostgreSQL-Backup-Manifest-Version\": 1,\n\"Files\": [\n{ \"Path\": \"PG_VERSION\","
                + " \"Size\": 3, \"Size\": 0, \"Last-Modified\": \"2025-01-01 00:00:00 GMT\" }\n],\n");
        Files.writeString(store.resolve("base/PG_VERSION"), "15\n");
        BackupVerification v = BackupVerifier.on(BackupStore.directory(store)).verify("base/backup_manifest");
        assertThat(v.integrity()).as(v.detail()).isEqualTo(BackupVerification.Integrity.CORRUPT);
        assertThat(v.problem()).isEqualTo("manifest-invalid");
        assertThat(v.detail()).contains("Duplicate field 'Size'");
    }

    /** Writes base/backup_manifest: {@code body}, then the checksum line pg_basebackup writes over it. */
    private void signedManifest(String body) throws Exception {
        Path dir = Files.createDirectories(store.resolve("base"));
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        Files.writeString(dir.resolve("backup_manifest"), body + "\"Manifest-Checksum\": \"" + sha + "\"}\n");
    }
}

package io.maintkit.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Archives and plain dumps written by pg_dump 13, 17 and 18 (see {@code src/test/resources/pg_dump/README.md}): the
 * archive versions that pg_dump 15 on this system's PATH does not write.
 */
class PgDumpVersionsTest {

    @TempDir
    Path dir;

    private Path fixture(String name) throws IOException {
        Path target = dir.resolve(name);
        try (InputStream in = PgDumpVersionsTest.class.getResourceAsStream("/pg_dump/" + name)) {
            assertThat(in).as(name).isNotNull();
            Files.copy(in, target);
        }
        return target;
    }

    private static BackupVerification verify(Path file) throws IOException {
        return BackupVerifier.on(BackupStore.directory(file.getParent())).verify(file.getFileName().toString());
    }

    @ParameterizedTest
    @CsvSource({"pg13-gzip.dump, 13.16, 1.14, gzip", "pg13-none.dump, 13.16, 1.14, none",
            "pg17-gzip.dump, 17.11, 1.16, gzip", "pg17-none.dump, 17.11, 1.16, none",
            "pg18-gzip.dump, 18.6, 1.16, gzip", "pg18-none.dump, 18.6, 1.16, none"})
    void intactArchivesVerifyAndEveryTruncatedCopyIsCorrupt(String name, String pgDump, String archiveVersion,
                                                           String compression) throws IOException {
        Path archive = fixture(name);
        BackupVerification intact = verify(archive);
        assertThat(intact.integrity()).as(intact.detail()).isEqualTo(BackupVerification.Integrity.INTACT);
        assertThat(intact.format()).isEqualTo(BackupFormat.POSTGRES_CUSTOM);
        assertThat(intact.detail()).contains("archive " + archiveVersion).contains("by pg_dump " + pgDump)
                .contains("compression " + compression).contains("3 data blocks read to their end");

        long size = Files.size(archive);
        for (long at : Damage.offsets(0, size, 60, size)) {
            Path cut = Damage.truncated(archive, dir, "cut-" + name, at);
            BackupVerification v = verify(cut);
            assertThat(v.integrity()).as("%s cut at %d of %d: %s", name, at, size, v.detail())
                    .isEqualTo(BackupVerification.Integrity.CORRUPT);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"pg13-gzip.dump", "pg17-gzip.dump", "pg18-gzip.dump"})
    void flippedBytesInCompressedDataAreCorrupt(String name) throws IOException {
        Path archive = fixture(name);
        long size = Files.size(archive);
        for (long at : Damage.offsets(size / 3, size, 60, 7)) {
            Path flipped = Damage.flipped(archive, dir, "flip-" + name, at);
            BackupVerification v = verify(flipped);
            assertThat(v.integrity()).as("%s flipped at %d of %d: %s", name, at, size, v.detail())
                    .isEqualTo(BackupVerification.Integrity.CORRUPT);
        }
    }

    @ParameterizedTest
    @CsvSource({"pg17-lz4.dump, lz4", "pg17-zstd.dump, zstd", "pg18-lz4.dump, lz4", "pg18-zstd.dump, zstd"})
    void lz4AndZstdArchivesAreUnverifiableWithTheReasonNeverIntact(String name, String algorithm)
            throws IOException {
        BackupVerification v = verify(fixture(name));

        assertThat(v.integrity()).isEqualTo(BackupVerification.Integrity.UNVERIFIABLE);
        assertThat(v.verified()).isFalse();
        assertThat(v.detail()).contains(algorithm);
    }

    @ParameterizedTest
    @ValueSource(strings = {"pg13-plain.sql", "pg17-plain.sql", "pg18-plain.sql"})
    void plainDumpsVerifyAndEveryTruncatedCopyIsCorrupt(String name) throws IOException {
        Path dump = fixture(name);
        BackupVerification intact = verify(dump);
        assertThat(intact.integrity()).as(intact.detail()).isEqualTo(BackupVerification.Integrity.INTACT);
        assertThat(intact.format()).isEqualTo(BackupFormat.POSTGRES_PLAIN);

        long size = Files.size(dump);
        for (long at : Damage.offsets(0, size, 40, size)) {
            BackupVerification v = verify(Damage.truncated(dump, dir, "cut-" + name, at));
            assertThat(v.integrity()).as("%s cut at %d of %d: %s", name, at, size, v.detail())
                    .isEqualTo(BackupVerification.Integrity.CORRUPT);
        }
    }
}

package io.maintkit.backup;

import static org.assertj.core.api.Assertions.assertThat;

import io.maintkit.backup.internal.BaseBackupManifestWalker;
import io.maintkit.backup.internal.CorruptBackupException;
import io.maintkit.backup.internal.EntryWalk;
import io.maintkit.backup.internal.UnsupportedBackupException;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Fuzzes every format walker with real tools' files (pg_dump custom archives of three majors, pg_dumpall, a
 * mariadb-dump, a Redis 7 RDB, a pg_basebackup manifest, gzipped dumps) truncated, flipped, spliced, repeated and
 * padded, and with manifests whose body is damaged but whose checksum line is recomputed so the JSON parser sees
 * the damage. Whatever the input, a walk returns a result: intact, corrupt or unverifiable with a problem code;
 * nothing is thrown. A case that breaks this is written to {@code target/fuzz-crashes}; keep it under
 * {@code src/test/resources/fuzz-regressions}, where {@link #everyKeptRegressionInputGivesAResult()} replays it.
 */
class WalkerFuzzTest {

    private static final List<Seed> SEEDS = Stream.of("fuzz-seeds/pg15-custom.dump", "fuzz-seeds/pg15-cluster.sql",
                    "fuzz-seeds/pg15-cluster.sql.gz", "fuzz-seeds/mariadb10.11.sql", "fuzz-seeds/mariadb10.11.sql.gz",
                    "fuzz-seeds/redis7.rdb", "fuzz-seeds/base/backup_manifest", "pg_dump/pg13-gzip.dump",
                    "pg_dump/pg17-none.dump", "pg_dump/pg18-lz4.dump", "pg_dump/pg17-plain.sql")
            .map(WalkerFuzzTest::seed).toList();

    /** A real file: its name in the store and its bytes. */
    record Seed(String name, byte[] bytes) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** A damaged input and how it was made, for the report of a failing case. */
    record Sample(String name, byte[] bytes, String how) {
        @Override
        public String toString() {
            return name + " " + how + " (" + bytes.length + " bytes)";
        }
    }

    @Property(tries = 400, edgeCases = EdgeCasesMode.NONE)
    void anyDamagedBackupGivesAResultNotAnException(@ForAll("damaged") Sample sample) throws Exception {
        walkKeepingCrashes(sample);
    }

    @Property(tries = 25, edgeCases = EdgeCasesMode.NONE)
    void anyManifestWithARecomputedChecksumGivesAResult(@ForAll("resigned") Sample sample) throws Exception {
        walkKeepingCrashes(sample);
    }

    @Example
    void everyKeptRegressionInputGivesAResult() throws Exception {
        Path dir = resource("fuzz-regressions");
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(p -> !p.getFileName().toString().equals("README.md")).toList()) {
                String name = file.getFileName().toString().replaceFirst("^[^_]*_", "").replace('+', '/');
                walkKeepingCrashes(new Sample(name, Files.readAllBytes(file), "kept regression " + file.getFileName()));
            }
        }
    }

    @Provide
    Arbitrary<Sample> damaged() {
        return Combinators.combine(Arbitraries.of(SEEDS), Arbitraries.of(SEEDS), Arbitraries.integers().between(0, 6),
                Arbitraries.longs(), Arbitraries.longs()).as(WalkerFuzzTest::mutate);
    }

    @Provide
    Arbitrary<Sample> resigned() {
        Seed manifest = SEEDS.stream().filter(s -> s.name().endsWith("backup_manifest")).findFirst().orElseThrow();
        return Combinators.combine(Arbitraries.integers().between(0, 6), Arbitraries.longs(), Arbitraries.longs())
                .as((kind, x, y) -> resign(manifest, kind, x, y));
    }

    private static Sample mutate(Seed a, Seed b, int kind, long x, long y) {
        byte[] s = a.bytes();
        int n = s.length;
        int at = (int) Math.floorMod(x, (long) n);
        SplittableRandom random = new SplittableRandom(y);
        return switch (kind) {
            case 0 -> new Sample(a.name(), Arrays.copyOf(s, at), "cut at " + at);
            case 1 -> {
                byte[] c = s.clone();
                int mask = 1 + random.nextInt(255);
                c[at] ^= (byte) mask;
                yield new Sample(a.name(), c, "byte " + at + " xor " + mask);
            }
            case 2 -> {
                int from = (int) Math.floorMod(y, (long) b.bytes().length);
                byte[] c = concat(Arrays.copyOf(s, at), Arrays.copyOfRange(b.bytes(), from, b.bytes().length));
                yield new Sample(a.name(), c, "first " + at + " bytes, then " + b.name() + " from " + from);
            }
            case 3 -> {
                byte[] c = s.clone();
                int flips = 1 + random.nextInt(16);
                for (int i = 0; i < flips; i++) {
                    c[random.nextInt(n)] = (byte) random.nextInt(256);
                }
                yield new Sample(a.name(), c, flips + " random bytes from seed " + y);
            }
            case 4 -> {
                int end = Math.min(n, at + 1 + random.nextInt(Math.max(1, n - at)));
                int times = 1 + random.nextInt(64);
                byte[] slice = Arrays.copyOfRange(s, at, end);
                byte[] c = Arrays.copyOf(s, at);
                for (int i = 0; i < times; i++) {
                    c = concat(c, slice);
                }
                yield new Sample(a.name(), concat(c, Arrays.copyOfRange(s, at, n)), "bytes " + at + ".." + end
                        + " repeated " + times + " times");
            }
            case 5 -> {
                byte[] noise = new byte[1 + random.nextInt(4096)];
                random.nextBytes(noise);
                yield new Sample(a.name(), concat(concat(Arrays.copyOf(s, at), noise), Arrays.copyOfRange(s, at, n)),
                        noise.length + " random bytes inserted at " + at);
            }
            default -> new Sample(b.name(), s, "bytes of " + a.name() + " under the name " + b.name());
        };
    }

    /** The manifest with its body damaged and its checksum line recomputed over the damaged body. */
    private static Sample resign(Seed manifest, int kind, long x, long y) {
        String text = new String(manifest.bytes(), StandardCharsets.UTF_8);
        int last = text.lastIndexOf("\"Manifest-Checksum\"");
        String body = text.substring(0, last);
        SplittableRandom random = new SplittableRandom(y);
        int at = (int) Math.floorMod(x, (long) body.length());
        String how;
        switch (kind) {
            case 0 -> {
                int depth = 1 + random.nextInt(200_000);
                body = body.substring(0, at) + (random.nextBoolean() ? "[" : "{\"a\":").repeat(depth) + "\n";
                how = depth + " nested openings at " + at;
            }
            case 1 -> {
                char[] c = body.toCharArray();
                String json = "{}[],:\"\\0123456789+-.eE \n";
                c[at] = json.charAt(random.nextInt(json.length()));
                body = new String(c);
                how = "character " + at + " replaced";
            }
            case 2 -> {
                body = body.substring(0, at) + "\n";
                how = "body cut at " + at;
            }
            case 3 -> {
                int files = body.indexOf("\"Files\"");
                int entry = body.indexOf('{', files);
                int end = body.indexOf("},", entry) + 2;
                String one = body.substring(entry, end);
                body = body.substring(0, end) + one.repeat(1 + random.nextInt(2000)) + body.substring(end);
                how = "a Files entry repeated";
            }
            case 4 -> {
                body = body.replaceFirst("\"Size\": [0-9]+", "\"Size\": " + (random.nextBoolean()
                        ? "1e" + random.nextInt(1_000_000_000) : "-" + random.nextLong()));
                how = "a huge or negative size";
            }
            case 5 -> {
                body = body.replaceFirst("\"Path\": \"[^\"]*\"", "\"Path\": \"../".repeat(1 + random.nextInt(8))
                        + "etc/passwd\"");
                how = "a path out of the backup";
            }
            default -> {
                body = body.replace("\"Start-LSN\": \"", "\"Start-LSN\": \"" + Long.toHexString(random.nextLong()));
                how = "a damaged WAL start";
            }
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String line = "\"Manifest-Checksum\": \"" + HexFormat.of().formatHex(sha256(bytes)) + "\"}\n";
        return new Sample(manifest.name(), concat(bytes, line.getBytes(StandardCharsets.UTF_8)), how);
    }

    private static void walkKeepingCrashes(Sample sample) throws IOException {
        try {
            EntryWalk.Result r = EntryWalk.run(new ByteArrayInputStream(sample.bytes()), sample.name(), true,
                    new BaseBackupManifestWalker.Files() {
                        @Override
                        public InputStream open(String path) throws IOException {
                            throw new NoSuchFileException(path);
                        }
                    });
            assertThat(r.detail()).isNotNull();
            assertThat(r.bytes()).isEqualTo(sample.bytes().length);
            assertThat(r.sha256()).isEqualTo(HexFormat.of().formatHex(sha256(sample.bytes())));
            if (r.failure() != null) {
                assertThat(r.failure()).isInstanceOfAny(CorruptBackupException.class,
                        UnsupportedBackupException.class);
                assertThat(r.problem()).matches("[a-z0-9]+(-[a-z0-9]+)*");
            }
        } catch (Throwable t) {
            Path crashes = Files.createDirectories(Path.of("target", "fuzz-crashes"));
            String file = Integer.toHexString(Arrays.hashCode(sample.bytes())) + "_" + sample.name().replace('/', '+');
            Files.write(crashes.resolve(file), sample.bytes());
            throw t;
        }
    }

    private static Seed seed(String resource) {
        try {
            return new Seed(resource.substring(resource.indexOf('/') + 1), Files.readAllBytes(resource(resource)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path resource(String name) {
        try {
            return Path.of(WalkerFuzzTest.class.getClassLoader().getResource(name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

package io.maintkit.benchmarks;

import io.maintkit.backup.BackupReport;
import io.maintkit.backup.BackupStore;
import io.maintkit.backup.BackupVerification;
import io.maintkit.backup.BackupVerifier;
import io.maintkit.backup.ChecksumManifest;
import io.maintkit.backup.internal.ByteSource;
import io.maintkit.backup.internal.GzipWalker;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.zip.GZIPOutputStream;

/**
 * Verifying a store of several gzip backups (SHA-256 against a {@code sha256sum} manifest and a full inflate of each)
 * on one core and on the host's executor with two in flight, against {@code sha256sum} and {@code gzip -t} over the
 * same files run two at a time with {@code xargs -P2}, in the same run. Also the single-file figures: one pass
 * (SHA-256 and inflate) against the JDK inflate alone and {@code gzip -t} on the first file.
 *
 * <p>Run from the repository's root (arguments: backups, default 8; MiB each, default 256; rounds, default 2):
 * <pre>
 * ./mvnw -q -pl benchmarks -am package exec:java -DskipTests -Dexec.mainClass=io.maintkit.benchmarks.BackupStoreBenchmark -Dexec.args="8 256 2"
 * </pre>
 * The backups are made in a fresh directory under {@code /tmp} (one generated file of SQL-like rows, copied, each
 * copy given its own last gzip member so every file has its own SHA-256) and deleted at the end.
 */
public final class BackupStoreBenchmark {

    private BackupStoreBenchmark() {
    }

    /**
     * Runs the benchmark and prints its figures.
     *
     * @param args backups, MiB each, rounds
     * @throws Exception when the files cannot be made or a baseline command fails
     */
    public static void main(String[] args) throws Exception {
        int backups = args.length > 0 ? Integer.parseInt(args[0]) : 8;
        long mib = args.length > 1 ? Long.parseLong(args[1]) : 256;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        BenchSupport.printCommand(BackupStoreBenchmark.class, args);
        Path dir = Files.createTempDirectory(Path.of("/tmp"), "maintkit-store-bench");
        ExecutorService host = Executors.newFixedThreadPool(2);
        try {
            List<Path> files = makeStore(dir, backups, mib);
            long total = 0;
            for (Path f : files) {
                total += Files.size(f);
            }
            System.out.printf(Locale.ROOT, "store: %s, %d gzip backups, %.1f MiB in all%n", dir, backups,
                    total / 1048576.0);
            String list = "ls " + dir + "/backup-*.sql.gz";
            String shaCommand = list + " | xargs -P2 -n1 sha256sum";
            String gzipCommand = list + " | xargs -P2 -n1 gzip -t";
            BenchSupport.timeShell("cat " + dir + "/backup-*.sql.gz > /dev/null");
            BackupVerifier verifier = BackupVerifier.on(BackupStore.directory(dir)).matching("backup-*.sql.gz")
                    .checksums(ChecksumManifest.sha256()).verifyAll().sizeAnomaly(0, io.maintkit.core.Percent.of(50));
            double bestSha = Double.MAX_VALUE;
            double bestGzip = Double.MAX_VALUE;
            double bestOne = Double.MAX_VALUE;
            double bestTwo = Double.MAX_VALUE;
            for (int r = 1; r <= rounds; r++) {
                double sha = BenchSupport.seconds(BenchSupport.timeShell(shaCommand));
                double gz = BenchSupport.seconds(BenchSupport.timeShell(gzipCommand));
                long t0 = System.nanoTime();
                check(verifier.verify(), backups);
                double one = BenchSupport.seconds(System.nanoTime() - t0);
                t0 = System.nanoTime();
                check(verifier.executor(host, 2).verify(), backups);
                double two = BenchSupport.seconds(System.nanoTime() - t0);
                System.out.printf(Locale.ROOT, "round %d: %s %.2f s; %s %.2f s; maintkit verifyAll one at a time"
                        + " %.2f s; maintkit verifyAll on a 2-thread host executor, 2 in flight %.2f s%n", r,
                        shaCommand, sha, gzipCommand, gz, one, two);
                bestSha = Math.min(bestSha, sha);
                bestGzip = Math.min(bestGzip, gz);
                bestOne = Math.min(bestOne, one);
                bestTwo = Math.min(bestTwo, two);
            }
            System.out.printf(Locale.ROOT, "best: sha256sum -P2 %.2f s (%.0f MiB/s), gzip -t -P2 %.2f s (%.0f MiB/s),"
                            + " maintkit one at a time %.2f s (%.0f MiB/s), maintkit 2 in flight %.2f s (%.0f MiB/s)%n",
                    bestSha, total / 1048576.0 / bestSha, bestGzip, total / 1048576.0 / bestGzip, bestOne,
                    total / 1048576.0 / bestOne, bestTwo, total / 1048576.0 / bestTwo);
            System.out.printf(Locale.ROOT, "2 in flight vs one at a time: %.2fx; vs gzip -t -P2: %.2fx; vs sha256sum"
                    + " -P2: %.2fx (maintkit does both jobs in its pass)%n", bestOne / bestTwo, bestGzip / bestTwo,
                    bestSha / bestTwo);
            singleFile(dir, files.get(0), rounds);
            System.out.println("command: " + BenchSupport.command(BackupStoreBenchmark.class, args));
        } finally {
            host.shutdownNow();
            BenchSupport.deleteTree(dir);
        }
    }

    private static void singleFile(Path dir, Path file, int rounds) throws Exception {
        String name = file.getFileName().toString();
        BackupVerifier verifier = BackupVerifier.on(BackupStore.directory(dir)).checksums(ChecksumManifest.sha256());
        double[] passOverInflate = new double[rounds];
        double[] gzipOverPass = new double[rounds];
        for (int r = 1; r <= rounds + 1; r++) {
            long t0 = System.nanoTime();
            try (InputStream in = Files.newInputStream(file)) {
                GzipWalker.walk(ByteSource.of(in, 1 << 20), (b, o, l) -> { });
            }
            double inflate = BenchSupport.seconds(System.nanoTime() - t0);
            t0 = System.nanoTime();
            BackupVerification v = verifier.verify(name);
            double pass = BenchSupport.seconds(System.nanoTime() - t0);
            if (!v.verified() || v.checksum() != BackupVerification.ChecksumStatus.MATCH) {
                throw new IllegalStateException(name + " did not verify: " + v.detail());
            }
            double gz = BenchSupport.seconds(BenchSupport.timeShell("gzip -t " + file));
            System.out.printf(Locale.ROOT, "single file %s, round %d: JDK inflate alone %.2f s, maintkit one pass"
                    + " (SHA-256 + inflate) %.2f s, gzip -t %.2f s; one pass / inflate alone %.3fx, gzip -t / one"
                    + " pass %.2fx%n", name, r, inflate, pass, gz, pass / inflate, gz / pass);
            if (r > 1) {
                passOverInflate[r - 2] = pass / inflate;
                gzipOverPass[r - 2] = gz / pass;
            }
        }
        java.util.Arrays.sort(passOverInflate);
        java.util.Arrays.sort(gzipOverPass);
        System.out.printf(Locale.ROOT, "single file, median of %d paired rounds after a warm-up: one pass / inflate"
                + " alone = %.3fx (target <= 1.05x); gzip -t / one pass = %.2fx (target >= 2x)%n", rounds,
                passOverInflate[rounds / 2], gzipOverPass[rounds / 2]);
    }

    private static void check(BackupReport report, int backups) {
        long verified = report.verifications().stream().filter(BackupVerification::verified).count();
        if (verified != backups) {
            throw new IllegalStateException("only " + verified + " of " + backups + " backups verified: "
                    + report.findings());
        }
    }

    /** One generated gzip file, copied {@code backups} times, each copy with its own extra gzip member. */
    private static List<Path> makeStore(Path dir, int backups, long mib) throws Exception {
        Path first = dir.resolve("backup-1.sql.gz");
        GzipVerifyBenchmark.generate(first, mib << 20);
        List<Path> files = new ArrayList<>();
        StringBuilder manifest = new StringBuilder();
        for (int i = 1; i <= backups; i++) {
            Path f = dir.resolve("backup-" + i + ".sql.gz");
            if (i > 1) {
                Files.copy(first, f);
            }
            try (OutputStream out = Files.newOutputStream(f, StandardOpenOption.APPEND);
                 GZIPOutputStream gz = new GZIPOutputStream(out)) {
                gz.write(("-- backup " + i + "\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            }
            files.add(f);
        }
        for (Path f : files) {
            manifest.append(sha256sum(f)).append("  ").append(f.getFileName()).append('\n');
        }
        Files.writeString(dir.resolve("checksums.txt"), manifest);
        return files;
    }

    private static String sha256sum(Path f) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("sha256sum", f.toString()).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII);
        if (p.waitFor() != 0) {
            throw new IllegalStateException("sha256sum failed on " + f);
        }
        return out.substring(0, 64);
    }
}

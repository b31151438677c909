package io.maintkit.benchmarks;

import io.maintkit.backup.BackupStore;
import io.maintkit.backup.BackupVerification;
import io.maintkit.backup.BackupVerifier;
import io.maintkit.backup.ChecksumManifest;
import io.maintkit.backup.internal.ByteSource;
import io.maintkit.backup.internal.GzipWalker;
import io.maintkit.core.internal.Executables;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * Verifying a large gzip backup (SHA-256 against a manifest and a full inflate with CRC-32 and length checks, in one
 * pass) against {@code sha256sum} and {@code gzip -t} on the same file, in the same run.
 *
 * <p>Run from the repository's root (arguments: size in MiB, default 2048; file, default
 * {@code /tmp/maintkit-bench.sql.gz}; rounds, default 3):
 * <pre>
 * ./mvnw -q -pl benchmarks -am package exec:java -DskipTests -Dexec.mainClass=io.maintkit.benchmarks.GzipVerifyBenchmark -Dexec.args="2048"
 * </pre>
 * Through {@code exec:java} the benchmark shares Maven's JVM, so the peak heap it reports is an upper bound that
 * includes Maven's own; {@code MAVEN_OPTS=-Xmx128m} bounds the heap for the run.
 *
 * The file is generated once (SQL-like COPY rows, gzip level 6 in independent members written by two threads) and
 * reused while its size matches. Every figure is printed; the best of the rounds counts for each contender.
 */
public final class GzipVerifyBenchmark {

    private static final long SEGMENT = 16L << 20;

    private GzipVerifyBenchmark() {
    }

    /**
     * Runs the benchmark and prints its figures.
     *
     * @param args size in MiB, file, rounds
     * @throws Exception when the file cannot be made or a baseline command fails
     */
    public static void main(String[] args) throws Exception {
        long targetMiB = args.length > 0 ? Long.parseLong(args[0]) : 2048;
        Path file = Path.of(args.length > 1 ? args[1] : "/tmp/maintkit-bench.sql.gz");
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        BenchSupport.printCommand(GzipVerifyBenchmark.class, args);
        if (!Files.exists(file) || Math.abs(Files.size(file) - (targetMiB << 20)) > (targetMiB << 20) / 20) {
            generate(file, targetMiB << 20);
        }
        long size = Files.size(file);
        System.out.printf(Locale.ROOT, "file: %s, %.1f MiB%n", file, size / 1048576.0);
        run(List.of("cat", file.toString()), true);

        Path storeDir = Files.createTempDirectory("maintkit-bench-store");
        Path link = storeDir.resolve(file.getFileName());
        Files.createSymbolicLink(link, file);
        double bestSha = Double.MAX_VALUE;
        double bestGzip = Double.MAX_VALUE;
        double bestOurs = Double.MAX_VALUE;
        double bestInflateOnly = Double.MAX_VALUE;
        double bestShaOnly = Double.MAX_VALUE;
        double bestIgzip = Double.MAX_VALUE;
        boolean igzip = Executables.onPath("igzip").isPresent();
        long peakHeap = 0;
        String shaHex = null;
        for (int r = 1; r <= rounds; r++) {
            long t0 = System.nanoTime();
            String out = run(List.of("sha256sum", file.toString()), false);
            double sha = seconds(t0);
            shaHex = out.substring(0, 64);
            t0 = System.nanoTime();
            run(List.of("gzip", "-t", file.toString()), false);
            double gz = seconds(t0);
            Files.writeString(storeDir.resolve("checksums.txt"), shaHex + "  " + link.getFileName() + "\n");
            System.gc();
            ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
            t0 = System.nanoTime();
            BackupVerification v = BackupVerifier.on(BackupStore.directory(storeDir))
                    .checksums(ChecksumManifest.sha256()).verify(link.getFileName().toString());
            double ours = seconds(t0);
            peakHeap = Math.max(peakHeap, heapPeak());
            if (!v.verified() || v.checksum() != BackupVerification.ChecksumStatus.MATCH) {
                throw new IllegalStateException("the benchmark file did not verify: " + v);
            }
            t0 = System.nanoTime();
            try (InputStream in = Files.newInputStream(file)) {
                GzipWalker.walk(ByteSource.of(in, 1 << 20), (b, o, l) -> { });
            }
            double inflateOnly = seconds(t0);
            t0 = System.nanoTime();
            sha256(file);
            double shaOnly = seconds(t0);
            String isal = "";
            if (igzip) {
                t0 = System.nanoTime();
                run(List.of("igzip", "-t", file.toString()), false);
                double igzipTime = seconds(t0);
                bestIgzip = Math.min(bestIgzip, igzipTime);
                isal = String.format(Locale.ROOT, "; igzip -t (ISA-L) %.2f s", igzipTime);
            }
            System.out.printf(Locale.ROOT, "round %d: sha256sum %.2f s (%.0f MiB/s), gzip -t %.2f s (%.0f MiB/s), "
                            + "maintkit verify %.2f s (%.0f MiB/s); alone on one thread: maintkit inflate %.2f s,"
                            + " JDK SHA-256 %.2f s%s%n",
                    r, sha, mib(size, sha), gz, mib(size, gz), ours, mib(size, ours), inflateOnly, shaOnly, isal);
            bestSha = Math.min(bestSha, sha);
            bestGzip = Math.min(bestGzip, gz);
            bestOurs = Math.min(bestOurs, ours);
            bestInflateOnly = Math.min(bestInflateOnly, inflateOnly);
            bestShaOnly = Math.min(bestShaOnly, shaOnly);
        }
        double baseline = Math.min(bestSha, bestGzip);
        String baselineName = bestSha <= bestGzip ? "sha256sum" : "gzip -t";
        System.out.printf(Locale.ROOT, "best: sha256sum %.2f s, gzip -t %.2f s, maintkit verify (SHA-256 + inflate)"
                        + " %.2f s, maintkit inflate alone %.2f s%n", bestSha, bestGzip, bestOurs, bestInflateOnly);
        System.out.printf(Locale.ROOT, "speed relative to the faster baseline (%s): %.2fx (target >= 0.90x)%n",
                baselineName, baseline / bestOurs);
        System.out.printf(Locale.ROOT, "speed relative to gzip -t: %.2fx; relative to sha256sum: %.2fx;"
                        + " one pass vs inflate alone: %.2fx%n", bestGzip / bestOurs, bestSha / bestOurs,
                bestInflateOnly / bestOurs);
        System.out.printf(Locale.ROOT, "alone on one thread: JDK SHA-256 %.2f s, maintkit inflate (JDK zlib) %.2f s;"
                + " reference: igzip -t (ISA-L, the fastest single-stream inflater here) %s%n", bestShaOnly,
                bestInflateOnly, igzip ? String.format(Locale.ROOT, "%.2f s", bestIgzip) : "not on the PATH");
        System.out.printf(Locale.ROOT, "peak heap used during maintkit verify (sum of heap pool peaks, an upper"
                + " bound): %.1f MiB%n", peakHeap / 1048576.0);
        System.out.println("command: " + BenchSupport.command(GzipVerifyBenchmark.class, args));
        Files.delete(link);
        Files.deleteIfExists(storeDir.resolve("checksums.txt"));
        Files.delete(storeDir);
    }

    private static void sha256(Path file) throws IOException, NoSuchAlgorithmException {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        byte[] buffer = new byte[1 << 20];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
        }
        digest.digest();
    }

    private static long heapPeak() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak;
    }

    private static double mib(long bytes, double seconds) {
        return bytes / 1048576.0 / seconds;
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    private static String run(List<String> command, boolean discard) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
        if (discard) {
            pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        }
        Process p = pb.start();
        String out = discard ? "" : new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException(command + " failed");
        }
        return out;
    }

    /** Writes independent gzip members of SQL-like rows until the file reaches {@code target} bytes. */
    static void generate(Path file, long target) throws Exception {
        System.out.println("generating " + file + " ...");
        long t0 = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (OutputStream out = Files.newOutputStream(file)) {
            long written = 0;
            int seed = 0;
            List<Future<byte[]>> pending = new ArrayList<>();
            while (written < target) {
                while (pending.size() < 2) {
                    int s = seed++;
                    pending.add(pool.submit(() -> member(s)));
                }
                byte[] m = pending.remove(0).get();
                out.write(m);
                written += m.length;
            }
            for (Future<byte[]> f : pending) {
                f.cancel(true);
            }
        } finally {
            pool.shutdownNow();
        }
        System.out.printf(Locale.ROOT, "generated %.1f MiB in %.0f s%n", Files.size(file) / 1048576.0, seconds(t0));
    }

    private static byte[] member(int seed) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        String[] words = {"pending", "paid", "shipped", "refunded", "berlin", "paris", "lisbon", "oslo", "card",
                "invoice", "transfer", "express", "standard"};
        ByteArrayOutputStream bytes = new ByteArrayOutputStream((int) (SEGMENT / 3));
        try (OutputStream gz = new GZIPOutputStream(bytes, 1 << 16) {
            {
                def.setLevel(Deflater.DEFAULT_COMPRESSION);
            }
        }) {
            StringBuilder sb = new StringBuilder(1 << 16);
            long raw = 0;
            long id = (long) seed * 10_000_000L;
            while (raw < SEGMENT) {
                sb.setLength(0);
                for (int i = 0; i < 500; i++) {
                    sb.append(id++).append('\t').append(random.nextInt(1_000_000)).append('\t')
                            .append(words[random.nextInt(words.length)]).append(' ')
                            .append(words[random.nextInt(words.length)]).append('\t')
                            .append(random.nextInt(100_000)).append('.').append(random.nextInt(10)).append(random.nextInt(10))
                            .append("\t2025-").append(1 + random.nextInt(12)).append('-').append(1 + random.nextInt(28))
                            .append(' ').append(random.nextInt(24)).append(':').append(random.nextInt(60)).append(':')
                            .append(random.nextInt(60)).append("+00\n");
                }
                byte[] b = sb.toString().getBytes(StandardCharsets.US_ASCII);
                gz.write(b);
                raw += b.length;
            }
        }
        return bytes.toByteArray();
    }
}

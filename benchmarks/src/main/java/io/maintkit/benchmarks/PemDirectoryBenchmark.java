package io.maintkit.benchmarks;

import io.maintkit.certs.CertExpiryChecker;
import io.maintkit.certs.CertificateReport;
import io.maintkit.testkit.TestPki;
import io.maintkit.testkit.TestPki.Issued;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks a directory of PEM files (leaf plus intermediate in each, as a fullchain.pem) and compares with a sequential
 * {@code openssl x509 -enddate} loop over the same files, which reads only the first certificate of each.
 *
 * <p>Run from the repository's root (arguments: number of files, default 10000; number of files the openssl loop runs
 * over, default all, its time then scaled to all):
 * <pre>
 * ./mvnw -q -pl benchmarks -am package exec:java -DskipTests -Dexec.mainClass=io.maintkit.benchmarks.PemDirectoryBenchmark -Dexec.args="10000"
 * </pre>
 * It prints the checker's first and warm times, the openssl loop's time from the same run, the speed-up and the
 * command.
 */
public final class PemDirectoryBenchmark {

    private PemDirectoryBenchmark() {
    }

    /**
     * Runs the benchmark and prints its figures.
     *
     * @param args number of files, number of files for the openssl loop
     * @throws Exception when the files cannot be written or the baseline fails
     */
    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int baselineCount = args.length > 1 ? Integer.parseInt(args[1]) : count;
        BenchSupport.printCommand(PemDirectoryBenchmark.class, args);
        Path dir = Files.createTempDirectory("maintkit-certs-bench");
        try {
            List<Path> files = generate(dir, count);
            CertExpiryChecker checker = CertExpiryChecker.on().clock(TestPki.CLOCK).directory(dir);

            CertificateReport[] last = new CertificateReport[1];
            long cold = BenchSupport.time(() -> last[0] = checker.check());
            long[] warm = new long[5];
            for (int i = 0; i < warm.length; i++) {
                warm[i] = BenchSupport.time(() -> last[0] = checker.check());
            }
            CertificateReport report = last[0];
            if (report.sources().size() != count || report.certificates().size() != 2 * count) {
                throw new IllegalStateException("expected " + count + " files, got " + report.sources().size());
            }

            StringBuilder script = new StringBuilder("set -e; for f in");
            for (Path f : files.subList(0, baselineCount)) {
                script.append(' ').append(f);
            }
            script.append("; do openssl x509 -noout -enddate -in \"$f\" >/dev/null; done");
            Path scriptFile = Files.writeString(dir.resolve("baseline.sh"), script.toString());
            long baseline = BenchSupport.timeShell("bash " + scriptFile);

            double coldS = BenchSupport.seconds(cold);
            double warmS = BenchSupport.seconds(BenchSupport.median(warm));
            double baselineS = BenchSupport.seconds(baseline) * count / baselineCount;
            System.out.printf("files: %d PEM files, %d certificates, %d findings (%d expiring soon by design)%n",
                    count, report.certificates().size(), report.findings().size(), (count + 99) / 100);
            System.out.println("maintkit CertExpiryChecker, first run:                 " + BenchSupport.format(coldS));
            System.out.println("maintkit CertExpiryChecker, median of 5 warm runs:    " + BenchSupport.format(warmS));
            System.out.println("target: under 3.000 s -> " + (coldS < 3.0 ? "met" : "NOT met") + " (first run)");
            System.out.println("baseline: sequential `openssl x509 -noout -enddate` over " + baselineCount + " files: "
                    + BenchSupport.format(BenchSupport.seconds(baseline))
                    + (baselineCount == count ? "" : " (" + BenchSupport.format(baselineS) + " for " + count
                    + " at the same rate)"));
            System.out.printf("speed-up over the baseline: %.1fx (first run), %.1fx (warm)%n", baselineS / coldS,
                    baselineS / warmS);
            System.out.println("command: " + BenchSupport.command(PemDirectoryBenchmark.class, args));
        } finally {
            BenchSupport.deleteTree(dir);
        }
    }

    private static List<Path> generate(Path dir, int count) throws Exception {
        Issued root = TestPki.root("Bench Root");
        Issued intermediate = TestPki.intermediate("Bench Intermediate", root);
        String intermediatePem = TestPki.pem(intermediate.cert());
        KeyPair shared = TestPki.ec();
        List<Path> files = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            TestPki.Spec spec = TestPki.leaf("host-" + i + ".bench.test", intermediate, "host-" + i + ".bench.test")
                    .keys(shared);
            if (i % 100 == 0) {
                spec.expiresIn(Duration.ofDays(10));
            }
            Path file = dir.resolve("d" + (i % 100)).resolve("host-" + i + ".pem");
            TestPki.write(file, TestPki.pem(spec.issue().cert()) + intermediatePem);
            files.add(file);
        }
        return files;
    }
}

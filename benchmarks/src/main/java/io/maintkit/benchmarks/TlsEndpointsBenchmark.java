package io.maintkit.benchmarks;

import io.maintkit.certs.CertExpiryChecker;
import io.maintkit.certs.CertificateReport;
import io.maintkit.certs.TlsEndpoint;
import io.maintkit.testkit.TestPki;
import io.maintkit.testkit.TestPki.Issued;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.io.OutputStream;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * Probes TLS endpoints on loopback with {@link CertExpiryChecker} and with a sequential
 * {@code openssl s_client -showcerts} loop over the same endpoints, in the same run. Target: 200 endpoints at least
 * 10x faster than the loop.
 *
 * <p>Every endpoint presents its own leaf under one shared intermediate. The endpoints are served by a child JVM
 * ({@link TlsEndpointFleet}) started by the benchmark, so the checker and the openssl loop face the same servers and
 * neither shares its JVM with them. The openssl loop runs before the checker (on servers just started) and after it
 * (on warm servers); the faster of the two is the baseline.
 *
 * <p>Run from the repository's root (arguments: number of endpoints, default 200; parallelism, default
 * {@link CertExpiryChecker#DEFAULT_PARALLELISM}; warm-up runs, the first included, default 20; measured runs, default
 * 10). The first run is printed too: it includes class loading and the JIT's early work, in both JVMs.
 * <pre>
 * ./mvnw -q -pl benchmarks -am package exec:java -DskipTests -Dexec.mainClass=io.maintkit.benchmarks.TlsEndpointsBenchmark -Dexec.args="200"
 * </pre>
 */
public final class TlsEndpointsBenchmark {

    private static final String PASSWORD = "benchmark";

    private TlsEndpointsBenchmark() {
    }

    /**
     * Runs the benchmark and prints its figures.
     *
     * @param args number of endpoints, parallelism, warm-up runs (the first included), measured runs
     * @throws Exception when the servers do not start or the baseline fails
     */
    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int parallelism = args.length > 1 ? Integer.parseInt(args[1]) : CertExpiryChecker.DEFAULT_PARALLELISM;
        int warmUps = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        int measuredRuns = args.length > 3 ? Integer.parseInt(args[3]) : 10;
        BenchSupport.printCommand(TlsEndpointsBenchmark.class, args);
        Issued root = TestPki.root("Bench Root");
        Issued intermediate = TestPki.intermediate("Bench Intermediate", root);
        KeyPair leafKeys = TestPki.ec();
        Path dir = Files.createTempDirectory("maintkit-tls-bench");
        Process fleet = null;
        try {
            Path keystore = dir.resolve("endpoints.p12");
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            for (int i = 0; i < count; i++) {
                // a distinct leaf per server, as in a fleet of services under one CA
                Issued leaf = TestPki.leaf("api.test", intermediate, "api.test").keys(leafKeys).issue();
                store.setKeyEntry("endpoint-" + i, leaf.key(), PASSWORD.toCharArray(),
                        new Certificate[] {leaf.cert(), intermediate.cert()});
            }
            try (OutputStream out = Files.newOutputStream(keystore)) {
                store.store(out, PASSWORD.toCharArray());
            }

            fleet = new ProcessBuilder(javaExecutable(), "-cp", classpathOf(TlsEndpointFleet.class),
                    TlsEndpointFleet.class.getName(), keystore.toString(), PASSWORD)
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            BufferedReader fleetOut = new BufferedReader(new InputStreamReader(fleet.getInputStream(), StandardCharsets.US_ASCII));
            String line = fleetOut.readLine();
            if (line == null) {
                throw new IllegalStateException("the server JVM exited with " + fleet.waitFor());
            }
            String[] ports = line.trim().split(" ");
            List<TlsEndpoint> endpoints = new ArrayList<>(count);
            for (String port : ports) {
                endpoints.add(TlsEndpoint.tls("127.0.0.1", Integer.parseInt(port)).withServerName("api.test"));
            }
            Path script = Files.writeString(dir.resolve("baseline.sh"), "set -e; for p in " + line.trim()
                    + "; do openssl s_client -connect 127.0.0.1:$p -servername api.test -showcerts </dev/null >/dev/null 2>&1;"
                    + " done\n");

            long baselineFirst = BenchSupport.timeShell("bash " + script);

            CertExpiryChecker checker = CertExpiryChecker.on().clock(TestPki.CLOCK)
                    .trustStore(TestPki.trustStore(root.cert())).endpoints(endpoints).parallelism(parallelism);
            CertificateReport[] last = new CertificateReport[1];
            long cold = BenchSupport.time(() -> last[0] = checker.check());
            for (int i = 1; i < warmUps; i++) {
                checker.check();
            }
            long[] measured = new long[measuredRuns];
            long serverCpuBefore = cpuNanos(fleet.toHandle());
            long checkerCpuBefore = ownCpuNanos();
            for (int i = 0; i < measured.length; i++) {
                measured[i] = BenchSupport.time(() -> last[0] = checker.check());
            }
            double serverCpuPerRun = BenchSupport.seconds(cpuNanos(fleet.toHandle()) - serverCpuBefore) / measured.length;
            double checkerCpuPerRun = BenchSupport.seconds(ownCpuNanos() - checkerCpuBefore) / measured.length;
            if (!last[0].findings().isEmpty() || last[0].certificates().size() != 2 * count) {
                throw new IllegalStateException("unexpected result: " + last[0].findings());
            }

            long serverCpuBeforeBaseline = cpuNanos(fleet.toHandle());
            long baselineSecond = BenchSupport.timeShell("bash " + script);
            double serverCpuBaseline = BenchSupport.seconds(cpuNanos(fleet.toHandle()) - serverCpuBeforeBaseline);

            double coldS = BenchSupport.seconds(cold);
            double measuredS = BenchSupport.seconds(BenchSupport.median(measured));
            double baselineS = BenchSupport.seconds(Math.min(baselineFirst, baselineSecond));
            System.out.printf("endpoints: %d TLS servers on 127.0.0.1 in a child JVM, %d certificates captured, %d findings%n",
                    count, last[0].certificates().size(), last[0].findings().size());
            System.out.println("maintkit CertExpiryChecker (parallelism " + parallelism + "), first run: "
                    + BenchSupport.format(coldS));
            System.out.println("maintkit CertExpiryChecker, median of " + measuredRuns + " runs after " + warmUps
                    + " warm-up runs: " + BenchSupport.format(measuredS));
            System.out.println("baseline: sequential `openssl s_client -showcerts` loop over the same endpoints: "
                    + BenchSupport.format(baselineS) + " (the faster of "
                    + BenchSupport.format(BenchSupport.seconds(baselineFirst)) + " before and "
                    + BenchSupport.format(BenchSupport.seconds(baselineSecond)) + " after the checker)");
            System.out.printf("cpu time per measured checker run: %.3f s in the checker's JVM, %.3f s in the servers'"
                    + " JVM (%.3f s in the servers' JVM for the second openssl loop), %d cpus shared by both%n",
                    checkerCpuPerRun, serverCpuPerRun, serverCpuBaseline, Runtime.getRuntime().availableProcessors());
            System.out.printf("speed-up: %.1fx (first run), %.1fx (after warm-up); target 10x -> %s%n",
                    baselineS / coldS, baselineS / measuredS, baselineS / coldS >= 10 ? "met" : baselineS / measuredS >= 10
                            ? "met after warm-up" : "NOT met");
            System.out.println("command: " + BenchSupport.command(TlsEndpointsBenchmark.class, args));
        } finally {
            if (fleet != null) {
                fleet.getOutputStream().close();
                fleet.destroy();
                fleet.waitFor();
            }
            BenchSupport.deleteTree(dir);
        }
    }

    private static long cpuNanos(ProcessHandle process) {
        return process.info().totalCpuDuration().map(java.time.Duration::toNanos).orElse(0L);
    }

    /** CPU time of this JVM (the checker's, plus whatever else the JVM runs, e.g. Maven when idle). */
    private static long ownCpuNanos() {
        return cpuNanos(ProcessHandle.current());
    }

    private static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** The directory or jar a class was loaded from: all the child JVM needs, as it uses the JDK only. */
    private static String classpathOf(Class<?> type) throws URISyntaxException {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }
}

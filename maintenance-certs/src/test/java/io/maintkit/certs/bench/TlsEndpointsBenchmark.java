package io.maintkit.certs.bench;

import io.maintkit.certs.CertExpiryChecker;
import io.maintkit.certs.CertificateReport;
import io.maintkit.certs.LocalTlsServer;
import io.maintkit.certs.TestPki;
import io.maintkit.certs.TestPki.Issued;
import io.maintkit.certs.TlsEndpoint;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Probes TLS endpoints on loopback with {@link CertExpiryChecker} and with a sequential
 * {@code openssl s_client -showcerts} loop over the same endpoints, in the same run. Every server presents its own
 * leaf under one shared intermediate.
 *
 * <p>Arguments: number of endpoints (default 200), parallelism (default
 * {@link CertExpiryChecker#DEFAULT_PARALLELISM}).
 */
public final class TlsEndpointsBenchmark {

    private TlsEndpointsBenchmark() {
    }

    /** Runs the benchmark and prints its figures. */
    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int parallelism = args.length > 1 ? Integer.parseInt(args[1]) : CertExpiryChecker.DEFAULT_PARALLELISM;
        BenchSupport.printCommand(TlsEndpointsBenchmark.class, args);
        Issued root = TestPki.root("Bench Root");
        Issued intermediate = TestPki.intermediate("Bench Intermediate", root);
        java.security.KeyPair leafKeys = TestPki.ec();
        List<LocalTlsServer> servers = new ArrayList<>(count);
        List<TlsEndpoint> endpoints = new ArrayList<>(count);
        Path script = Files.createTempFile("maintkit-certs-bench", ".sh");
        try {
            StringBuilder ports = new StringBuilder();
            for (int i = 0; i < count; i++) {
                // a distinct leaf per server, as in a fleet of services under one CA
                Issued leaf = TestPki.leaf("api.test", intermediate, "api.test").keys(leafKeys).issue();
                LocalTlsServer server = LocalTlsServer.start(LocalTlsServer.Dialect.TLS, leaf.key(), leaf.cert(),
                        intermediate.cert());
                servers.add(server);
                endpoints.add(TlsEndpoint.tls("127.0.0.1", server.port()).withServerName("api.test"));
                ports.append(' ').append(server.port());
            }
            CertExpiryChecker checker = CertExpiryChecker.builder().clock(TestPki.CLOCK)
                    .trustStore(TestPki.trustStore(root.cert())).endpoints(endpoints).parallelism(parallelism).build();

            CertificateReport[] last = new CertificateReport[1];
            long cold = BenchSupport.time(() -> last[0] = checker.check());
            long[] warm = new long[3];
            for (int i = 0; i < warm.length; i++) {
                warm[i] = BenchSupport.time(() -> last[0] = checker.check());
            }
            if (!last[0].findings().isEmpty() || last[0].certificates().size() != 2 * count) {
                throw new IllegalStateException("unexpected result: " + last[0].findings());
            }

            if (System.getProperty("certs.bench.noBaseline") != null) {
                System.out.println("first run " + BenchSupport.format(BenchSupport.seconds(cold)) + ", warm "
                        + BenchSupport.format(BenchSupport.seconds(BenchSupport.median(warm))));
                return;
            }
            Files.writeString(script, "set -e; for p in" + ports + "; do openssl s_client -connect 127.0.0.1:$p"
                    + " -servername api.test -showcerts </dev/null >/dev/null 2>&1; done\n");
            long baseline = BenchSupport.timeShell("bash " + script);

            double coldS = BenchSupport.seconds(cold);
            double warmS = BenchSupport.seconds(BenchSupport.median(warm));
            double baselineS = BenchSupport.seconds(baseline);
            System.out.printf("endpoints: %d TLS servers on 127.0.0.1, %d certificates captured, %d findings%n",
                    count, last[0].certificates().size(), last[0].findings().size());
            System.out.println("maintkit CertExpiryChecker (parallelism " + parallelism
                    + "), first run: " + BenchSupport.format(coldS));
            System.out.println("maintkit CertExpiryChecker, median of 3 warm runs: " + BenchSupport.format(warmS));
            System.out.println("baseline: sequential `openssl s_client -showcerts` loop over the same endpoints: "
                    + BenchSupport.format(baselineS));
            System.out.printf("speed-up: %.1fx (first run), %.1fx (warm); target 10x -> %s%n", baselineS / coldS,
                    baselineS / warmS, baselineS / coldS >= 10 ? "met" : baselineS / warmS >= 10
                            ? "met when warm" : "NOT met");
        } finally {
            for (LocalTlsServer s : servers) {
                s.close();
            }
            Files.deleteIfExists(script);
        }
    }
}

package io.maintkit.certs.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.stream.Stream;

/** Timing and clean-up shared by the certificate benchmarks. */
final class BenchSupport {

    private BenchSupport() {
    }

    static double seconds(long nanos) {
        return nanos / 1e9;
    }

    static String format(double seconds) {
        return String.format(Locale.ROOT, "%.3f s", seconds);
    }

    static long time(Runnable r) {
        long t0 = System.nanoTime();
        r.run();
        return System.nanoTime() - t0;
    }

    static long median(long[] values) {
        long[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    /** Runs a shell command and returns its wall time; fails when it exits non-zero. */
    static long timeShell(String script) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder("bash", "-c", script).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        int exit = p.waitFor();
        long took = System.nanoTime() - t0;
        if (exit != 0) {
            throw new IllegalStateException("baseline command failed with exit " + exit + ": " + script);
        }
        return took;
    }

    static void deleteTree(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    static void printCommand(Class<?> main, String... args) {
        System.out.println("command: ./mvnw -q -o -pl maintenance-certs -am test-compile exec:java -Dcerts.bench.skip=false"
                + " -Dcerts.bench=" + main.getName()
                + (args.length == 0 ? "" : " -Dexec.args=\"" + String.join(" ", args) + "\""));
    }
}

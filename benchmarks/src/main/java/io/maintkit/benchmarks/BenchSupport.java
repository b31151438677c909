package io.maintkit.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Locale;
import java.util.stream.Stream;

/** Timing, baselines and clean-up shared by the benchmark mains. */
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
        Arrays.sort(sorted);
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

    /** The command that runs a benchmark main from the repository's root. */
    static String command(Class<?> main, String... args) {
        return "./mvnw -q -pl benchmarks -am package exec:java -DskipTests -Dexec.mainClass=" + main.getName()
                + (args.length == 0 ? "" : " -Dexec.args=\"" + String.join(" ", args) + "\"");
    }

    /** Prints the command that made this run, and the machine it runs on. */
    static void printCommand(Class<?> main, String... args) {
        printCommand(command(main, args));
    }

    /** Prints the command that made this run, and the machine it runs on. */
    static void printCommand(String command) {
        System.out.println("command: " + command);
        System.out.println("java " + System.getProperty("java.version") + ", " + Runtime.getRuntime().availableProcessors()
                + " cpus, max heap " + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB");
    }
}

package io.maintkit.benchmarks;

import java.util.Collection;
import java.util.Locale;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs the core benchmarks and prints each figure beside its baseline from the same run:
 * {@code java -jar benchmarks/target/benchmarks.jar}.
 */
public final class CoreBenchmarks {

    private CoreBenchmarks() {
    }

    /** Runs {@link RetentionPolicyBenchmark} and {@link SuiteBenchmark}, then prints the figures. */
    public static void main(String[] args) throws RunnerException {
        Options options = new OptionsBuilder()
                .include(RetentionPolicyBenchmark.class.getName())
                .include(SuiteBenchmark.class.getName())
                .build();
        Collection<RunResult> results = new Runner(options).run();

        double apply = score(results, "RetentionPolicyBenchmark.apply");
        double sort = score(results, "RetentionPolicyBenchmark.sortOnly");
        double direct = score(results, "SuiteBenchmark.direct");
        double daemon = score(results, "SuiteBenchmark.suiteOnDaemonThreads");
        double pool = score(results, "SuiteBenchmark.suiteOnHostPool");
        System.out.println();
        System.out.println("Command: java -jar benchmarks/target/benchmarks.jar");
        System.out.printf(Locale.ROOT, "RetentionPolicy.apply, 1,000,000 items: %.1f ms "
                + "(baseline, sorting the same items: %.1f ms; %.1fx)%n", apply, sort, apply / sort);
        System.out.printf(Locale.ROOT, "Suite overhead per check, short-lived daemon threads: %.1f us "
                + "(baseline, calling the check directly: %.2f us)%n", (daemon - direct) / 100, direct / 100);
        System.out.printf(Locale.ROOT, "Suite overhead per check, host pool of 4 threads: %.1f us "
                + "(baseline, calling the check directly: %.2f us)%n", (pool - direct) / 100, direct / 100);
    }

    private static double score(Collection<RunResult> results, String benchmark) {
        return results.stream()
                .filter(r -> r.getParams().getBenchmark().endsWith(benchmark))
                .findFirst().orElseThrow(() -> new IllegalStateException("no result for " + benchmark))
                .getPrimaryResult().getScore();
    }
}

package io.maintkit.benchmarks;

import io.maintkit.core.Check;
import io.maintkit.core.CheckResult;
import io.maintkit.core.Finding;
import io.maintkit.core.Severity;
import io.maintkit.core.Suite;
import io.maintkit.core.SuiteResult;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The overhead a {@link Suite} adds per check: 100 trivial checks run through a suite (on short-lived daemon threads,
 * and on a host's pool) against the baseline of calling the same checks one after another. Divide the difference by
 * 100 for the overhead per check.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SuiteBenchmark {

    private static final int CHECKS = 100;

    private List<Check> checks;
    private Suite onDaemonThreads;
    private Suite onPool;
    private ExecutorService pool;

    /** Builds the checks and suites. */
    @Setup(Level.Trial)
    public void setUp() {
        checks = new ArrayList<>();
        for (int i = 0; i < CHECKS; i++) {
            String id = "bench.check-" + i;
            checks.add(Check.of(id, "memory", () -> () -> List.of(Finding.of(id, "fine", "x", Severity.OK, "fine"))));
        }
        pool = Executors.newFixedThreadPool(4);
        onDaemonThreads = Suite.of("bench", checks);
        onPool = Suite.of("bench", checks).executor(pool);
    }

    /** Stops the pool. */
    @TearDown(Level.Trial)
    public void tearDown() {
        pool.shutdownNow();
    }

    /** The baseline: the checks called directly, one after another. */
    @Benchmark
    public List<CheckResult> direct() {
        List<CheckResult> results = new ArrayList<>(CHECKS);
        for (Check c : checks) {
            results.add(c.run());
        }
        return results;
    }

    /** The figure: a suite on its default short-lived daemon threads. */
    @Benchmark
    public SuiteResult suiteOnDaemonThreads() {
        return onDaemonThreads.run();
    }

    /** The figure: a suite on a host's pool of four threads. */
    @Benchmark
    public SuiteResult suiteOnHostPool() {
        return onPool.run();
    }
}

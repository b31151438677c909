package io.maintkit.benchmarks;

import io.maintkit.core.RetentionDecision;
import io.maintkit.core.RetentionPolicy;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code RetentionPolicy.apply} over 1,000,000 items in random order, against the baseline of sorting the same items
 * by time (the O(n log n) floor any retention decision pays).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"-Xms2g", "-Xmx2g"})
public class RetentionPolicyBenchmark {

    /** An item with its time. */
    public record Item(long id, Instant time) {
    }

    private List<Item> items;
    private RetentionPolicy policy;

    /** One million items, one every 30 seconds, shuffled; the policy of the runbooks plus hourly and yearly. */
    @Setup
    public void setUp() {
        items = new ArrayList<>(1_000_000);
        Instant start = Instant.parse("2020-01-01T00:00:00Z");
        for (int i = 0; i < 1_000_000; i++) {
            items.add(new Item(i, start.plusSeconds(30L * i)));
        }
        Collections.shuffle(items, new Random(1));
        policy = RetentionPolicy.builder().keepLast(3).keepHourly(24).keepDaily(7).keepWeekly(4).keepMonthly(12)
                .keepYearly(3).keepWithin(java.time.Period.ofDays(14)).zone(ZoneId.of("Europe/Berlin")).build();
    }

    /** The figure: a full decision with reasons. */
    @Benchmark
    public RetentionDecision<Item> apply() {
        return policy.apply(items, Item::time);
    }

    /** The baseline: copying and sorting the items newest first. */
    @Benchmark
    public List<Item> sortOnly() {
        List<Item> copy = new ArrayList<>(items);
        copy.sort(Comparator.comparing(Item::time).reversed());
        return copy;
    }
}

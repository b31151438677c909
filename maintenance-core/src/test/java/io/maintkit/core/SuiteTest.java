package io.maintkit.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class SuiteTest {

    static Check reporting(String id, Severity severity) {
        return Check.of(id, "test", () -> () -> List.of(Finding.of(id, "as-told", "subject", severity, "as told")));
    }

    static Check hanging(String id, CountDownLatch released) {
        return Check.of(id, "test", () -> {
            released.await();
            return List::of;
        });
    }

    @Test
    void aHangingCheckIsUnknownWithinItsTimeoutAndTheOthersComplete() {
        CountDownLatch never = new CountDownLatch(1);
        Suite suite = Suite.of("nightly", reporting("a.ok", Severity.OK), hanging("b.hangs", never),
                        reporting("c.warns", Severity.WARNING))
                .timeout(Duration.ofMillis(300));

        long t0 = System.nanoTime();
        SuiteResult result = suite.run();
        Duration took = Duration.ofNanos(System.nanoTime() - t0);

        assertThat(took).isLessThan(Duration.ofSeconds(5));
        CheckResult hung = result.result("b.hangs").orElseThrow();
        assertThat(hung.worst()).isEqualTo(Severity.UNKNOWN);
        assertThat(hung.reason()).isEqualTo("timed out after 300ms");
        assertThat(result.result("a.ok").orElseThrow().completed()).isTrue();
        assertThat(result.result("c.warns").orElseThrow().worst()).isEqualTo(Severity.WARNING);
        assertThat(result.worst()).isEqualTo(Severity.UNKNOWN);
        assertThat(result.counts()).containsEntry(Severity.OK, 1).containsEntry(Severity.WARNING, 1)
                .containsEntry(Severity.UNKNOWN, 1).containsEntry(Severity.CRITICAL, 0);
    }

    @Test
    void aCheckThatThrowsIsUnknownWithTheReason() {
        Check throwing = new Check() {
            @Override
            public String id() {
                return "x.throws";
            }

            @Override
            public String target() {
                return "db-1";
            }

            @Override
            public CheckResult run() {
                throw new IllegalStateException("permission denied for view pg_stat_activity");
            }
        };
        SuiteResult result = Suite.of("s", throwing, reporting("a.ok", Severity.OK)).run();

        CheckResult r = result.result("x.throws").orElseThrow();
        assertThat(r.worst()).isEqualTo(Severity.UNKNOWN);
        assertThat(r.reason()).isEqualTo("the check threw: permission denied for view pg_stat_activity");
        assertThat(r.target()).isEqualTo("db-1");
    }

    @Test
    void anInspectionThatFailsCouldNotRunInsteadOfLookingHealthy() {
        Check failing = Check.of("x.fails", "db-1", () -> {
            throw new java.io.IOException("extension \"pgstattuple\" is not installed");
        });
        CheckResult r = failing.run();

        assertThat(r.completed()).isFalse();
        assertThat(r.worst()).isEqualTo(Severity.UNKNOWN);
        assertThat(r.couldNotRunReason()).contains("extension \"pgstattuple\" is not installed");
    }

    @Test
    void checksRunInParallel() {
        CountDownLatch bothStarted = new CountDownLatch(2);
        Check.Inspection<Report> meet = () -> {
            bothStarted.countDown();
            boolean met = bothStarted.await(5, TimeUnit.SECONDS);
            return () -> List.of(Finding.of("p", "condition", "s", met ? Severity.OK : Severity.CRITICAL, "met=" + met));
        };
        SuiteResult result = Suite.of("s", Check.of("p.one", "t", meet), Check.of("p.two", "t", meet)).run();

        assertThat(result.worst()).isEqualTo(Severity.OK);
    }

    @Test
    void aSaturatedHostExecutorNeverBlocksTheSuite() throws Exception {
        ExecutorService single = Executors.newSingleThreadExecutor();
        CountDownLatch never = new CountDownLatch(1);
        Check ignoresInterrupts = Check.of("x.stuck", "t", () -> {
            while (never.getCount() > 0) {
                try {
                    never.await();
                } catch (InterruptedException ignored) {
                    // a badly behaved check
                }
            }
            return List::of;
        });
        try {
            SuiteResult result = Suite.of("s", ignoresInterrupts, reporting("a.ok", Severity.OK))
                    .timeout(Duration.ofMillis(200)).executor(single).run();

            assertThat(result.result("x.stuck").orElseThrow().reason()).startsWith("timed out");
            assertThat(result.result("a.ok").orElseThrow().reason()).startsWith("did not start within 200ms");
        } finally {
            never.countDown();
            single.shutdown();
            assertThat(single.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
        }
    }
}

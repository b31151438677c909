package io.maintkit.certs;

import static io.maintkit.certs.FindingsAssert.brief;
import static io.maintkit.testkit.TestPki.CLOCK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.maintkit.core.CheckResult;
import io.maintkit.core.Threshold;
import io.maintkit.testkit.TestPki;
import io.maintkit.testkit.TestPki.Issued;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checker's configuration: immutable, thresholds, the host's executor, missing sources. */
class CheckerShapeTest {

    @TempDir
    Path dir;

    @Test
    void configurationMethodsReturnNewCheckersAndLeaveTheOriginalAlone() throws Exception {
        Path file = TestPki.write(dir.resolve("api.pem"), TestPki.pem(TestPki.root("api").cert()));
        CertExpiryChecker empty = CertExpiryChecker.on();

        CertExpiryChecker withFile = empty.pemFile(file);
        CertExpiryChecker stricter = withFile.expiry(Threshold.below(Duration.ofDays(90), Duration.ofDays(60)));

        assertThat(empty.target()).isEqualTo("no certificate sources");
        assertThat(withFile.target()).isEqualTo(file.toString());
        assertThat(withFile.toString()).contains("warning within 30d").contains("critical within 7d");
        assertThat(stricter.toString()).contains("warning within 90d").contains("critical within 60d");
    }

    @Test
    void expiryThresholdDecidesTheSeverity() throws Exception {
        Issued root = TestPki.root("Root");
        Path file = TestPki.write(dir.resolve("forty-days.pem"),
                TestPki.pem(TestPki.leaf("api", root).expiresIn(Duration.ofDays(40)).issue().cert()));
        CertExpiryChecker checker = CertExpiryChecker.on().clock(CLOCK).pemFile(file);

        assertThat(brief(checker.check())).isEmpty();
        assertThat(brief(checker.expiry(Threshold.below(Duration.ofDays(45), Duration.ofDays(10))).check()))
                .containsExactly("WARNING expires-soon " + file + "#0");
        assertThat(brief(checker.expiry(Threshold.below(Duration.ofDays(60), Duration.ofDays(45))).check()))
                .containsExactly("CRITICAL expires-soon " + file + "#0");
        assertThat(CertExpiryChecker.DEFAULT_EXPIRY)
                .isEqualTo(Threshold.below(Duration.ofDays(30), Duration.ofDays(7)));
    }

    @Test
    void expiryLimitsMustBeOnTimeLeft() {
        assertThatThrownBy(() -> CertExpiryChecker.on().expiry(Threshold.above(Duration.ofDays(7),
                Duration.ofDays(30)))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("below");
        assertThatThrownBy(() -> CertExpiryChecker.on().expiry(Threshold.below(Duration.ofDays(7), Duration.ZERO)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void checkWithoutAnySourceFailsAndItsCheckCannotRun() {
        CertExpiryChecker empty = CertExpiryChecker.on();

        assertThatThrownBy(empty::check).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no certificate source");
        CheckResult result = empty.asCheck().run();
        assertThat(result.completed()).isFalse();
        assertThat(result.worst()).isEqualTo(io.maintkit.core.Severity.UNKNOWN);
    }

    @Test
    void sourcesAreReadOnTheHostsExecutorNoMoreThanParallelismAtOnce() throws Exception {
        Issued root = TestPki.root("Root");
        CertExpiryChecker checker = CertExpiryChecker.on().clock(CLOCK);
        for (int i = 0; i < 12; i++) {
            checker = checker.pemFile(TestPki.write(dir.resolve("c" + i + ".pem"),
                    TestPki.pem(TestPki.leaf("c" + i, root).issue().cert())));
        }
        Set<String> threads = ConcurrentHashMap.newKeySet();
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        ExecutorService host = Executors.newFixedThreadPool(4, r -> new Thread(r, "host-worker"));
        Executor watched = task -> host.execute(() -> {
            threads.add(Thread.currentThread().getName());
            most.accumulateAndGet(running.incrementAndGet(), Math::max);
            try {
                Thread.sleep(20);
                task.run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                running.decrementAndGet();
            }
        });
        try {
            CertificateReport report = checker.executor(watched).parallelism(2).check();

            assertThat(report.certificates()).hasSize(12);
            assertThat(threads).containsExactly("host-worker");
            assertThat(most.get()).isEqualTo(2);
        } finally {
            host.shutdownNow();
        }
    }
}

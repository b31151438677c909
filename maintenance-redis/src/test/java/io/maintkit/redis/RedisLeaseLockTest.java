package io.maintkit.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.maintkit.core.ExecutionLock;
import io.maintkit.core.ExecutionOptions;
import io.maintkit.core.ExecutionReport;
import io.maintkit.core.MaintenanceAction;
import io.maintkit.core.MaintenancePlan;
import io.maintkit.core.Outcome;
import io.maintkit.core.StepResult;
import io.maintkit.testkit.TestEngines;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Two nodes, each with its own Redis client, racing on one plan under a Redis lease. */
class RedisLeaseLockTest {

    private static final String NAME = "ttl clean-up \"sess:*\" 'ördrë' db 0";
    private static final Duration LEASE = Duration.ofMillis(300);

    private final RedisClient clientA = RedisClient.create(TestEngines.redis().uri());
    private final RedisClient clientB = RedisClient.create(TestEngines.redis().uri());
    private final StatefulRedisConnection<String, String> admin = clientB.connect();
    private final ScheduledExecutorService hostScheduler = Executors.newSingleThreadScheduledExecutor();
    private final AtomicInteger runs = new AtomicInteger();
    private final CountDownLatch running = new CountDownLatch(1);
    private final CountDownLatch finish = new CountDownLatch(1);

    @AfterEach
    void close() {
        finish.countDown();
        hostScheduler.shutdownNow();
        admin.close();
        clientA.shutdown();
        clientB.shutdown();
    }

    private MaintenancePlan plan(boolean blocking) {
        return new MaintenancePlan(NAME, List.of(MaintenanceAction.builder("t", "unlink").reason("because")
                .step(c -> {
                    runs.incrementAndGet();
                    if (blocking) {
                        running.countDown();
                        finish.await(20, TimeUnit.SECONDS);
                    }
                    return StepResult.done();
                }).build()));
    }

    private static ExecutionReport run(MaintenancePlan plan, ExecutionLock lock, String owner) {
        return plan.execute(ExecutionOptions.defaults().lock(lock).owner(owner));
    }

    private static Outcome outcome(ExecutionReport report) {
        return report.executions().get(0).outcome();
    }

    @Test
    void theHolderRenewsItsLeaseTheOtherSkipsNamingItAndReleaseFreesTheLock() throws Exception {
        RedisLeaseLock lockA = RedisLeaseLock.on(clientA).lease(LEASE).renewingOn(hostScheduler);
        RedisLeaseLock lockB = RedisLeaseLock.on(RedisURI.create(TestEngines.redis().uri())).lease(LEASE);
        CompletableFuture<ExecutionReport> first = CompletableFuture.supplyAsync(() -> run(plan(true), lockA,
                "host a pid 1"));
        assertThat(running.await(20, TimeUnit.SECONDS)).isTrue();

        ExecutionReport second = run(plan(false), lockB, "host b pid 2");
        Thread.sleep(3 * LEASE.toMillis());
        ExecutionReport third = run(plan(false), lockB, "host b pid 2");
        finish.countDown();

        assertThat(outcome(first.get(20, TimeUnit.SECONDS))).isEqualTo(Outcome.SUCCEEDED);
        assertThat(outcome(second)).isEqualTo(Outcome.SKIPPED);
        assertThat(second.executions().get(0).detail()).containsPattern(
                "is held by host a pid 1 since \\S+Z, lease [0-9a-f]{8} \\(\\d+ ms left on the lease\\)");
        assertThat(outcome(third)).as("still held after three leases: renewed").isEqualTo(Outcome.SKIPPED);
        assertThat(runs).hasValue(1);
        assertThat(admin.sync().exists(lockA.key(NAME))).as("released after success").isZero();
        assertThat(outcome(run(plan(false), lockB, "host b pid 2"))).isEqualTo(Outcome.SUCCEEDED);
    }

    @Test
    void aLeaseThatIsNotRenewedExpiresAndFreesTheLockForTheNextRun() throws Exception {
        RedisLeaseLock lockA = RedisLeaseLock.on(clientA).lease(LEASE);
        RedisLeaseLock lockB = RedisLeaseLock.on(clientB).lease(LEASE);
        CompletableFuture<ExecutionReport> first = CompletableFuture.supplyAsync(() -> run(plan(true), lockA,
                "stalled"));
        assertThat(running.await(20, TimeUnit.SECONDS)).isTrue();
        assertThat(outcome(run(plan(false), lockB, "b"))).isEqualTo(Outcome.SKIPPED);

        Thread.sleep(LEASE.toMillis() + 100);

        assertThat(outcome(run(plan(false), lockB, "b"))).as("the holder's lease ran out")
                .isEqualTo(Outcome.SUCCEEDED);
        finish.countDown();
        assertThat(outcome(first.get(20, TimeUnit.SECONDS))).isEqualTo(Outcome.SUCCEEDED);
    }

    @Test
    void aHolderWhoseLeaseRanOutDoesNotReleaseTheNextHoldersLock() throws Exception {
        RedisLeaseLock lockA = RedisLeaseLock.on(clientA).lease(LEASE);
        RedisLeaseLock lockB = RedisLeaseLock.on(clientB).lease(Duration.ofSeconds(10));
        ExecutionLock.Attempt late = lockA.tryLock(NAME, "a");
        assertThat(late.acquired()).isTrue();
        Thread.sleep(LEASE.toMillis() + 100);

        try (ExecutionLock.Attempt current = lockB.tryLock(NAME, "b")) {
            assertThat(current.acquired()).isTrue();
            late.close();
            assertThat(admin.sync().get(lockB.key(NAME))).as("b's lock survives a's release").startsWith("b since ");
        }
        assertThat(admin.sync().exists(lockB.key(NAME))).isZero();
    }
}

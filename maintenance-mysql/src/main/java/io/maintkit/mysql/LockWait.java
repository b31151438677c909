package io.maintkit.mysql;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A session waiting for a lock, and who holds it up.
 *
 * @param lock            {@code row} (InnoDB row lock) or {@code metadata} (table metadata lock, e.g. behind DDL)
 * @param waitingThread   the waiting session's id ({@code CONNECTION_ID()})
 * @param waitingQuery    its statement
 * @param waited          how long it has waited
 * @param blockingThreads the sessions holding it up: for a row lock the lock's holder; for a metadata lock the
 *                        sessions whose open transaction began before the wait, oldest first (probable holders)
 * @param blockingQuery   the first blocker's current statement, empty when it is idle in its transaction
 */
public record LockWait(String lock, long waitingThread, String waitingQuery, Duration waited,
                       List<Long> blockingThreads, String blockingQuery) {

    /** Validates and copies. */
    public LockWait {
        Objects.requireNonNull(lock, "lock");
        Objects.requireNonNull(waited, "waited");
        waitingQuery = waitingQuery == null ? "" : waitingQuery;
        blockingQuery = blockingQuery == null ? "" : blockingQuery;
        blockingThreads = List.copyOf(blockingThreads);
    }
}

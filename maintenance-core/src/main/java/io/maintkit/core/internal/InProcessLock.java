package io.maintkit.core.internal;

import io.maintkit.core.ExecutionLock;

import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** {@link ExecutionLock#inProcess()}: a table of held names in this JVM. */
public final class InProcessLock implements ExecutionLock {

    private final ConcurrentMap<String, String> holders = new ConcurrentHashMap<>();

    @Override
    public Attempt tryLock(String name, String owner) {
        String mine = owner + " since " + Instant.now();
        String current = holders.putIfAbsent(name, mine);
        if (current != null) {
            return Attempt.heldBy(current);
        }
        return Attempt.acquired(() -> holders.remove(name, mine));
    }
}

package io.maintkit.benchmarks;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/** Samples the heap in use (live data and garbage not yet collected) every 5 ms. */
final class HeapWatch {
    private final AtomicBoolean stop = new AtomicBoolean();
    private final AtomicLong max = new AtomicLong();
    private final Thread thread;

    private HeapWatch() {
        thread = new Thread(() -> {
            while (!stop.get()) {
                long used = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
                max.accumulateAndGet(used, Math::max);
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        thread.setDaemon(true);
    }

    static HeapWatch start() {
        HeapWatch w = new HeapWatch();
        w.thread.start();
        return w;
    }

    void stop() throws InterruptedException {
        stop.set(true);
        thread.join();
    }

    long max() {
        return max.get();
    }
}

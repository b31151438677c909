package io.maintkit.testkit;

import java.util.function.Supplier;

/** A value computed once; a failure is remembered and reported again instead of retried. */
final class Lazy<T> {

    private final String what;
    private final Supplier<T> supplier;
    private T value;
    private RuntimeException failure;

    Lazy(String what, Supplier<T> supplier) {
        this.what = what;
        this.supplier = supplier;
    }

    synchronized T get() {
        if (value != null) {
            return value;
        }
        if (failure != null) {
            throw new IllegalStateException(what + " failed to start earlier in this JVM: " + failure.getMessage(), failure);
        }
        try {
            value = supplier.get();
            return value;
        } catch (RuntimeException | Error e) {
            failure = e instanceof RuntimeException ? (RuntimeException) e : new IllegalStateException(e.getMessage(), e);
            throw e;
        }
    }
}

package dev.cohort.testkit;

import java.util.function.Supplier;

/**
 * A value made at most once per JVM, on first use. A failure is remembered too, so every later
 * caller gets the original cause instead of a second start attempt (or a NoClassDefFoundError).
 */
final class Lazy<T> {
    private final Supplier<T> factory;
    private T value;
    private RuntimeException failure;

    Lazy(Supplier<T> factory) {
        this.factory = factory;
    }

    synchronized T get() {
        if (value == null && failure == null) {
            try {
                value = factory.get();
            } catch (RuntimeException | Error e) {
                failure = new IllegalStateException("Test infrastructure could not be started", e);
            }
        }
        if (failure != null) {
            throw failure;
        }
        return value;
    }
}

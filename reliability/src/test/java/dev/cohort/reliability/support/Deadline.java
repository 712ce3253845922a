package dev.cohort.reliability.support;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Bounded waits on a condition: the condition is checked again and again (with a short pause between checks, never a
 * pause standing in for the condition) until it holds or the time is up, and then the failure says what was waited
 * for and what was last seen.
 */
public final class Deadline {

    private static final long POLL_MILLIS = 20;

    private Deadline() {
    }

    /** Waits until {@code condition} holds; fails after {@code timeout} with {@code what} and {@code lastSeen}. */
    public static void await(String what, Duration timeout, BooleanSupplier condition, Supplier<String> lastSeen) {
        long end = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what
                        + " (last seen: " + lastSeen.get() + ")");
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what, interrupted);
            }
        }
    }

    public static void await(String what, Duration timeout, BooleanSupplier condition) {
        await(what, timeout, condition, () -> "condition false");
    }
}

package dev.cohort.reliability.support;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Bounded waits on a condition (Awaitility, polled on the caller's thread) whose failure says what was waited for
 * and what was last seen.
 */
public final class Deadline {

    private static final Duration POLL = Duration.ofMillis(20);

    private Deadline() {
    }

    /** Waits until {@code condition} holds; fails after {@code timeout} with {@code what} and {@code lastSeen}. */
    public static void await(String what, Duration timeout, BooleanSupplier condition, Supplier<String> lastSeen) {
        try {
            Awaitility.await(what).atMost(timeout).pollInSameThread().pollDelay(Duration.ZERO).pollInterval(POLL)
                    .until(condition::getAsBoolean);
        } catch (ConditionTimeoutException timedOut) {
            throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what
                    + " (last seen: " + lastSeen.get() + ")", timedOut);
        }
    }

    public static void await(String what, Duration timeout, BooleanSupplier condition) {
        await(what, timeout, condition, () -> "condition false");
    }
}

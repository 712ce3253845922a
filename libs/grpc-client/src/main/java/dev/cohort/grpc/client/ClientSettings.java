package dev.cohort.grpc.client;

import java.time.Duration;

/**
 * How a Cohort client treats every call on a channel: the deadline a call gets when its caller set none, and the
 * retry policy gRPC applies when a call fails with {@code UNAVAILABLE} (and only then).
 *
 * <p>Values are checked here, once, so a bad configuration fails at start-up with a message that names the
 * setting, never later as an obscure gRPC service-config parse error.
 *
 * @param defaultDeadline deadline for a call that has none from its caller or the current gRPC context
 * @param maxAttempts total attempts including the first, 1 (no retry) to 5 (gRPC's own cap)
 * @param initialBackoff upper bound of the random delay before the first retry
 * @param maxBackoff cap on the delay bound as it grows
 * @param backoffMultiplier how much the delay bound grows after each retry, at least 1.0
 */
public record ClientSettings(
        Duration defaultDeadline,
        int maxAttempts,
        Duration initialBackoff,
        Duration maxBackoff,
        double backoffMultiplier) {

    public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(5);
    public static final int DEFAULT_MAX_ATTEMPTS = 3;
    public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofMillis(100);
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(2);
    public static final double DEFAULT_BACKOFF_MULTIPLIER = 2.0;

    /** gRPC silently lowers any retry policy's maxAttempts above this; we refuse it instead of pretending. */
    public static final int GRPC_MAX_ATTEMPTS_CAP = 5;

    public ClientSettings {
        requirePositive("defaultDeadline", defaultDeadline);
        if (maxAttempts < 1 || maxAttempts > GRPC_MAX_ATTEMPTS_CAP) {
            throw new IllegalArgumentException("maxAttempts must be between 1 (no retry) and " + GRPC_MAX_ATTEMPTS_CAP
                    + " (gRPC's cap on attempts), but was " + maxAttempts);
        }
        requirePositive("initialBackoff", initialBackoff);
        requirePositive("maxBackoff", maxBackoff);
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("maxBackoff (" + maxBackoff + ") must not be shorter than initialBackoff ("
                    + initialBackoff + ")");
        }
        if (!Double.isFinite(backoffMultiplier) || backoffMultiplier < 1.0) {
            throw new IllegalArgumentException("backoffMultiplier must be a finite number of at least 1.0, but was "
                    + backoffMultiplier);
        }
    }

    /** 5 s deadline; up to 3 attempts on UNAVAILABLE with backoff 100 ms, doubling, capped at 2 s. */
    public static ClientSettings defaults() {
        return new ClientSettings(DEFAULT_DEADLINE, DEFAULT_MAX_ATTEMPTS, DEFAULT_INITIAL_BACKOFF, DEFAULT_MAX_BACKOFF,
                DEFAULT_BACKOFF_MULTIPLIER);
    }

    /** The same settings with another default deadline. */
    public ClientSettings withDefaultDeadline(Duration deadline) {
        return new ClientSettings(deadline, maxAttempts, initialBackoff, maxBackoff, backoffMultiplier);
    }

    /** The same settings with another number of attempts (1 turns retries off). */
    public ClientSettings withMaxAttempts(int attempts) {
        return new ClientSettings(defaultDeadline, attempts, initialBackoff, maxBackoff, backoffMultiplier);
    }

    /** The same settings with another backoff. */
    public ClientSettings withBackoff(Duration initial, Duration max, double multiplier) {
        return new ClientSettings(defaultDeadline, maxAttempts, initial, max, multiplier);
    }

    /** Whether gRPC should retry at all (a retry policy needs at least two attempts). */
    public boolean retries() {
        return maxAttempts > 1;
    }

    private static void requirePositive(String name, Duration value) {
        if (value == null) {
            throw new IllegalArgumentException(name + " is required");
        }
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, but was " + value);
        }
    }
}

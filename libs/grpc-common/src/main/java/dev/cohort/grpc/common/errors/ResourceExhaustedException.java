package dev.cohort.grpc.common.errors;

import java.time.Duration;
import java.util.Map;

/** A quota or rate limit was hit; {@code retryAfter} tells the caller when trying again can succeed. */
public class ResourceExhaustedException extends CohortException {

    private final Duration retryAfter;

    public ResourceExhaustedException(String reason, String message, Duration retryAfter) {
        super(reason, message, Map.of());
        if (retryAfter.isNegative()) {
            throw new IllegalArgumentException("retryAfter must not be negative");
        }
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}

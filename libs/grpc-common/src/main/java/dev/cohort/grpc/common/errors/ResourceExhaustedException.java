package dev.cohort.grpc.common.errors;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * A quota or limit was hit. With {@code retryAfter} it is a rate limit that lifts (callers get
 * {@code google.rpc.RetryInfo}); without, a fixed limit that retrying cannot lift (e.g. a request too large).
 */
public class ResourceExhaustedException extends CohortException {

    private final Duration retryAfter;

    /** A limit that trying again after {@code retryAfter} can get past. */
    public ResourceExhaustedException(String reason, String message, Duration retryAfter) {
        super(reason, message, Map.of());
        if (retryAfter.isNegative()) {
            throw new IllegalArgumentException("retryAfter must not be negative");
        }
        this.retryAfter = retryAfter;
    }

    /** A limit that retrying the same request will not get past. */
    public ResourceExhaustedException(String reason, String message) {
        super(reason, message, Map.of());
        this.retryAfter = null;
    }

    /** When trying again can succeed; empty when it cannot. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}

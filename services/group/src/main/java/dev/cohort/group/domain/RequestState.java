package dev.cohort.group.domain;

import dev.cohort.grpc.common.errors.FailedPreconditionException;
import java.util.Map;

/**
 * Where a join request stands. Only PENDING moves, and only once: to APPROVED, REJECTED or CANCELLED. Everything
 * else is a transition out of order, refused the same way whatever was attempted, so a client racing the owner
 * (cancel versus approve) learns that the request was decided, not which call lost.
 */
public enum RequestState {
    PENDING,
    APPROVED,
    REJECTED,
    CANCELLED;

    /** The state after deciding this request as {@code outcome}; FAILED_PRECONDITION unless it is still pending. */
    public RequestState decide(RequestState outcome) {
        if (outcome == PENDING) {
            throw new IllegalArgumentException("a decision cannot lead back to PENDING");
        }
        if (this != PENDING) {
            throw new FailedPreconditionException("REQUEST_NOT_PENDING",
                    "the join request is " + name() + ", not PENDING", Map.of("state", name()));
        }
        return outcome;
    }
}

package dev.cohort.grpc.common.errors;

import java.util.Map;

/**
 * Base of every business error a service raises. The domain layer throws these (they carry no framework
 * types); the gRPC layer turns each subclass into its canonical status code plus {@code google.rpc} details.
 *
 * <p>{@code reason} is a stable, UPPER_SNAKE_CASE identifier that clients may branch on (it becomes
 * {@code google.rpc.ErrorInfo.reason}); the message is for humans and must never contain secrets.
 */
public abstract class CohortException extends RuntimeException {

    private final String reason;
    private final Map<String, String> metadata;

    protected CohortException(String reason, String message, Map<String, String> metadata) {
        super(message);
        this.reason = requireReason(reason);
        this.metadata = Map.copyOf(metadata);
    }

    private static String requireReason(String reason) {
        if (reason == null || !reason.matches("[A-Z][A-Z0-9_]{0,62}[A-Z0-9]")) {
            throw new IllegalArgumentException("error reason must be UPPER_SNAKE_CASE: " + reason);
        }
        return reason;
    }

    /** Stable machine-readable cause, e.g. {@code EMAIL_TAKEN}. */
    public String reason() {
        return reason;
    }

    /** Extra structured facts about the error (never secrets), e.g. {@code {"email": "a@b.c"}}. */
    public Map<String, String> metadata() {
        return metadata;
    }
}

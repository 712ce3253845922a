package dev.cohort.grpc.common.errors;

import java.util.Map;

/**
 * The service cannot take the request right now but another attempt (on this replica later, or on another
 * replica) can succeed, e.g. because this replica is shutting down. It maps to UNAVAILABLE, the code gRPC clients'
 * retry policies treat as safe to retry (ours do: {@code libs/grpc-client}).
 */
public class UnavailableException extends CohortException {

    public UnavailableException(String reason, String message) {
        super(reason, message, Map.of());
    }
}

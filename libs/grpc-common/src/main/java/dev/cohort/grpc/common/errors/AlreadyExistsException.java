package dev.cohort.grpc.common.errors;

import java.util.Map;

/** The thing the caller tried to create exists already. */
public class AlreadyExistsException extends CohortException {

    public AlreadyExistsException(String reason, String message) {
        this(reason, message, Map.of());
    }

    public AlreadyExistsException(String reason, String message, Map<String, String> metadata) {
        super(reason, message, metadata);
    }
}

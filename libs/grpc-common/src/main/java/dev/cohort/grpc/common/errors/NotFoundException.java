package dev.cohort.grpc.common.errors;

import java.util.Map;

/** The thing asked for does not exist (or the caller may not know that it does). */
public class NotFoundException extends CohortException {

    public NotFoundException(String reason, String message) {
        this(reason, message, Map.of());
    }

    public NotFoundException(String reason, String message, Map<String, String> metadata) {
        super(reason, message, metadata);
    }
}

package dev.cohort.grpc.common.errors;

import java.util.Map;

/** The caller is known but not allowed to do this. */
public class PermissionDeniedException extends CohortException {

    public PermissionDeniedException(String reason, String message) {
        this(reason, message, Map.of());
    }

    public PermissionDeniedException(String reason, String message, Map<String, String> metadata) {
        super(reason, message, metadata);
    }
}

package dev.cohort.grpc.common.errors;

import java.util.Map;

/** The system is not in a state that allows this operation (e.g. a transition out of order). */
public class FailedPreconditionException extends CohortException {

    public FailedPreconditionException(String reason, String message) {
        this(reason, message, Map.of());
    }

    public FailedPreconditionException(String reason, String message, Map<String, String> metadata) {
        super(reason, message, metadata);
    }
}

package dev.cohort.grpc.common.errors;

import java.util.Map;

/** The caller could not be identified: no, bad or expired credentials. */
public class UnauthenticatedException extends CohortException {

    public UnauthenticatedException(String reason, String message) {
        this(reason, message, Map.of());
    }

    public UnauthenticatedException(String reason, String message, Map<String, String> metadata) {
        super(reason, message, metadata);
    }
}

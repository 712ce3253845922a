package dev.cohort.grpc.common.errors;

import java.util.Objects;

/**
 * One reason a request field was rejected. {@code field} is the path in the request message
 * (e.g. {@code password} or {@code items[2].name}); {@code description} tells the caller how to fix it.
 */
public record FieldViolation(String field, String description) {
    public FieldViolation {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(description, "description");
    }
}

package dev.cohort.grpc.common.errors;

import java.util.List;
import java.util.Map;

/** The request is malformed or breaks a rule about its own content; nothing was changed. */
public class InvalidArgumentException extends CohortException {

    private final List<FieldViolation> violations;

    public InvalidArgumentException(String reason, List<FieldViolation> violations) {
        super(reason, summarise(violations), Map.of());
        if (violations.isEmpty()) {
            throw new IllegalArgumentException("an invalid argument needs at least one field violation");
        }
        this.violations = List.copyOf(violations);
    }

    public static InvalidArgumentException of(String reason, String field, String description) {
        return new InvalidArgumentException(reason, List.of(new FieldViolation(field, description)));
    }

    public List<FieldViolation> violations() {
        return violations;
    }

    private static String summarise(List<FieldViolation> violations) {
        StringBuilder text = new StringBuilder("invalid request:");
        for (FieldViolation violation : violations) {
            text.append(' ').append(violation.field()).append(": ").append(violation.description()).append(';');
        }
        return text.substring(0, text.length() - 1);
    }
}

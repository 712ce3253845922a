package dev.cohort.schemaregistry.domain;

import java.util.Locale;
import java.util.Optional;

/** The seven compatibility levels of the Confluent API, and what each one checks. */
public enum CompatibilityLevel {
    NONE(false, false, false),
    BACKWARD(true, false, false),
    BACKWARD_TRANSITIVE(true, false, true),
    FORWARD(false, true, false),
    FORWARD_TRANSITIVE(false, true, true),
    FULL(true, true, false),
    FULL_TRANSITIVE(true, true, true);

    private final boolean backward;
    private final boolean forward;
    private final boolean transitive;

    CompatibilityLevel(boolean backward, boolean forward, boolean transitive) {
        this.backward = backward;
        this.forward = forward;
        this.transitive = transitive;
    }

    /** The new schema must be able to read data written with the earlier one(s). */
    public boolean backward() {
        return backward;
    }

    /** The earlier schema(s) must be able to read data written with the new one. */
    public boolean forward() {
        return forward;
    }

    /** Checked against every earlier version, not just the latest. */
    public boolean transitive() {
        return transitive;
    }

    /** Case-insensitive, as clients send both {@code "full"} and {@code "FULL"}. */
    public static Optional<CompatibilityLevel> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(valueOf(text.trim().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}

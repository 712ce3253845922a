package dev.cohort.testkit;

import java.util.Locale;

/**
 * The mode asked for through {@value #PROPERTY} (system property) or {@value #ENV} (environment);
 * {@link #AUTO} when neither is set.
 */
enum RequestedMode {
    AUTO, LOCAL, TESTCONTAINERS, EMBEDDED;

    static final String PROPERTY = "cohort.testkit.mode";
    static final String ENV = "COHORT_TESTKIT_MODE";

    static RequestedMode current() {
        String value = System.getProperty(PROPERTY);
        if (value == null || value.isBlank()) {
            value = System.getenv(ENV);
        }
        return parse(value);
    }

    static RequestedMode parse(String value) {
        if (value == null || value.isBlank()) {
            return AUTO;
        }
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "Unknown test infrastructure mode '" + value + "' (" + PROPERTY + " / " + ENV
                            + "): use auto, local, testcontainers or embedded", e);
        }
    }

    /** Where a forced mode came from, for log lines. */
    String describe() {
        return this == AUTO ? "auto" : "forced by " + PROPERTY + "/" + ENV;
    }
}

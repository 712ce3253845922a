package dev.cohort.course.domain;

/**
 * Why one imported record was not applied.
 *
 * @param reason      stable UPPER_SNAKE cause, e.g. {@code UNKNOWN_COURSE}
 * @param field       path within the record, empty when not about one field
 * @param description what is wrong, for people
 */
public record ImportProblem(String reason, String field, String description) {

    public static final String RECORD_INVALID = "RECORD_INVALID";
    public static final String RECORD_MISSING = "RECORD_MISSING";
    public static final String TERM_DATES_INVERTED = "TERM_DATES_INVERTED";
    public static final String UNKNOWN_TERM = "UNKNOWN_TERM";
    public static final String UNKNOWN_COURSE = "UNKNOWN_COURSE";
}

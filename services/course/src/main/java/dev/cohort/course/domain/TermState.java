package dev.cohort.course.domain;

/** Whether a term accepts enrolment changes. */
public enum TermState {
    /** Students may enrol in and drop its sections. */
    OPEN,
    /** Enrolment is frozen. */
    CLOSED
}

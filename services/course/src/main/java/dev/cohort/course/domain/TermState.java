package dev.cohort.course.domain;

/** Whether a term accepts enrollment changes. */
public enum TermState {
    /** Students may enroll in and drop its sections. */
    OPEN,
    /** Enrollment is frozen. */
    CLOSED
}

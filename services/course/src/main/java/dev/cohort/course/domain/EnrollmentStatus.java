package dev.cohort.course.domain;

/** Where a student's enrollment in a section stands. There is one enrollment per student and section, ever. */
public enum EnrollmentStatus {
    /** Holds a seat. */
    ENROLLED,
    /** Gave the seat up; enrolling again turns the same enrollment back to {@link #ENROLLED}. */
    DROPPED
}

package dev.cohort.course.domain;

/** Where a student's enrolment in a section stands. There is one enrolment per student and section, ever. */
public enum EnrollmentStatus {
    /** Holds a seat. */
    ENROLLED,
    /** Gave the seat up; enrolling again turns the same enrolment back to {@link #ENROLLED}. */
    DROPPED
}

package dev.cohort.course.store;

import dev.cohort.course.domain.TermState;

/** An enrollment with its section and what is shown beside it. */
public record EnrolledSectionRow(EnrollmentEntity enrollment, SectionEntity section, String courseCode,
                                 String courseTitle, String termCode, TermState termState) {
}

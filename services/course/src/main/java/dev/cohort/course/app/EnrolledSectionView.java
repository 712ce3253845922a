package dev.cohort.course.app;

import dev.cohort.course.store.EnrolledSectionRow;

/** One of a student's enrollments, with its section and its course's title. */
public record EnrolledSectionView(EnrollmentView enrollment, SectionView section, String courseTitle) {

    static EnrolledSectionView of(EnrolledSectionRow row) {
        return new EnrolledSectionView(EnrollmentView.of(row.enrollment()),
                SectionView.of(row.section(), row.courseCode(), row.termCode(), row.termState()), row.courseTitle());
    }
}

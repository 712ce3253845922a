package dev.cohort.course.app;

import dev.cohort.course.domain.TermState;
import dev.cohort.course.store.SectionEntity;
import dev.cohort.course.store.SectionRow;
import java.util.UUID;

/**
 * A section as it is shown, with its course's code and its term's code and state beside it.
 *
 * @param instructorUserId null when no instructor is assigned
 */
public record SectionView(UUID id, UUID courseId, UUID termId, String sectionCode, UUID instructorUserId,
                          String schedule, int capacity, int enrolledCount, int maxGroupSize, String courseCode,
                          String termCode, TermState termState) {

    static SectionView of(SectionRow row) {
        return of(row.section(), row.courseCode(), row.termCode(), row.termState());
    }

    static SectionView of(SectionEntity section, String courseCode, String termCode, TermState termState) {
        return new SectionView(section.id(), section.courseId(), section.termId(), section.sectionCode(),
                section.instructorUserId(), section.schedule(), section.capacity(), section.enrolledCount(),
                section.maxGroupSize(), courseCode, termCode, termState);
    }
}

package dev.cohort.course.app;

import dev.cohort.course.domain.EnrollmentStatus;
import dev.cohort.course.store.EnrollmentEntity;
import java.time.Instant;
import java.util.UUID;

/**
 * A student's enrollment in a section as it is when its use case ends.
 *
 * @param droppedAt null while enrolled
 */
public record EnrollmentView(UUID sectionId, UUID userId, EnrollmentStatus status, Instant enrolledAt,
                             Instant droppedAt) {

    static EnrollmentView of(EnrollmentEntity enrollment) {
        return new EnrollmentView(enrollment.sectionId(), enrollment.userId(), enrollment.status(),
                enrollment.enrolledAt(), enrollment.droppedAt());
    }

    public boolean enrolled() {
        return status == EnrollmentStatus.ENROLLED;
    }
}

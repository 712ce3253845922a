package dev.cohort.course.store;

import dev.cohort.course.domain.EnrollmentStatus;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.UUID;

/**
 * A student's enrollment in a section: one row per student and section, ever. Status changes go through the
 * conditional statements of {@link EnrollmentRepository}, so that two concurrent requests cannot both succeed.
 */
@Entity
@Table(name = "enrollments")
@IdClass(EnrollmentEntity.Key.class)
public class EnrollmentEntity {

    /** Primary key: section and student. */
    public static class Key implements Serializable {
        private UUID sectionId;
        private UUID userId;

        protected Key() {
        }

        public Key(UUID sectionId, UUID userId) {
            this.sectionId = sectionId;
            this.userId = userId;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && java.util.Objects.equals(sectionId, key.sectionId)
                    && java.util.Objects.equals(userId, key.userId);
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(sectionId, userId);
        }
    }

    @Id
    @Column(name = "section_id")
    private UUID sectionId;
    @Id
    @Column(name = "user_id")
    private UUID userId;
    @Column(name = "course_id", nullable = false)
    private UUID courseId;
    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private EnrollmentStatus status;
    @Column(name = "enrolled_at", nullable = false)
    private Instant enrolledAt;
    @Column(name = "dropped_at")
    private Instant droppedAt;

    protected EnrollmentEntity() {
    }

    public UUID sectionId() {
        return sectionId;
    }

    public UUID userId() {
        return userId;
    }

    public UUID courseId() {
        return courseId;
    }

    public EnrollmentStatus status() {
        return status;
    }

    public Instant enrolledAt() {
        return enrolledAt;
    }

    /** Null while enrolled. */
    public Instant droppedAt() {
        return droppedAt;
    }

    public boolean enrolled() {
        return status == EnrollmentStatus.ENROLLED;
    }
}

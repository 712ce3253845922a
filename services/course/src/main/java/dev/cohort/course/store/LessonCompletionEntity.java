package dev.cohort.course.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.UUID;

/** A lesson a student completed. Inserted with {@link LessonCompletionRepository#recordIfAbsent}. */
@Entity
@Table(name = "lesson_completions")
@IdClass(LessonCompletionEntity.Key.class)
public class LessonCompletionEntity {

    /** Primary key: student and lesson. */
    public static class Key implements Serializable {
        private UUID userId;
        private UUID lessonId;

        protected Key() {
        }

        public Key(UUID userId, UUID lessonId) {
            this.userId = userId;
            this.lessonId = lessonId;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && java.util.Objects.equals(userId, key.userId)
                    && java.util.Objects.equals(lessonId, key.lessonId);
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(userId, lessonId);
        }
    }

    @Id
    @Column(name = "user_id")
    private UUID userId;
    @Id
    @Column(name = "lesson_id")
    private UUID lessonId;
    @Column(name = "course_id", nullable = false)
    private UUID courseId;
    @Column(name = "completed_at", nullable = false)
    private Instant completedAt;

    protected LessonCompletionEntity() {
    }

    public UUID userId() {
        return userId;
    }

    public UUID lessonId() {
        return lessonId;
    }

    public UUID courseId() {
        return courseId;
    }

    public Instant completedAt() {
        return completedAt;
    }
}

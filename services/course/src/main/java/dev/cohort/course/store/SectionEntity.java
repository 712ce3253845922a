package dev.cohort.course.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * A section row. Written by the catalog import; {@code enrolled_count} only ever changes through the conditional
 * updates of {@link SectionRepository}, never through this entity.
 */
@Entity
@Table(name = "sections")
public class SectionEntity {

    @Id
    private UUID id;
    @Column(name = "course_id", nullable = false)
    private UUID courseId;
    @Column(name = "term_id", nullable = false)
    private UUID termId;
    @Column(name = "section_code", nullable = false)
    private String sectionCode;
    @Column(name = "instructor_user_id")
    private UUID instructorUserId;
    @Column(nullable = false)
    private String schedule;
    @Column(nullable = false)
    private int capacity;
    @Column(name = "enrolled_count", nullable = false)
    private int enrolledCount;
    @Column(name = "max_group_size", nullable = false)
    private int maxGroupSize;
    @Column(name = "created_at", nullable = false)
    private Instant createdAt;
    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    protected SectionEntity() {
    }

    public UUID id() {
        return id;
    }

    public UUID courseId() {
        return courseId;
    }

    public UUID termId() {
        return termId;
    }

    public String sectionCode() {
        return sectionCode;
    }

    /** Null when no instructor is assigned. */
    public UUID instructorUserId() {
        return instructorUserId;
    }

    public String schedule() {
        return schedule;
    }

    public int capacity() {
        return capacity;
    }

    public int enrolledCount() {
        return enrolledCount;
    }

    public int maxGroupSize() {
        return maxGroupSize;
    }
}

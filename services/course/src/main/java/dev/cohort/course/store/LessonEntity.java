package dev.cohort.course.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.util.UUID;
import org.hibernate.annotations.SQLRestriction;

/**
 * A current lesson. Written by the catalog import; lessons it retired (cut from their module, kept for the
 * completions that refer to them) are not entities the service reads: to the API they no longer exist.
 */
@Entity
@Table(name = "lessons")
@SQLRestriction("retired_at is null")
public class LessonEntity {

    @Id
    private UUID id;
    @Column(name = "module_id", nullable = false)
    private UUID moduleId;
    @Column(name = "course_id", nullable = false)
    private UUID courseId;
    @Column(nullable = false)
    private int position;
    @Column(nullable = false)
    private String title;
    @Column(name = "duration_minutes", nullable = false)
    private int durationMinutes;

    protected LessonEntity() {
    }

    public UUID id() {
        return id;
    }

    public UUID moduleId() {
        return moduleId;
    }

    public UUID courseId() {
        return courseId;
    }

    public int position() {
        return position;
    }

    public String title() {
        return title;
    }

    public int durationMinutes() {
        return durationMinutes;
    }
}

package dev.cohort.course.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A module row: an ordered group of lessons in a course. Written by the catalog import. */
@Entity
@Table(name = "modules")
public class ModuleEntity {

    @Id
    private UUID id;
    @Column(name = "course_id", nullable = false)
    private UUID courseId;
    @Column(nullable = false)
    private int position;
    @Column(nullable = false)
    private String title;
    @Column(name = "created_at", nullable = false)
    private Instant createdAt;
    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    protected ModuleEntity() {
    }

    public UUID id() {
        return id;
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
}

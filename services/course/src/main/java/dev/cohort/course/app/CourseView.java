package dev.cohort.course.app;

import dev.cohort.course.store.CourseEntity;
import java.util.UUID;

/** A course as it is shown, without its outline. */
public record CourseView(UUID id, String code, String title, String description, int credits, String department,
                         String departmentName) {

    static CourseView of(CourseEntity course) {
        return new CourseView(course.id(), course.code(), course.title(), course.description(), course.credits(),
                course.department(), course.departmentName());
    }
}

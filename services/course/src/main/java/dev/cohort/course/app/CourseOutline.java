package dev.cohort.course.app;

import dev.cohort.course.store.CourseEntity;
import dev.cohort.course.store.LessonEntity;
import dev.cohort.course.store.ModuleEntity;
import java.util.List;

/** A course with its modules and their lessons, by position. */
public record CourseOutline(CourseEntity course, List<ModuleOutline> modules) {

    /** A module and its lessons, by position. */
    public record ModuleOutline(ModuleEntity module, List<LessonEntity> lessons) {
    }
}

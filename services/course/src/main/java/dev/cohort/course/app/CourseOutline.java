package dev.cohort.course.app;

import java.util.List;

/** A course with its modules and their lessons, by position. */
public record CourseOutline(CourseView course, List<ModuleOutline> modules) {

    public CourseOutline {
        modules = List.copyOf(modules);
    }

    /** A module and its lessons, by position. */
    public record ModuleOutline(ModuleView module, List<LessonView> lessons) {

        public ModuleOutline {
            lessons = List.copyOf(lessons);
        }
    }
}

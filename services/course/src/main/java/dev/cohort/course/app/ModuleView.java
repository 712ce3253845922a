package dev.cohort.course.app;

import dev.cohort.course.store.ModuleEntity;
import java.util.UUID;

/** A module of a course as it is shown, without its lessons. */
public record ModuleView(UUID id, UUID courseId, int position, String title) {

    static ModuleView of(ModuleEntity module) {
        return new ModuleView(module.id(), module.courseId(), module.position(), module.title());
    }
}

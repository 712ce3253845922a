package dev.cohort.course.app;

import dev.cohort.course.store.LessonEntity;
import java.util.UUID;

/** A current lesson as it is shown. */
public record LessonView(UUID id, UUID moduleId, int position, String title, int durationMinutes) {

    static LessonView of(LessonEntity lesson) {
        return new LessonView(lesson.id(), lesson.moduleId(), lesson.position(), lesson.title(),
                lesson.durationMinutes());
    }
}

package dev.cohort.course.api;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.cohort.course.app.CourseOutline;
import dev.cohort.course.v1.GetCourseResponse;

/**
 * GetCourse's answer mapped once per outline (ADR 80): while the use case hands out the same kept outline (ADR 76),
 * every call gets the same immutable message instead of mapping it again (two UUIDs turned into text per lesson,
 * a builder per module and lesson). Keyed by the outline instance itself (weak, by identity), so an answer can never
 * outlive or differ from the outline it was mapped from: once the outline is dropped and collected, its answer goes
 * too. The message also remembers its serialized size, which gRPC asks for on every send.
 */
final class CourseAnswers {

    /** As many answers as outlines can be kept (CourseOutlines' bound); more would only be garbage waiting. */
    static final int MAX_KEPT = 10_000;

    private final Cache<CourseOutline, GetCourseResponse> mapped = Caffeine.newBuilder()
            .weakKeys()
            .maximumSize(MAX_KEPT)
            .build();

    GetCourseResponse answer(CourseOutline outline) {
        return mapped.get(outline, CourseAnswers::map);
    }

    static GetCourseResponse map(CourseOutline outline) {
        return GetCourseResponse.newBuilder()
                .setCourse(ProtoMapping.course(outline.course()))
                .addAllModules(outline.modules().stream().map(ProtoMapping::module).toList())
                .build();
    }
}

package dev.cohort.course.app;

import dev.cohort.course.domain.Progress;
import dev.cohort.course.events.CourseEvents;
import dev.cohort.course.store.CourseRepository;
import dev.cohort.course.store.EnrollmentRepository;
import dev.cohort.course.store.LessonCompletionEntity;
import dev.cohort.course.store.LessonCompletionRepository;
import dev.cohort.course.store.LessonEntity;
import dev.cohort.course.store.LessonRepository;
import dev.cohort.course.store.ModuleRepository;
import dev.cohort.grpc.common.errors.FailedPreconditionException;
import dev.cohort.grpc.common.errors.NotFoundException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.transaction.annotation.Transactional;

/** Lesson completions and progress through a course. */
public class LearningProgress {

    /** A recorded completion; {@code newlyCompleted} is false when the lesson had been completed before. */
    public record Completion(UUID lessonId, UUID courseId, Instant completedAt, boolean newlyCompleted) {
    }

    /** Progress through one module. */
    public record ModuleProgress(ModuleView module, List<UUID> completedLessonIds, int lessonCount) {
        public int completedCount() {
            return completedLessonIds.size();
        }

        public double percent() {
            return Progress.percent(completedCount(), lessonCount);
        }
    }

    /** Progress through a course. */
    public record CourseProgress(UUID courseId, List<ModuleProgress> modules, int completedCount, int lessonCount) {
        public double percent() {
            return Progress.percent(completedCount, lessonCount);
        }
    }

    private final CourseRepository courses;
    private final ModuleRepository modules;
    private final LessonRepository lessons;
    private final LessonCompletionRepository completions;
    private final EnrollmentRepository enrollments;
    private final CourseEvents events;
    private final Clock clock;

    public LearningProgress(CourseRepository courses, ModuleRepository modules, LessonRepository lessons,
                            LessonCompletionRepository completions, EnrollmentRepository enrollments,
                            CourseEvents events, Clock clock) {
        this.courses = courses;
        this.modules = modules;
        this.lessons = lessons;
        this.completions = completions;
        this.enrollments = enrollments;
        this.events = events;
        this.clock = clock;
    }

    /** Records that the student completed the lesson; idempotent. */
    @Transactional
    public Completion complete(UUID userId, UUID lessonId) {
        LessonEntity lesson = lessons.findById(lessonId)
                .orElseThrow(() -> new NotFoundException("LESSON_NOT_FOUND", "no lesson " + lessonId));
        if (!enrollments.enrolledInCourse(userId, lesson.courseId())) {
            throw new FailedPreconditionException("NOT_ENROLLED",
                    "enroll in a section of the lesson's course before completing its lessons");
        }
        boolean recorded = completions.recordIfAbsent(userId, lessonId, lesson.courseId(), clock.instant()) == 1;
        if (recorded) {
            int completed = (int) completions.countCurrent(userId, lesson.courseId());
            int total = (int) lessons.countByCourseId(lesson.courseId());
            events.lessonCompleted(userId, lesson.courseId(), lesson.moduleId(), lessonId, completed, total);
        }
        LessonCompletionEntity completion = completions.findById(new LessonCompletionEntity.Key(userId, lessonId))
                .orElseThrow();
        return new Completion(lessonId, lesson.courseId(), completion.completedAt(), recorded);
    }

    @Transactional(readOnly = true)
    public CourseProgress progress(UUID userId, UUID courseId) {
        if (!courses.existsById(courseId)) {
            throw CatalogQueries.courseNotFound(courseId);
        }
        Set<UUID> done = completions.findByUserIdAndCourseId(userId, courseId).stream()
                .map(LessonCompletionEntity::lessonId).collect(Collectors.toSet());
        Map<UUID, List<LessonEntity>> byModule = lessons.findByCourseIdOrderByPosition(courseId).stream()
                .collect(Collectors.groupingBy(LessonEntity::moduleId));
        List<ModuleProgress> perModule = modules.findByCourseIdOrderByPosition(courseId).stream()
                .map(module -> {
                    List<LessonEntity> moduleLessons = byModule.getOrDefault(module.id(), List.of());
                    List<UUID> completed = moduleLessons.stream().map(LessonEntity::id).filter(done::contains).toList();
                    return new ModuleProgress(ModuleView.of(module), completed, moduleLessons.size());
                })
                .toList();
        int completed = perModule.stream().mapToInt(ModuleProgress::completedCount).sum();
        int total = perModule.stream().mapToInt(ModuleProgress::lessonCount).sum();
        return new CourseProgress(courseId, perModule, completed, total);
    }
}

package dev.cohort.course.store;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

public interface LessonCompletionRepository extends JpaRepository<LessonCompletionEntity, LessonCompletionEntity.Key> {

    /** Records a completion unless there is one: 1 when recorded now, 0 when it was recorded before. */
    @Modifying(flushAutomatically = true, clearAutomatically = true)
    @Query(value = """
            insert into lesson_completions (user_id, lesson_id, course_id, completed_at)
            values (:userId, :lessonId, :courseId, :now)
            on conflict (user_id, lesson_id) do nothing""", nativeQuery = true)
    int recordIfAbsent(@Param("userId") UUID userId, @Param("lessonId") UUID lessonId,
                       @Param("courseId") UUID courseId, @Param("now") Instant now);

    List<LessonCompletionEntity> findByUserIdAndCourseId(UUID userId, UUID courseId);

    /** The student's completions of the course's current lessons (completions of retired lessons stay, uncounted). */
    @Query(value = """
            select count(*) from lesson_completions c join lessons l on l.id = c.lesson_id
            where c.user_id = :userId and c.course_id = :courseId and l.retired_at is null""", nativeQuery = true)
    long countCurrent(@Param("userId") UUID userId, @Param("courseId") UUID courseId);
}

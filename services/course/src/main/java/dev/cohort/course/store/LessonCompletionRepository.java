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

    long countByUserIdAndCourseId(UUID userId, UUID courseId);
}

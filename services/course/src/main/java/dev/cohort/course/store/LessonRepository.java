package dev.cohort.course.store;

import java.util.List;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;

public interface LessonRepository extends JpaRepository<LessonEntity, UUID> {

    List<LessonEntity> findByCourseIdOrderByPosition(UUID courseId);

    long countByCourseId(UUID courseId);
}

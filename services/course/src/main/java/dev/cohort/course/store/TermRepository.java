package dev.cohort.course.store;

import java.util.List;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;

public interface TermRepository extends JpaRepository<TermEntity, UUID> {

    List<TermEntity> findAllByOrderByStartDateDescCodeDesc();
}

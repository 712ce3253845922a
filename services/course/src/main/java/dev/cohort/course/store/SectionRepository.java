package dev.cohort.course.store;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

public interface SectionRepository extends JpaRepository<SectionEntity, UUID> {

    String ROW = "select new dev.cohort.course.store.SectionRow(s, c.code, c.title, t.code, t.state, t.startDate) "
            + "from SectionEntity s join CourseEntity c on c.id = s.courseId join TermEntity t on t.id = s.termId ";

    @Query(ROW + "where s.id = :id")
    Optional<SectionRow> findRow(@Param("id") UUID id);

    /**
     * Sections of a course (optionally of one term) after the keyset position (term start, term code, section
     * code), in that order. The first page passes a position before everything.
     */
    @Query(ROW + """
            where s.courseId = :courseId and (:termId is null or s.termId = :termId)
              and (t.startDate > :afterStart
                   or (t.startDate = :afterStart and (t.code > :afterTerm
                       or (t.code = :afterTerm and s.sectionCode > :afterSection))))
            order by t.startDate, t.code, s.sectionCode""")
    List<SectionRow> findPage(@Param("courseId") UUID courseId, @Param("termId") UUID termId,
                              @Param("afterStart") LocalDate afterStart, @Param("afterTerm") String afterTerm,
                              @Param("afterSection") String afterSection, Pageable page);

    /** Takes a seat if one is free: 1 when taken, 0 when the section is full. Atomic under concurrency. */
    @Modifying(flushAutomatically = true, clearAutomatically = true)
    @Query(value = "update sections set enrolled_count = enrolled_count + 1 where id = :id and enrolled_count < capacity",
            nativeQuery = true)
    int takeSeat(@Param("id") UUID sectionId);

    /** Gives a seat back. */
    @Modifying(flushAutomatically = true, clearAutomatically = true)
    @Query(value = "update sections set enrolled_count = enrolled_count - 1 where id = :id and enrolled_count > 0",
            nativeQuery = true)
    int freeSeat(@Param("id") UUID sectionId);
}

package dev.cohort.course.store;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

public interface EnrollmentRepository extends JpaRepository<EnrollmentEntity, EnrollmentEntity.Key> {

    /**
     * Enrolls: inserts the enrollment, or turns a dropped one back to ENROLLED. 0 when the student is already
     * enrolled. The row lock it takes serialises concurrent attempts of one student.
     */
    @Modifying(flushAutomatically = true, clearAutomatically = true)
    @Query(value = """
            insert into enrollments (section_id, user_id, course_id, status, enrolled_at, dropped_at)
            values (:sectionId, :userId, :courseId, 'ENROLLED', :now, null)
            on conflict (section_id, user_id) do update
                set status = 'ENROLLED', enrolled_at = excluded.enrolled_at, dropped_at = null
                where enrollments.status = 'DROPPED'""", nativeQuery = true)
    int claim(@Param("sectionId") UUID sectionId, @Param("userId") UUID userId, @Param("courseId") UUID courseId,
              @Param("now") Instant now);

    /** Drops: 1 when the student was enrolled, 0 otherwise. */
    @Modifying(flushAutomatically = true, clearAutomatically = true)
    @Query(value = """
            update enrollments set status = 'DROPPED', dropped_at = :now
            where section_id = :sectionId and user_id = :userId and status = 'ENROLLED'""", nativeQuery = true)
    int release(@Param("sectionId") UUID sectionId, @Param("userId") UUID userId, @Param("now") Instant now);

    @Query("""
            select count(e) > 0 from EnrollmentEntity e
            where e.userId = :userId and e.courseId = :courseId
              and e.status = dev.cohort.course.domain.EnrollmentStatus.ENROLLED""")
    boolean enrolledInCourse(@Param("userId") UUID userId, @Param("courseId") UUID courseId);

    /** The section's current enrollments after the keyset position (enrolled at, user id), in that order. */
    @Query("""
            select e from EnrollmentEntity e
            where e.sectionId = :sectionId and e.status = dev.cohort.course.domain.EnrollmentStatus.ENROLLED
              and (e.enrolledAt > :afterTime or (e.enrolledAt = :afterTime and e.userId > :afterUser))
            order by e.enrolledAt, e.userId""")
    List<EnrollmentEntity> findRosterPage(@Param("sectionId") UUID sectionId, @Param("afterTime") Instant afterTime,
                                          @Param("afterUser") UUID afterUser, Pageable page);

    /** A student's enrollments before the keyset position (enrolled at, section id), latest first. */
    @Query("""
            select new dev.cohort.course.store.EnrolledSectionRow(e, s, c.code, c.title, t.code, t.state)
            from EnrollmentEntity e join SectionEntity s on s.id = e.sectionId
              join CourseEntity c on c.id = s.courseId join TermEntity t on t.id = s.termId
            where e.userId = :userId
              and (:includeDropped = true or e.status = dev.cohort.course.domain.EnrollmentStatus.ENROLLED)
              and (e.enrolledAt < :beforeTime or (e.enrolledAt = :beforeTime and e.sectionId > :afterSection))
            order by e.enrolledAt desc, e.sectionId""")
    List<EnrolledSectionRow> findMinePage(@Param("userId") UUID userId, @Param("includeDropped") boolean includeDropped,
                                          @Param("beforeTime") Instant beforeTime,
                                          @Param("afterSection") UUID afterSection, Pageable page);
}

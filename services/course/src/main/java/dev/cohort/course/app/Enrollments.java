package dev.cohort.course.app;

import dev.cohort.auth.Caller;
import dev.cohort.common.v1.Role;
import dev.cohort.course.domain.RosterAccess;
import dev.cohort.course.domain.TermState;
import dev.cohort.course.events.CourseEvents;
import dev.cohort.course.store.EnrolledSectionRow;
import dev.cohort.course.store.EnrollmentEntity;
import dev.cohort.course.store.EnrollmentRepository;
import dev.cohort.course.store.SectionRepository;
import dev.cohort.course.store.SectionRow;
import dev.cohort.events.course.EnrollmentChange;
import dev.cohort.grpc.common.errors.AlreadyExistsException;
import dev.cohort.grpc.common.errors.FailedPreconditionException;
import dev.cohort.grpc.common.errors.NotFoundException;
import dev.cohort.grpc.common.errors.PermissionDeniedException;
import dev.cohort.paging.Page;
import dev.cohort.paging.PageQuery;
import dev.cohort.paging.PageSize;
import dev.cohort.paging.PageTokenCodec;
import dev.cohort.paging.TimeAndId;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.domain.PageRequest;
import org.springframework.transaction.annotation.Transactional;

/**
 * Enrolling and dropping, and who is enrolled where. Seats are a counter on the section that only a conditional
 * update raises ({@code enrolled_count < capacity}), so concurrent enrollments can never overfill a section;
 * the enrollment row is claimed first, so one student's concurrent attempts serialise on it.
 */
public class Enrollments {

    static final PageSize PAGE_SIZE = new PageSize(20, 100);
    static final PageSize ROSTER_PAGE_SIZE = new PageSize(100, 500);
    /** Sorts after every real enrollment time (keyset start for "latest first"). */
    private static final Instant AFTER_ALL = Instant.parse("9999-12-31T00:00:00Z");
    private static final UUID LOWEST_ID = new UUID(0, 0);

    private final SectionRepository sections;
    private final EnrollmentRepository enrollments;
    private final CourseEvents events;
    private final Clock clock;

    private final PageTokenCodec pageTokens;

    public Enrollments(SectionRepository sections, EnrollmentRepository enrollments, CourseEvents events, Clock clock,
                     PageTokenCodec pageTokens) {
        this.pageTokens = pageTokens;
        this.sections = sections;
        this.enrollments = enrollments;
        this.events = events;
        this.clock = clock;
    }

    @Transactional
    public EnrollmentView enroll(UUID userId, UUID sectionId) {
        SectionRow section = openSection(sectionId);
        if (enrollments.claim(sectionId, userId, section.section().courseId(), clock.instant()) == 0) {
            throw new AlreadyExistsException("ALREADY_ENROLLED", "already enrolled in section " + sectionId);
        }
        if (sections.takeSeat(sectionId) == 0) {
            // Rolls back the claim above: the student is not enrolled.
            throw new FailedPreconditionException("SECTION_FULL", "section " + sectionId + " has no free seat");
        }
        events.enrollmentChanged(sectionId, userId, section.section().courseId(), EnrollmentChange.ENROLLED);
        return EnrollmentView.of(enrollments.findById(new EnrollmentEntity.Key(sectionId, userId)).orElseThrow());
    }

    @Transactional
    public EnrollmentView drop(UUID userId, UUID sectionId) {
        SectionRow section = openSection(sectionId);
        if (enrollments.release(sectionId, userId, clock.instant()) == 0) {
            throw notEnrolled(sectionId);
        }
        sections.freeSeat(sectionId);
        events.enrollmentChanged(sectionId, userId, section.section().courseId(), EnrollmentChange.DROPPED);
        return EnrollmentView.of(enrollments.findById(new EnrollmentEntity.Key(sectionId, userId)).orElseThrow());
    }

    /** The caller's current enrollment in a section. */
    @Transactional(readOnly = true)
    public EnrollmentView current(UUID userId, UUID sectionId) {
        Optional<EnrollmentEntity> enrollment = enrollments.findById(new EnrollmentEntity.Key(sectionId, userId))
                .filter(EnrollmentEntity::enrolled);
        if (enrollment.isPresent()) {
            return EnrollmentView.of(enrollment.get());
        }
        if (!sections.existsById(sectionId)) {
            throw CatalogQueries.sectionNotFound(sectionId);
        }
        throw notEnrolled(sectionId);
    }

    /** A student's enrollments, latest first. */
    @Transactional(readOnly = true)
    public Page<EnrolledSectionView> mine(UUID userId, boolean includeDropped, int requestedSize, String pageToken) {
        int size = PAGE_SIZE.resolve(requestedSize);
        PageQuery query = PageQuery.of("course.my_enrollments", userId).with("include_dropped", includeDropped);
        TimeAndId after = pageTokens.decode(query, TimeAndId.FORMAT, pageToken)
                .orElse(new TimeAndId(AFTER_ALL, LOWEST_ID));
        List<EnrolledSectionRow> rows = enrollments.findMinePage(userId, includeDropped, after.at(), after.id(),
                PageRequest.ofSize(size + 1));
        return CatalogQueries.page(rows, size, last -> pageTokens.encode(query, TimeAndId.FORMAT,
                new TimeAndId(last.enrollment().enrolledAt(), last.enrollment().sectionId())))
                .map(EnrolledSectionView::of);
    }

    /** The students enrolled in a section, for its instructor, its students and admins. */
    @Transactional(readOnly = true)
    public Page<EnrollmentView> roster(Caller caller, UUID sectionId, int requestedSize, String pageToken) {
        int size = ROSTER_PAGE_SIZE.resolve(requestedSize);
        UUID callerId = caller.userUuid();
        PageQuery query = PageQuery.of("course.roster", callerId).with("section_id", sectionId);
        TimeAndId after = pageTokens.decode(query, TimeAndId.FORMAT, pageToken)
                .orElse(new TimeAndId(Instant.EPOCH, LOWEST_ID));
        SectionRow section = sections.findRow(sectionId).orElseThrow(() -> CatalogQueries.sectionNotFound(sectionId));
        boolean instructor = callerId.equals(section.section().instructorUserId());
        boolean enrolled = !instructor && enrollments.findById(new EnrollmentEntity.Key(sectionId, callerId))
                .filter(EnrollmentEntity::enrolled).isPresent();
        if (!RosterAccess.allowed(caller.hasRole(Role.ROLE_ADMIN), instructor, enrolled)) {
            throw new PermissionDeniedException("ROSTER_FORBIDDEN",
                    "only the section's instructor, its students and admins may read its roster");
        }
        List<EnrollmentEntity> rows = enrollments.findRosterPage(sectionId, after.at(), after.id(),
                PageRequest.ofSize(size + 1));
        return CatalogQueries.page(rows, size, last -> pageTokens.encode(query, TimeAndId.FORMAT,
                new TimeAndId(last.enrolledAt(), last.userId()))).map(EnrollmentView::of);
    }

    /** The section, which must exist and belong to a term open for enrollment. */
    private SectionRow openSection(UUID sectionId) {
        SectionRow section = sections.findRow(sectionId).orElseThrow(() -> CatalogQueries.sectionNotFound(sectionId));
        if (section.termState() != TermState.OPEN) {
            throw new FailedPreconditionException("TERM_CLOSED",
                    "enrollment in term " + section.termCode() + " is closed");
        }
        return section;
    }

    private static NotFoundException notEnrolled(UUID sectionId) {
        return new NotFoundException("NOT_ENROLLED", "not enrolled in section " + sectionId);
    }
}

package dev.cohort.course.events;

import dev.cohort.course.domain.CatalogRecord.CourseData;
import dev.cohort.course.store.CatalogWriter.StoredSection;
import dev.cohort.events.Topics;
import dev.cohort.events.course.CourseUpserted;
import dev.cohort.events.course.EnrollmentChange;
import dev.cohort.events.course.EnrollmentChanged;
import dev.cohort.events.course.LessonCompleted;
import dev.cohort.events.course.SectionUpserted;
import dev.cohort.events.outbox.EventEnvelope;
import dev.cohort.events.outbox.Outbox;
import java.util.UUID;

/**
 * What the course service tells the others. Each method must be called inside the transaction that made the
 * change: the event is an outbox row of that transaction.
 * <ul>
 *   <li>{@value #CATALOG}: CourseUpserted (keyed by course id), SectionUpserted (keyed by section id);</li>
 *   <li>{@value #ENROLLMENTS}: EnrollmentChanged, keyed by section id, so a section's changes stay in order;</li>
 *   <li>{@value #PROGRESS}: LessonCompleted, keyed by user id.</li>
 * </ul>
 */
public class CourseEvents {

    public static final String CATALOG = Topics.COURSE_CATALOG;
    public static final String ENROLLMENTS = Topics.COURSE_ENROLLMENTS;
    public static final String PROGRESS = Topics.COURSE_PROGRESS;

    private final Outbox outbox;
    private final EventEnvelope envelope;

    public CourseEvents(Outbox outbox, EventEnvelope envelope) {
        this.outbox = outbox;
        this.envelope = envelope;
    }

    public void courseUpserted(UUID courseId, CourseData course, boolean created) {
        outbox.append(CATALOG, CourseUpserted.newBuilder()
                .setMetadata(envelope.forAggregate(courseId.toString()))
                .setCourseId(courseId.toString())
                .setCode(course.code())
                .setTitle(course.title())
                .setDescription(course.description())
                .setCredits(course.credits())
                .setDepartment(course.department())
                .setDepartmentName(course.departmentName())
                .setCreated(created)
                .build());
    }

    public void sectionUpserted(StoredSection section, boolean created) {
        var data = section.data();
        outbox.append(CATALOG, SectionUpserted.newBuilder()
                .setMetadata(envelope.forAggregate(section.id().toString()))
                .setSectionId(section.id().toString())
                .setCourseId(section.courseId().toString())
                .setTermId(section.termId().toString())
                .setSectionCode(data.sectionCode())
                .setInstructorUserId(data.instructorUserId() == null ? null : data.instructorUserId().toString())
                .setSchedule(data.schedule())
                .setCapacity(data.capacity())
                .setMaxGroupSize(data.maxGroupSize())
                .setCreated(created)
                .build());
    }

    public void enrollmentChanged(UUID sectionId, UUID userId, UUID courseId, EnrollmentChange change) {
        outbox.append(ENROLLMENTS, EnrollmentChanged.newBuilder()
                .setMetadata(envelope.forAggregate(sectionId.toString()))
                .setUserId(userId.toString())
                .setSectionId(sectionId.toString())
                .setCourseId(courseId.toString())
                .setChange(change)
                .build());
    }

    public void lessonCompleted(UUID userId, UUID courseId, UUID moduleId, UUID lessonId, int completed, int total) {
        outbox.append(PROGRESS, LessonCompleted.newBuilder()
                .setMetadata(envelope.forAggregate(userId.toString()))
                .setUserId(userId.toString())
                .setCourseId(courseId.toString())
                .setModuleId(moduleId.toString())
                .setLessonId(lessonId.toString())
                .setCompletedLessonCount(completed)
                .setLessonCount(total)
                .build());
    }
}

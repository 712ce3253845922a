package dev.cohort.events.consumer;

import dev.cohort.events.course.EnrollmentChange;
import dev.cohort.events.course.EnrollmentChanged;
import java.util.Optional;
import java.util.UUID;

/**
 * What course's {@code EnrollmentChanged} (topic {@code cohort.course.enrollments}) says, for the services that
 * keep their own list of who is in which section (profile's and chat's classmates): the events of one section
 * arrive in order, keyed by the section.
 *
 * @param eventId   the event's id, to apply it once
 * @param sectionId the section
 * @param userId    the student
 * @param enrolled  true when the student took a seat, false when they dropped it
 */
public record SectionEnrollment(String eventId, UUID sectionId, UUID userId, boolean enrolled) {

    /** The enrollment change {@code event} announces, or empty for any other event. */
    public static Optional<SectionEnrollment> of(Object event) {
        if (event instanceof EnrollmentChanged changed) {
            return Optional.of(new SectionEnrollment(changed.getMetadata().getEventId().toString(),
                    UUID.fromString(changed.getSectionId()), UUID.fromString(changed.getUserId()),
                    changed.getChange() == EnrollmentChange.ENROLLED));
        }
        return Optional.empty();
    }
}

package dev.cohort.chat.events;

import dev.cohort.chat.app.Contacts;
import dev.cohort.events.Topics;
import dev.cohort.events.config.CohortEventsAutoConfiguration;
import dev.cohort.events.consumer.ProcessedEvents;
import dev.cohort.events.consumer.SectionEnrollment;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;

/**
 * Course's enrollments, recorded once per event id as chat's own list of who is in which section: section-mates
 * are classmates for the contact rules (ADR 0036), without a call to course or profile. The changes of one section
 * arrive in order (keyed by section), so a drop is never overtaken by the enrollment it ends.
 */
public class SectionEnrollments {

    public static final String TOPIC = Topics.COURSE_ENROLLMENTS;
    /** Name under which applied events are recorded in {@code processed_events}. */
    public static final String CONSUMER = "chat-section-enrollments";

    private final ProcessedEvents processed;
    private final Contacts contacts;

    public SectionEnrollments(ProcessedEvents processed, Contacts contacts) {
        this.processed = processed;
        this.contacts = contacts;
    }

    @KafkaListener(topics = TOPIC, containerFactory = CohortEventsAutoConfiguration.LISTENER_FACTORY,
            autoStartup = "${cohort.chat.course-consumer-enabled:true}")
    public void on(ConsumerRecord<String, SpecificRecord> record) {
        SectionEnrollment.of(record.value()).ifPresent(change -> processed.applyOnce(CONSUMER, change.eventId(), () -> {
            if (change.enrolled()) {
                contacts.enrolled(change.sectionId(), change.userId());
            } else {
                contacts.dropped(change.sectionId(), change.userId());
            }
        }));
    }
}

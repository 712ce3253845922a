package dev.cohort.profile.events;

import dev.cohort.events.Topics;
import dev.cohort.events.config.CohortEventsAutoConfiguration;
import dev.cohort.events.consumer.ProcessedEvents;
import dev.cohort.events.consumer.SectionEnrollment;
import dev.cohort.profile.app.Classmates;
import dev.cohort.profile.domain.ContextKind;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;

/**
 * Course's enrollments: students of one section are classmates while both are enrolled. Applied once per event
 * id; the events of one section arrive in order (keyed by section).
 */
public class EnrollmentChanges {

    public static final String TOPIC = Topics.COURSE_ENROLLMENTS;
    /** Name under which applied events are recorded in {@code processed_events}. */
    public static final String CONSUMER = "profile-enrollments";

    private final ProcessedEvents processed;
    private final Classmates classmates;

    public EnrollmentChanges(ProcessedEvents processed, Classmates classmates) {
        this.processed = processed;
        this.classmates = classmates;
    }

    @KafkaListener(topics = TOPIC, containerFactory = CohortEventsAutoConfiguration.LISTENER_FACTORY,
            autoStartup = "${cohort.profile.consumers-enabled:true}")
    public void on(ConsumerRecord<String, SpecificRecord> record) {
        SectionEnrollment.of(record.value()).ifPresent(change -> processed.applyOnce(CONSUMER, change.eventId(), () -> {
            if (change.enrolled()) {
                classmates.joined(ContextKind.SECTION, change.sectionId(), change.userId());
            } else {
                classmates.left(ContextKind.SECTION, change.sectionId(), change.userId());
            }
        }));
    }
}

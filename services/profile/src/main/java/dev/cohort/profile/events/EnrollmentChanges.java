package dev.cohort.profile.events;

import dev.cohort.events.Topics;
import dev.cohort.events.config.CohortEventsAutoConfiguration;
import dev.cohort.events.consumer.ProcessedEvents;
import dev.cohort.events.course.EnrollmentChange;
import dev.cohort.events.course.EnrollmentChanged;
import dev.cohort.profile.app.Classmates;
import dev.cohort.profile.domain.ContextKind;
import java.util.UUID;
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
        if (record.value() instanceof EnrollmentChanged event) {
            UUID section = UUID.fromString(event.getSectionId());
            UUID student = UUID.fromString(event.getUserId());
            processed.applyOnce(CONSUMER, event.getMetadata().getEventId().toString(), () -> {
                if (event.getChange() == EnrollmentChange.ENROLLED) {
                    classmates.joined(ContextKind.SECTION, section, student);
                } else {
                    classmates.left(ContextKind.SECTION, section, student);
                }
            });
        }
    }
}

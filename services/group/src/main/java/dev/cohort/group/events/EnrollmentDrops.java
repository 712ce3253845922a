package dev.cohort.group.events;

import dev.cohort.events.Topics;
import dev.cohort.events.config.CohortEventsAutoConfiguration;
import dev.cohort.events.consumer.ProcessedEvents;
import dev.cohort.events.course.EnrollmentChange;
import dev.cohort.events.course.EnrollmentChanged;
import dev.cohort.group.app.Memberships;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;

/**
 * Course's enrollment changes: a student who drops a section leaves that section's groups. Applied once per
 * event id (redeliveries are skipped); failures are retried in place and then dead-lettered by the platform's
 * listener factory (ADR 0011). Enrollments need nothing here: joining is checked against course at call time.
 */
public class EnrollmentDrops {

    public static final String TOPIC = Topics.COURSE_ENROLLMENTS;
    /** Name under which applied events are recorded in {@code processed_events}. */
    public static final String CONSUMER = "group-enrollment-drops";

    private final ProcessedEvents processed;
    private final Memberships memberships;

    public EnrollmentDrops(ProcessedEvents processed, Memberships memberships) {
        this.processed = processed;
        this.memberships = memberships;
    }

    @KafkaListener(topics = TOPIC, containerFactory = CohortEventsAutoConfiguration.LISTENER_FACTORY,
            autoStartup = "${cohort.group.enrollment-consumer-enabled:true}")
    public void on(ConsumerRecord<String, SpecificRecord> record) {
        if (record.value() instanceof EnrollmentChanged event && event.getChange() == EnrollmentChange.DROPPED) {
            processed.applyOnce(CONSUMER, event.getMetadata().getEventId().toString(), () -> memberships
                    .removeDroppedStudent(UUID.fromString(event.getUserId()), UUID.fromString(event.getSectionId())));
        }
    }
}

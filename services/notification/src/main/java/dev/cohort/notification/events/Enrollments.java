package dev.cohort.notification.events;

import dev.cohort.events.Topics;
import dev.cohort.events.config.CohortEventsAutoConfiguration;
import dev.cohort.events.consumer.ProcessedEvents;
import dev.cohort.events.course.EnrollmentChange;
import dev.cohort.events.course.EnrollmentChanged;
import dev.cohort.notification.app.Happenings;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;

/** Course's enrolments: confirmed or dropped. */
public class Enrollments extends Consumers {

    public static final String TOPIC = Topics.COURSE_ENROLLMENTS;
    public static final String CONSUMER = "notification-enrollments";

    private final Happenings happenings;

    public Enrollments(ProcessedEvents processed, Happenings happenings) {
        super(processed, CONSUMER);
        this.happenings = happenings;
    }

    @KafkaListener(topics = TOPIC, containerFactory = CohortEventsAutoConfiguration.LISTENER_FACTORY,
            autoStartup = "${cohort.notification.consumers-enabled:true}")
    public void on(ConsumerRecord<String, SpecificRecord> record) {
        if (record.value() instanceof EnrollmentChanged changed) {
            once(changed.getMetadata().getEventId(), () -> happenings.enrollment(id(changed.getUserId()),
                    id(changed.getSectionId()), changed.getChange() == EnrollmentChange.ENROLLED));
        }
    }
}

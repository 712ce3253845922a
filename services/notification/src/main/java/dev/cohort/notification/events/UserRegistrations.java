package dev.cohort.notification.events;

import dev.cohort.events.Topics;
import dev.cohort.events.config.CohortEventsAutoConfiguration;
import dev.cohort.events.consumer.ProcessedEvents;
import dev.cohort.events.identity.UserRegistered;
import dev.cohort.notification.app.Happenings;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;

/** Identity's registrations: each person's e-mail address and name. */
public class UserRegistrations extends Consumers {

    public static final String TOPIC = Topics.IDENTITY_USERS;
    public static final String CONSUMER = "notification-users";

    private final Happenings happenings;

    public UserRegistrations(ProcessedEvents processed, Happenings happenings) {
        super(processed, CONSUMER);
        this.happenings = happenings;
    }

    @KafkaListener(topics = TOPIC, containerFactory = CohortEventsAutoConfiguration.LISTENER_FACTORY,
            autoStartup = "${cohort.notification.consumers-enabled:true}")
    public void on(ConsumerRecord<String, SpecificRecord> record) {
        if (record.value() instanceof UserRegistered registered) {
            once(registered.getMetadata().getEventId(), () -> happenings.registered(id(registered.getUserId()),
                    registered.getEmail().toString(), registered.getDisplayName().toString()));
        }
    }
}

package dev.cohort.chat.events;

import dev.cohort.chat.app.KnownUsers;
import dev.cohort.events.config.CohortEventsAutoConfiguration;
import dev.cohort.events.consumer.ProcessedEvents;
import dev.cohort.events.identity.UserRegistered;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;

/**
 * Identity's registrations, recorded once per event id as chat's own list of the users who exist (ADR 0024). The
 * topic's other events (suspension, roles) do not change whether a user exists and are skipped; failures are
 * retried and then dead-lettered by the platform's listener factory (ADR 0011).
 */
public class UserRegistrations {

    public static final String TOPIC = "cohort.identity.users";
    /** Name under which applied events are recorded in {@code processed_events}. */
    public static final String CONSUMER = "chat-known-users";

    private final ProcessedEvents processed;
    private final KnownUsers users;

    public UserRegistrations(ProcessedEvents processed, KnownUsers users) {
        this.processed = processed;
        this.users = users;
    }

    @KafkaListener(topics = TOPIC, containerFactory = CohortEventsAutoConfiguration.LISTENER_FACTORY,
            autoStartup = "${cohort.chat.user-consumer-enabled:true}")
    public void on(ConsumerRecord<String, SpecificRecord> record) {
        if (record.value() instanceof UserRegistered registered) {
            processed.applyOnce(CONSUMER, registered.getMetadata().getEventId().toString(),
                    () -> users.registered(UUID.fromString(registered.getUserId()),
                            registered.getMetadata().getOccurredAt()));
        }
    }
}

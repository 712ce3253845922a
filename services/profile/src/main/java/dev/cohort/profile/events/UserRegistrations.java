package dev.cohort.profile.events;

import dev.cohort.events.Topics;
import dev.cohort.events.config.CohortEventsAutoConfiguration;
import dev.cohort.events.consumer.ProcessedEvents;
import dev.cohort.events.identity.UserRegistered;
import dev.cohort.events.identity.UserReinstated;
import dev.cohort.events.identity.UserSuspended;
import dev.cohort.profile.app.Registrations;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;

/**
 * Identity's registrations: each new account gets its profile, once per event id (a redelivery is skipped, and
 * the insert itself ignores a profile that exists); suspensions and reinstatements hide and show it again (the
 * events of one user arrive in order, keyed by the user). Role changes change nothing here. Failures are retried in place and then dead-lettered by the platform's listener factory (ADR 0011).
 */
public class UserRegistrations {

    public static final String TOPIC = Topics.IDENTITY_USERS;
    /** Name under which applied events are recorded in {@code processed_events}. */
    public static final String CONSUMER = "profile-registrations";

    private final ProcessedEvents processed;
    private final Registrations registrations;

    public UserRegistrations(ProcessedEvents processed, Registrations registrations) {
        this.processed = processed;
        this.registrations = registrations;
    }

    @KafkaListener(topics = TOPIC, containerFactory = CohortEventsAutoConfiguration.LISTENER_FACTORY,
            autoStartup = "${cohort.profile.consumers-enabled:true}")
    public void on(ConsumerRecord<String, SpecificRecord> record) {
        if (record.value() instanceof UserRegistered registered) {
            processed.applyOnce(CONSUMER, registered.getMetadata().getEventId().toString(),
                    () -> registrations.registered(UUID.fromString(registered.getUserId()), registered.getEmail(),
                            registered.getDisplayName(), registered.getMetadata().getOccurredAt()));
        } else if (record.value() instanceof UserSuspended suspended) {
            processed.applyOnce(CONSUMER, suspended.getMetadata().getEventId().toString(),
                    () -> registrations.suspended(UUID.fromString(suspended.getUserId()), true));
        } else if (record.value() instanceof UserReinstated reinstated) {
            processed.applyOnce(CONSUMER, reinstated.getMetadata().getEventId().toString(),
                    () -> registrations.suspended(UUID.fromString(reinstated.getUserId()), false));
        }
    }
}

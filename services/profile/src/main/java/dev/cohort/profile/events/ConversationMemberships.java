package dev.cohort.profile.events;

import dev.cohort.events.Topics;
import dev.cohort.events.chat.MemberAdded;
import dev.cohort.events.chat.MemberRemoved;
import dev.cohort.events.config.CohortEventsAutoConfiguration;
import dev.cohort.events.consumer.ProcessedEvents;
import dev.cohort.profile.app.Classmates;
import dev.cohort.profile.domain.ContextKind;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;

/**
 * Chat's members: people in one conversation (channel, direct or group conversation) are classmates. Chat
 * publishes members on its one topic with the messages, so this consumer reads every message event and skips
 * all but MemberAdded and MemberRemoved (chat has no member-only topic). Applied once per event id; the events
 * of one conversation arrive in order (keyed by conversation).
 */
public class ConversationMemberships {

    public static final String TOPIC = Topics.CHAT_MESSAGES;
    /** Name under which applied events are recorded in {@code processed_events}. */
    public static final String CONSUMER = "profile-conversations";

    private final ProcessedEvents processed;
    private final Classmates classmates;

    public ConversationMemberships(ProcessedEvents processed, Classmates classmates) {
        this.processed = processed;
        this.classmates = classmates;
    }

    @KafkaListener(topics = TOPIC, containerFactory = CohortEventsAutoConfiguration.LISTENER_FACTORY,
            autoStartup = "${cohort.profile.consumers-enabled:true}")
    public void on(ConsumerRecord<String, SpecificRecord> record) {
        if (record.value() instanceof MemberAdded added) {
            processed.applyOnce(CONSUMER, added.getMetadata().getEventId().toString(), () -> classmates.joined(
                    ContextKind.CONVERSATION, UUID.fromString(added.getConversationId()),
                    UUID.fromString(added.getUserId())));
        } else if (record.value() instanceof MemberRemoved removed) {
            processed.applyOnce(CONSUMER, removed.getMetadata().getEventId().toString(), () -> classmates.left(
                    ContextKind.CONVERSATION, UUID.fromString(removed.getConversationId()),
                    UUID.fromString(removed.getUserId())));
        }
    }
}

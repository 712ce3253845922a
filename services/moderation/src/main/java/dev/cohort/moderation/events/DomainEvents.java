package dev.cohort.moderation.events;

import dev.cohort.events.chat.MemberAdded;
import dev.cohort.events.chat.MemberRemoved;
import dev.cohort.events.chat.MessageDeleted;
import dev.cohort.events.chat.MessagePosted;
import dev.cohort.events.config.CohortEventsAutoConfiguration;
import dev.cohort.events.consumer.ProcessedEvents;
import dev.cohort.events.identity.UserRegistered;
import dev.cohort.moderation.app.Auditing;
import dev.cohort.moderation.app.EventAudit;
import dev.cohort.moderation.store.ChatFacts;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;

/**
 * Every event of every domain topic, each applied once: recorded in the audit log, and, for chat's members and
 * messages and identity's registrations, kept as the facts reports are checked against. One listener for all
 * topics, so that moderation's one consumer group reads every partition of each (two listeners of one group on one
 * topic would share its partitions out between them).
 */
public class DomainEvents {

    public static final String CONSUMER = "moderation-events";

    private final ProcessedEvents processed;
    private final Auditing auditing;
    private final ChatFacts chat;

    public DomainEvents(ProcessedEvents processed, Auditing auditing, ChatFacts chat) {
        this.processed = processed;
        this.auditing = auditing;
        this.chat = chat;
    }

    @KafkaListener(topics = "#{T(dev.cohort.moderation.events.AuditedTopics).all()}",
            containerFactory = CohortEventsAutoConfiguration.LISTENER_FACTORY,
            autoStartup = "${cohort.moderation.consumers-enabled:true}")
    public void on(ConsumerRecord<String, SpecificRecord> record) {
        SpecificRecord event = record.value();
        if (event == null) {
            return;
        }
        EventAudit.of(event).ifPresent(entry -> processed.applyOnce(CONSUMER, entry.eventId().toString(), () -> {
            auditing.record(entry);
            applyFacts(event);
        }));
    }

    private void applyFacts(SpecificRecord event) {
        // Java 17: no patterns in switch yet.
        if (event instanceof MemberAdded added) {
            chat.memberAdded(id(added.getConversationId()), id(added.getUserId()), added.getRole().name());
        } else if (event instanceof MemberRemoved removed) {
            chat.memberRemoved(id(removed.getConversationId()), id(removed.getUserId()));
        } else if (event instanceof MessagePosted posted) {
            chat.messagePosted(id(posted.getMessageId()), id(posted.getConversationId()), posted.getSequence(),
                    id(posted.getAuthorUserId()));
        } else if (event instanceof MessageDeleted deleted) {
            chat.messageDeleted(id(deleted.getMessageId()));
        } else if (event instanceof UserRegistered registered) {
            chat.userRegistered(id(registered.getUserId()));
        }
    }

    private static UUID id(CharSequence value) {
        return UUID.fromString(value.toString());
    }
}

package dev.cohort.search.events;

import dev.cohort.events.Topics;
import dev.cohort.events.chat.MemberAdded;
import dev.cohort.events.chat.MemberRemoved;
import dev.cohort.events.chat.MessageDeleted;
import dev.cohort.events.chat.MessageEdited;
import dev.cohort.events.chat.MessagePosted;
import dev.cohort.events.common.EventMetadata;
import dev.cohort.events.config.CohortEventsAutoConfiguration;
import dev.cohort.events.consumer.ProcessedEvents;
import dev.cohort.search.app.IndexLag;
import dev.cohort.search.domain.Kind;
import dev.cohort.search.store.IndexWrites;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;

/**
 * Chat's one topic: messages posted, edited and deleted enter, change and leave the index; members added and
 * removed decide who finds them. Members and messages of one conversation share the key, so a message never
 * arrives before the membership that lets its members find it, and a member's removal before later messages.
 * Each event is applied once (by event id); the index lag is recorded for the message events, except imported
 * messages, whose occurrence is their original time.
 */
public class ChatMessages {

    public static final String TOPIC = Topics.CHAT_MESSAGES;
    /** Name under which applied events are recorded in {@code processed_events}. */
    public static final String CONSUMER = "search-chat";
    static final String CONVERSATION = "CONVERSATION";

    private final ProcessedEvents processed;
    private final IndexWrites index;
    private final IndexLag lag;
    private final String language;

    /** @param language the text search configuration of messages */
    public ChatMessages(ProcessedEvents processed, IndexWrites index, IndexLag lag, String language) {
        this.processed = processed;
        this.index = index;
        this.lag = lag;
        this.language = language;
    }

    @KafkaListener(topics = TOPIC, containerFactory = CohortEventsAutoConfiguration.LISTENER_FACTORY,
            autoStartup = "${cohort.search.consumers-enabled:true}")
    public void on(ConsumerRecord<String, SpecificRecord> record) {
        SpecificRecord event = record.value();
        if (event instanceof MemberAdded added) {
            processed.applyOnce(CONSUMER, added.getMetadata().getEventId().toString(),
                    () -> index.joined(CONVERSATION, UUID.fromString(added.getConversationId()),
                            UUID.fromString(added.getUserId())));
        } else if (event instanceof MemberRemoved removed) {
            processed.applyOnce(CONSUMER, removed.getMetadata().getEventId().toString(),
                    () -> index.left(CONVERSATION, UUID.fromString(removed.getConversationId()),
                            UUID.fromString(removed.getUserId())));
        } else {
            EventMetadata metadata = metadataOfDocumentEvent(event);
            if (metadata != null && processed.applyOnce(CONSUMER, metadata.getEventId().toString(),
                    () -> document(event, index)) && !importedHistory(event)) {
                lag.searchable(Kind.MESSAGE, metadata.getOccurredAt());
            }
        }
        // Reactions, and whatever chat adds later, change nothing that is found.
    }

    /**
     * Applies a message event (posted, edited, deleted) to the documents {@code target} writes; other events change
     * no document (members are not documents). Used live and by Reindex.
     */
    public void document(SpecificRecord event, IndexWrites target) {
        if (event instanceof MessagePosted posted) {
            target.messagePosted(UUID.fromString(posted.getMessageId()), language,
                    UUID.fromString(posted.getConversationId()), posted.getSequence(),
                    UUID.fromString(posted.getAuthorUserId()), posted.getText(), posted.getMetadata().getOccurredAt());
        } else if (event instanceof MessageEdited edited) {
            target.messageEdited(UUID.fromString(edited.getMessageId()), edited.getText(),
                    edited.getMetadata().getOccurredAt());
        } else if (event instanceof MessageDeleted deleted) {
            target.messageDeleted(UUID.fromString(deleted.getMessageId()));
        }
    }

    /**
     * An imported message (ADR 59) occurred at its original time, long before chat published it: its age is not
     * lag, so it is indexed like any other but not measured.
     */
    private static boolean importedHistory(SpecificRecord event) {
        return event instanceof MessagePosted posted && posted.getImported();
    }

    private static EventMetadata metadataOfDocumentEvent(SpecificRecord event) {
        if (event instanceof MessagePosted posted) {
            return posted.getMetadata();
        } else if (event instanceof MessageEdited edited) {
            return edited.getMetadata();
        } else if (event instanceof MessageDeleted deleted) {
            return deleted.getMetadata();
        }
        return null;
    }
}

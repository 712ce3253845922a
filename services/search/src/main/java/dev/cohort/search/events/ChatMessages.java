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
import dev.cohort.search.app.TextLanguages;
import dev.cohort.search.domain.Kind;
import dev.cohort.search.store.IndexWrites;
import dev.cohort.search.store.PostedMessage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Chat's one topic: messages posted, edited and deleted enter, change and leave the index; members added and
 * removed decide who finds them. Members and messages of one conversation share the key, so a message never
 * arrives before the membership that lets its members find it, and a member's removal before later messages.
 * Each event is applied once (by event id), a poll's worth in one transaction, consecutive posts in one statement
 * each; the index lag is recorded for the message events, except imported messages, whose occurrence is their
 * original time. Each message is indexed with the configuration of its own language ({@link TextLanguages}).
 */
public class ChatMessages {

    public static final String TOPIC = Topics.CHAT_MESSAGES;
    /** Name under which applied events are recorded in {@code processed_events}. */
    public static final String CONSUMER = "search-chat";
    static final String CONVERSATION = "CONVERSATION";

    private final ProcessedEvents processed;
    private final IndexWrites index;
    private final IndexLag lag;
    private final TextLanguages languages;
    private final TransactionTemplate transactions;

    /** @param languages which text search configuration each message is indexed with (its language's) */
    public ChatMessages(ProcessedEvents processed, IndexWrites index, IndexLag lag, TextLanguages languages,
                        TransactionTemplate transactions) {
        this.processed = processed;
        this.transactions = transactions;
        this.index = index;
        this.lag = lag;
        this.languages = languages;
    }

    /**
     * A poll's records in one transaction (one commit instead of one per record: ADR 0065), each still applied once
     * by its event id; the lag is recorded after the commit. When the batch fails, its records are applied again one
     * per transaction, so those before the failing one are kept and the error handler retries (and at last
     * dead-letters) that one alone. A record that could not be decoded goes to the error handler as it is.
     */
    @KafkaListener(topics = TOPIC, containerFactory = CohortEventsAutoConfiguration.LISTENER_FACTORY, batch = "true",
            autoStartup = "${cohort.search.consumers-enabled:true}")
    public void on(List<ConsumerRecord<String, SpecificRecord>> records) {
        List<Instant> searchable = new ArrayList<>();
        try {
            transactions.executeWithoutResult(status -> applyAll(records, searchable));
        } catch (RuntimeException batchFailed) {
            searchable.clear();
            for (int i = 0; i < records.size(); i++) {
                int index = i;
                List<Instant> one = new ArrayList<>();
                try {
                    transactions.executeWithoutResult(status -> apply(records, index, one));
                } catch (RuntimeException failed) {
                    throw new BatchListenerFailedException("could not apply " + records.get(index).topic() + "-"
                            + records.get(index).partition() + "@" + records.get(index).offset(), failed, index);
                }
                one.forEach(at -> lag.searchable(Kind.MESSAGE, at));
            }
            return;
        }
        searchable.forEach(at -> lag.searchable(Kind.MESSAGE, at));
    }

    /**
     * Applies the records in order; each run of consecutive posts (of distinct messages) is indexed in one statement
     * ({@link #postAll}), the other events one by one.
     */
    private void applyAll(List<ConsumerRecord<String, SpecificRecord>> records, List<Instant> searchable) {
        List<MessagePosted> posts = new ArrayList<>();
        Set<String> postedIds = new HashSet<>();
        for (int i = 0; i < records.size(); i++) {
            SpecificRecord event = records.get(i).value();
            if (event instanceof MessagePosted posted && postedIds.add(posted.getMessageId())) {
                posts.add(posted);
                continue;
            }
            postAll(posts, searchable);
            posts.clear();
            postedIds.clear();
            if (event instanceof MessagePosted posted) {
                // The same message again: it starts the next run.
                posts.add(posted);
                postedIds.add(posted.getMessageId());
            } else {
                apply(records, i, searchable);
            }
        }
        postAll(posts, searchable);
    }

    /**
     * Indexes the posts not applied before (by event id), the event ids recorded and the documents written in one
     * statement each (ADR 0072): a poll's round trips no longer grow with its size.
     */
    private void postAll(List<MessagePosted> posts, List<Instant> searchable) {
        if (posts.isEmpty()) {
            return;
        }
        Set<UUID> first = processed.recordFirstApplications(CONSUMER,
                posts.stream().map(posted -> UUID.fromString(posted.getMetadata().getEventId().toString())).toList());
        List<PostedMessage> fresh = new ArrayList<>();
        for (MessagePosted posted : posts) {
            if (first.contains(UUID.fromString(posted.getMetadata().getEventId().toString()))) {
                fresh.add(postedMessage(posted));
                if (!importedHistory(posted)) {
                    searchable.add(posted.getMetadata().getOccurredAt());
                }
            }
        }
        index.messagesPosted(fresh);
    }

    private PostedMessage postedMessage(MessagePosted posted) {
        return new PostedMessage(UUID.fromString(posted.getMessageId()), languages.of(posted.getText()),
                UUID.fromString(posted.getConversationId()), posted.getSequence(),
                UUID.fromString(posted.getAuthorUserId()), posted.getText(), posted.getMetadata().getOccurredAt());
    }

    /** Applies record {@code index}; adds the occurrence of a document change it applied to {@code searchable}. */
    private void apply(List<ConsumerRecord<String, SpecificRecord>> records, int index, List<Instant> searchable) {
        SpecificRecord event = records.get(index).value();
        if (event == null) {
            // Undecodable (the deserializer left the reason in a header): the error handler dead-letters it.
            throw new BatchListenerFailedException("undecodable record", index);
        }
        if (event instanceof MemberAdded added) {
            processed.applyOnce(CONSUMER, added.getMetadata().getEventId().toString(),
                    () -> joined(added));
        } else if (event instanceof MemberRemoved removed) {
            processed.applyOnce(CONSUMER, removed.getMetadata().getEventId().toString(),
                    () -> this.index.left(CONVERSATION, UUID.fromString(removed.getConversationId()),
                            UUID.fromString(removed.getUserId())));
        } else {
            EventMetadata metadata = metadataOfDocumentEvent(event);
            if (metadata != null && processed.applyOnce(CONSUMER, metadata.getEventId().toString(),
                    () -> document(event, this.index)) && !importedHistory(event)) {
                searchable.add(metadata.getOccurredAt());
            }
        }
        // Reactions, and whatever chat adds later, change nothing that is found.
    }

    private void joined(MemberAdded added) {
        index.joined(CONVERSATION, UUID.fromString(added.getConversationId()), UUID.fromString(added.getUserId()));
    }

    /**
     * Applies a message event (posted, edited, deleted) to the documents {@code target} writes; other events change
     * no document (members are not documents). Used live and by Reindex.
     */
    public void document(SpecificRecord event, IndexWrites target) {
        if (event instanceof MessagePosted posted) {
            target.messagePosted(postedMessage(posted));
        } else if (event instanceof MessageEdited edited) {
            target.messageEdited(UUID.fromString(edited.getMessageId()), languages.of(edited.getText()),
                    edited.getText(),
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

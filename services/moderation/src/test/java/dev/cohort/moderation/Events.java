package dev.cohort.moderation;

import dev.cohort.events.Topics;
import dev.cohort.events.chat.ConversationKind;
import dev.cohort.events.chat.MemberAdded;
import dev.cohort.events.chat.MemberRole;
import dev.cohort.events.chat.MessagePosted;
import dev.cohort.events.common.EventMetadata;
import dev.cohort.events.identity.UserRegistered;
import java.util.List;
import dev.cohort.eventtestkit.TestEvents;
import java.time.Instant;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;

/** Events as their producers publish them: real Avro through the test registry and the in-JVM broker. */
final class Events {

    private Events() {
    }

    static void publish(String topic, String key, SpecificRecord event) {
        try {
            TestEvents.publish(topic, key, event);
        } catch (Exception failed) {
            throw new IllegalStateException("could not publish to " + topic, failed);
        }
    }

    static EventMetadata metadata(Object aggregate, String producer) {
        return EventMetadata.newBuilder().setEventId(UUID.randomUUID()).setOccurredAt(Instant.now())
                .setAggregateId(aggregate.toString()).setProducer(producer).setTraceparent(null).build();
    }

    static void registered(UUID user) {
        publish(Topics.IDENTITY_USERS, user.toString(), UserRegistered.newBuilder()
                .setMetadata(metadata(user, "identity")).setUserId(user.toString())
                .setEmail(user + "@example.test").setDisplayName("Person " + user.toString().substring(0, 8))
                .setRoles(List.of("STUDENT")).build());
    }

    static void joined(UUID conversation, UUID user, MemberRole role) {
        publish(Topics.CHAT_MESSAGES, conversation.toString(), MemberAdded.newBuilder()
                .setMetadata(metadata(conversation, "chat")).setConversationId(conversation.toString())
                .setUserId(user.toString()).setRole(role).setAddedBy(null).build());
    }

    /** Publishes a message by {@code author}; returns its id. */
    static UUID posted(UUID conversation, UUID author, long sequence, String text) {
        UUID message = UUID.randomUUID();
        publish(Topics.CHAT_MESSAGES, conversation.toString(), MessagePosted.newBuilder()
                .setMetadata(metadata(conversation, "chat")).setConversationId(conversation.toString())
                .setConversationKind(ConversationKind.CHANNEL).setMessageId(message.toString()).setSequence(sequence)
                .setAuthorUserId(author.toString()).setText(text).setMentions(List.of())
                .setThreadRootMessageId(null).setMentionsEveryone(false).build());
        return message;
    }
}

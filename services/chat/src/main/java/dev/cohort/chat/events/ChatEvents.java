package dev.cohort.chat.events;

import dev.cohort.chat.domain.MemberRole;
import dev.cohort.chat.store.ConversationRow;
import dev.cohort.chat.store.MessageRow;
import dev.cohort.events.Topics;
import dev.cohort.events.chat.ConversationKind;
import dev.cohort.events.chat.MemberAdded;
import dev.cohort.events.chat.MemberRemoved;
import dev.cohort.events.chat.MentionedUser;
import dev.cohort.events.chat.MessageDeleted;
import dev.cohort.events.chat.MessageEdited;
import dev.cohort.events.chat.MessagePosted;
import dev.cohort.events.chat.ReactionAdded;
import dev.cohort.events.chat.ReactionRemoved;
import dev.cohort.events.outbox.EventEnvelope;
import dev.cohort.events.outbox.Outbox;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * What chat tells the other services, on topic {@value #TOPIC} keyed by conversation id. Every method must run
 * inside the transaction that made the change (the events are outbox rows of it), with the conversation's or
 * message's row locked, so the events of one conversation are published in commit order.
 */
public class ChatEvents {

    public static final String TOPIC = Topics.CHAT_MESSAGES;

    private final Outbox outbox;
    private final EventEnvelope envelope;

    public ChatEvents(Outbox outbox, EventEnvelope envelope) {
        this.outbox = outbox;
        this.envelope = envelope;
    }

    /** A message posted in a conversation. */
    public record Posted(ConversationRow conversation, MessageRow message, boolean mentionsEveryone) {
    }

    /** The messages of one batch, in sequence order per conversation, as one batched insert. */
    public void posted(List<Posted> posted) {
        List<MessagePosted> events = new ArrayList<>(posted.size());
        for (Posted p : posted) {
            MessageRow message = p.message();
            var metadata = envelope.forAggregate(message.conversationId().toString());
            if (message.imported()) {
                // An imported message was posted at its original time (ADR 59): consumers index it there.
                metadata = dev.cohort.events.common.EventMetadata.newBuilder(metadata)
                        .setOccurredAt(message.createdAt()).build();
            }
            events.add(MessagePosted.newBuilder()
                    .setMetadata(metadata)
                    .setConversationId(message.conversationId().toString())
                    .setConversationKind(ConversationKind.valueOf(p.conversation().kind().name()))
                    .setMessageId(message.id().toString())
                    .setSequence(message.sequence())
                    .setAuthorUserId(message.authorId().toString())
                    .setText(message.text())
                    .setMentions(message.mentions().stream().map(m -> MentionedUser.newBuilder()
                            .setUserId(m.userId().toString()).setStart(m.start()).setLength(m.length()).build())
                            .toList())
                    .setThreadRootMessageId(idOrNull(message.threadRootId()))
                    .setMentionsEveryone(p.mentionsEveryone())
                    .setImported(message.imported())
                    .build());
        }
        outbox.appendAll(TOPIC, events);
    }

    public void edited(MessageRow message, UUID editor) {
        outbox.append(TOPIC, MessageEdited.newBuilder()
                .setMetadata(envelope.forAggregate(message.conversationId().toString()))
                .setConversationId(message.conversationId().toString())
                .setMessageId(message.id().toString())
                .setSequence(message.sequence())
                .setEditorUserId(editor.toString())
                .setText(message.text())
                .build());
    }

    public void deleted(MessageRow message, UUID by) {
        outbox.append(TOPIC, MessageDeleted.newBuilder()
                .setMetadata(envelope.forAggregate(message.conversationId().toString()))
                .setConversationId(message.conversationId().toString())
                .setMessageId(message.id().toString())
                .setSequence(message.sequence())
                .setDeletedBy(by.toString())
                .build());
    }

    public void reactionAdded(UUID conversationId, UUID messageId, UUID userId, String emoji) {
        outbox.append(TOPIC, ReactionAdded.newBuilder()
                .setMetadata(envelope.forAggregate(conversationId.toString()))
                .setConversationId(conversationId.toString())
                .setMessageId(messageId.toString())
                .setUserId(userId.toString())
                .setEmoji(emoji)
                .build());
    }

    public void reactionRemoved(UUID conversationId, UUID messageId, UUID userId, String emoji) {
        outbox.append(TOPIC, ReactionRemoved.newBuilder()
                .setMetadata(envelope.forAggregate(conversationId.toString()))
                .setConversationId(conversationId.toString())
                .setMessageId(messageId.toString())
                .setUserId(userId.toString())
                .setEmoji(emoji)
                .build());
    }

    /** {@code userId} became a member; {@code by} is null when the platform did it (group membership). */
    public void memberAdded(UUID conversationId, UUID userId, MemberRole role, UUID by) {
        outbox.append(TOPIC, MemberAdded.newBuilder()
                .setMetadata(envelope.forAggregate(conversationId.toString()))
                .setConversationId(conversationId.toString())
                .setUserId(userId.toString())
                .setRole(dev.cohort.events.chat.MemberRole.valueOf(role.name()))
                .setAddedBy(idOrNull(by))
                .build());
    }

    /** {@code userId} stopped being a member; {@code by} is null when the platform did it. */
    public void memberRemoved(UUID conversationId, UUID userId, UUID by) {
        outbox.append(TOPIC, MemberRemoved.newBuilder()
                .setMetadata(envelope.forAggregate(conversationId.toString()))
                .setConversationId(conversationId.toString())
                .setUserId(userId.toString())
                .setRemovedBy(idOrNull(by))
                .build());
    }

    private static String idOrNull(UUID id) {
        return id == null ? null : id.toString();
    }
}

package dev.cohort.chat.app;

import dev.cohort.chat.domain.Actor;
import dev.cohort.chat.store.ConversationStore;
import dev.cohort.chat.store.MessageStore;
import java.util.UUID;

/** Read markers: per member, only ever moving forward, never past the newest message. */
public class ReadMarkers {

    private final ConversationStore conversations;
    private final MessageStore messages;
    private final ConversationAccess access;
    private final LiveFeed live;

    public ReadMarkers(ConversationStore conversations, MessageStore messages, ConversationAccess access,
                       LiveFeed live) {
        this.conversations = conversations;
        this.messages = messages;
        this.access = access;
        this.live = live;
    }

    /** Moves {@code actor}'s marker to {@code sequence} (if that is forward) and tells the conversation. */
    public ReadState markRead(Actor actor, UUID conversationId, long sequence) {
        access.requireMember(actor, conversationId);
        long marker = conversations.moveReadMarker(conversationId, actor.userId(), sequence)
                .orElseThrow(() -> ConversationAccess.notFound(conversationId));
        live.publish(new LiveChange.ReadMarkerMoved(conversationId, actor.userId(), marker));
        return new ReadState(marker, messages.unread(conversationId, actor.userId(), marker));
    }
}

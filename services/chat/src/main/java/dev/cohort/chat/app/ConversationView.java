package dev.cohort.chat.app;

import dev.cohort.chat.domain.ConversationKind;
import dev.cohort.chat.store.ConversationRow;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A conversation as one reader sees it: what it is, its number of members and the first few of them (a preview;
 * the list itself is paged), its newest message (null if none), the reader's read marker and unread count (0 for
 * readers who are not members).
 *
 * @param sectionId the course section of a channel attached to one; null otherwise
 * @param groupId   the study group of a group conversation; null otherwise
 */
public record ConversationView(UUID id, ConversationKind kind, String name, String topic, boolean privateChannel,
                               boolean archived, UUID sectionId, UUID groupId, long lastSequence, Instant createdAt,
                               int memberCount, List<MemberView> memberPreview, MessageView lastMessage,
                               long lastReadSequence, long unreadCount) {

    public ConversationView {
        memberPreview = List.copyOf(memberPreview);
    }

    static ConversationView of(ConversationRow conversation, int memberCount, List<MemberView> memberPreview,
                               MessageView lastMessage, long lastReadSequence, long unreadCount) {
        return new ConversationView(conversation.id(), conversation.kind(), conversation.name(),
                conversation.topic(), conversation.privateChannel(), conversation.archived(),
                conversation.sectionId(), conversation.groupId(), conversation.lastSequence(),
                conversation.createdAt(), memberCount, memberPreview, lastMessage, lastReadSequence, unreadCount);
    }
}
